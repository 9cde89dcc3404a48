// CRUD round trips for every repository on both backends, plus optimistic concurrency,
// uniqueness and referential integrity.
#include <gtest/gtest.h>

#include "kerf/model/model.h"
#include "kerf/store/store.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using namespace kerf::model;  // NOLINT
using testing::StoreTest;

TimePoint at(int64_t seconds) { return TimePoint(Micros(seconds * 1'000'000)); }
constexpr int64_t kDay = 86400;
const TimePoint kBase = at(1'795'000'000);  // 2026-11-17

// Seeds one of everything and returns the ids.
struct Seed {
  Customer customer;
  Part part;
  Part component;
  Job job;
  ShiftCalendar calendar;
  WorkCenter laser;
  WorkCenter brake;
  Operation op;
  HeatLot heat;
  SheetStock sheet;
  User user;
};

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

Seed seed(Tx& tx) {
  Seed s;
  s.customer = must(insert_customer(tx, {0, 0, "ACME", "Acme Kitchens", true}));
  s.part = must(insert_part(tx, {0, 0, "KT-1800-700", "A", "Prep table top",
                                 Material::kStainless304, false, 1.5, 1800, 700, 14.8}));
  s.component = must(insert_part(
      tx, {0, 0, "KT-LEG", "B", "Leg", Material::kStainless304, false, 2.0, 900, 60, 1.1}));
  Job job;
  job.number = "J-24017";
  job.part_id = s.part.id;
  job.customer_id = s.customer.id;
  job.quantity = 20;
  job.due = kBase + std::chrono::hours(24 * 7);
  job.priority = 2;
  s.job = must(insert_job(tx, job));

  ShiftCalendar cal;
  cal.name = "Two shifts";
  for (int d = 0; d < 5; ++d) {
    cal.week[d] = {Shift{"early", 360, 840, {ShiftBreak{600, 630}}}, Shift{"late", 840, 1320, {}}};
  }
  cal.holidays = {std::chrono::sys_days(std::chrono::year(2026) / 12 / 25)};
  cal.overtime = {OvertimeWindow{at(1'795'300'000), at(1'795'300'000 + 4 * 3600), "rush"}};
  s.calendar = must(insert_calendar(tx, cal));

  WorkCenter laser;
  laser.code = "LAS-12K";
  laser.name = "Fiber laser 12 kW";
  laser.department = Department::kLaser;
  laser.capabilities.processes = {Process::kLaserCut};
  laser.capabilities.materials = {Material::kStainless304, Material::kMildSteel};
  laser.capabilities.max_thickness_mm = 25;
  laser.capabilities.max_sheet_length_mm = 4000;
  laser.capabilities.max_sheet_width_mm = 2000;
  laser.efficiency = 0.95;
  laser.cost_rate_cents_per_hour = 18000;
  laser.calendar_id = s.calendar.id;
  s.laser = must(insert_work_center(tx, laser));
  WorkCenter brake;
  brake.code = "PB-220";
  brake.name = "Press brake 220 t";
  brake.department = Department::kForming;
  brake.capabilities.processes = {Process::kBend};
  brake.capabilities.tonnage = 220;
  s.brake = must(insert_work_center(tx, brake));

  Operation op;
  op.job_id = s.job.id;
  op.sequence = 10;
  op.name = "Laser cut";
  op.department = Department::kLaser;
  op.process = Process::kLaserCut;
  op.eligible_work_center_ids = {s.laser.id, s.brake.id};
  op.setup_seconds = 600;
  op.run_seconds_per_piece = 90;
  op.transfer_seconds = 1800;
  op.setup_family = "304-1.5";
  s.op = must(insert_operation(tx, op));

  s.heat = must(insert_heat_lot(
      tx, {0, 0, "H-8841207", Material::kStainless304, "MTC-2026-04417", "Outokumpu", kBase}));
  SheetStock sheet;
  sheet.material = Material::kStainless304;
  sheet.thickness_mm = 1.5;
  sheet.length_mm = 3000;
  sheet.width_mm = 1500;
  sheet.quantity = 12;
  sheet.location = "RACK-A3";
  sheet.heat_lot_id = s.heat.id;
  s.sheet = must(insert_sheet(tx, sheet));

  User user;
  user.username = "mia.weld";
  user.display_name = "Mia Weld";
  user.roles = {Role::kOperator, Role::kLead};
  s.user = must(insert_user(tx, user));
  return s;
}

// Generic round trip: get == inserted; update bumps the version; a stale update conflicts with
// the documented message; delete removes; a second delete is not found.
template <typename T, typename Get, typename Update, typename Delete, typename Mutate>
void round_trip(Database& db, const T& inserted, Get get, Update update, Delete remove,
                Mutate mutate, const std::string& entity) {
  SCOPED_TRACE(entity);
  auto got = db.read([&](Tx& tx) { return get(tx, inserted.id); });
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(*got, inserted);
  EXPECT_EQ(got->version, 1);

  T changed = *got;
  mutate(changed);
  auto updated = db.transact([&](Tx& tx) { return update(tx, changed); });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(updated->version, 2);
  auto reread = db.read([&](Tx& tx) { return get(tx, inserted.id); });
  ASSERT_TRUE(reread.ok());
  EXPECT_EQ(*reread, *updated);
  EXPECT_FALSE(*reread == inserted);

  auto stale = db.transact([&](Tx& tx) { return update(tx, changed); });  // still version 1
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_EQ(stale.error().message, entity + " " + std::to_string(inserted.id) +
                                       " was changed by someone else (version 2, you sent 1)");

  Status bad_delete = db.transact([&](Tx& tx) { return remove(tx, inserted.id, 1); });
  EXPECT_EQ(bad_delete.error().code, ErrorCode::kConflict);
  Status deleted = db.transact([&](Tx& tx) { return remove(tx, inserted.id, 2); });
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  auto gone = db.read([&](Tx& tx) { return get(tx, inserted.id); });
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(gone.error().message, entity + " " + std::to_string(inserted.id) + " not found");
  T missing = *updated;
  missing.id = inserted.id;
  auto upd_missing = db.transact([&](Tx& tx) { return update(tx, missing); });
  EXPECT_EQ(upd_missing.error().code, ErrorCode::kNotFound);
}

class RepositoryTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto s = db().transact([&](Tx& tx) -> Status {
      seed_ = seed(tx);
      return ok_status();
    });
    ASSERT_TRUE(s.ok()) << s.error().message;
  }
  Seed seed_;
};

TEST_P(RepositoryTest, LeafEntitiesRoundTrip) {
  auto plant = db().transact([](Tx& tx) {
    return insert_plant(tx, {0, 0, "Main plant", "Europe/Berlin", 60});
  });
  ASSERT_TRUE(plant.ok()) << plant.error().message;
  round_trip(
      db(), *plant, get_plant, update_plant, delete_plant,
      [](Plant& p) { p.utc_offset_minutes = 120; }, "plant");

  auto dept = db().transact([](Tx& tx) {
    return insert_department(tx, {0, 0, Department::kWelding, "WLD", "Welding"});
  });
  ASSERT_TRUE(dept.ok()) << dept.error().message;
  round_trip(
      db(), *dept, get_department, update_department, delete_department,
      [](DepartmentRecord& d) { d.name = "Welding & fitting"; }, "department");

  auto tool = db().transact([](Tx& tx) {
    return insert_tool(tx, {0, 0, "RO-10.0", ToolKind::kPunch, "Round 10", 500000, 1200});
  });
  ASSERT_TRUE(tool.ok()) << tool.error().message;
  round_trip(
      db(), *tool, get_tool, update_tool, delete_tool, [](Tool& t) { t.hits_used = 250000; },
      "tool");

  auto ss = db().transact([](Tx& tx) {
    return insert_safety_stock(tx, {0, 0, Material::kMildSteel, 3.0, 40});
  });
  ASSERT_TRUE(ss.ok()) << ss.error().message;
  round_trip(
      db(), *ss, get_safety_stock, update_safety_stock, delete_safety_stock,
      [](SafetyStock& s) { s.minimum_qty = 55; }, "safety stock");

  auto bom = db().transact([&](Tx& tx) {
    return insert_bom_line(tx, {0, 0, seed_.part.id, seed_.component.id, 4});
  });
  ASSERT_TRUE(bom.ok()) << bom.error().message;
  round_trip(
      db(), *bom, get_bom_line, update_bom_line, delete_bom_line,
      [](BomLine& b) { b.quantity_per = 6; }, "bom line");

  auto cert = db().transact([&](Tx& tx) {
    return insert_certification(tx, {0, 0, seed_.user.id, "WPS-304-TIG-01", kBase});
  });
  ASSERT_TRUE(cert.ok()) << cert.error().message;
  round_trip(
      db(), *cert, get_certification, update_certification, delete_certification,
      [](Certification& c) { c.expires += std::chrono::hours(24 * 365); }, "certification");

  auto slot = db().transact([&](Tx& tx) {
    return insert_schedule_slot(
        tx, {0, 0, seed_.op.id, seed_.laser.id, kBase, kBase + std::chrono::hours(2), true, false});
  });
  ASSERT_TRUE(slot.ok()) << slot.error().message;
  round_trip(
      db(), *slot, get_schedule_slot, update_schedule_slot, delete_schedule_slot,
      [&](ScheduleSlot& s) {
        s.work_center_id = seed_.brake.id;
        s.locked = true;
      },
      "schedule slot");
}

TEST_P(RepositoryTest, ScheduleSlotsAreDeletedAsASet) {
  // 700 slots: more than one statement's chunk (512), and a remainder that is padded.
  std::vector<int64_t> ids;
  Status seeded = db().transact([&](Tx& tx) -> Status {
    for (int k = 0; k < 700; ++k) {
      const auto start = kBase + std::chrono::minutes(10 * k);
      auto slot = insert_schedule_slot(tx, {0, 0, seed_.op.id, seed_.laser.id, start,
                                            start + std::chrono::minutes(5), false, false});
      if (!slot.ok()) return slot.error();
      ids.push_back(slot->id);
    }
    return ok_status();
  });
  ASSERT_TRUE(seeded.ok()) << seeded.error().message;
  // Every slot but the first 5 and the last one; ids that do not exist are skipped.
  std::vector<int64_t> doomed(ids.begin() + 5, ids.end() - 1);
  doomed.push_back(ids.back() + 1000);
  auto deleted = db().transact([&](Tx& tx) { return delete_schedule_slots(tx, doomed); });
  ASSERT_TRUE(deleted.ok()) << deleted.error().message;
  EXPECT_EQ(*deleted, 694);
  auto nothing = db().transact([&](Tx& tx) { return delete_schedule_slots(tx, {}); });
  ASSERT_TRUE(nothing.ok()) << nothing.error().message;
  EXPECT_EQ(*nothing, 0);
  auto left = db().read([&](Tx& tx) { return list_schedule_slots(tx, ListQuery{}); });
  ASSERT_TRUE(left.ok()) << left.error().message;
  ASSERT_EQ(left->total, 6);
  std::vector<int64_t> kept;
  for (const auto& s : left->items) kept.push_back(s.id);
  EXPECT_EQ(kept, (std::vector<int64_t>{ids[0], ids[1], ids[2], ids[3], ids[4], ids.back()}));
}

TEST_P(RepositoryTest, AggregatesRoundTrip) {
  // Seeded aggregates read back equal (children, sets, JSON columns, optionals included).
  auto cal = db().read([&](Tx& tx) { return get_calendar(tx, seed_.calendar.id); });
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(*cal, seed_.calendar);
  auto op = db().read([&](Tx& tx) { return get_operation(tx, seed_.op.id); });
  ASSERT_TRUE(op.ok()) << op.error().message;
  EXPECT_EQ(op->eligible_work_center_ids, (std::vector<int64_t>{seed_.laser.id, seed_.brake.id}));

  auto nest = db().transact([&](Tx& tx) {
    Nest n;
    n.program_name = "N-304-1.5-0042";
    n.material = Material::kStainless304;
    n.thickness_mm = 1.5;
    n.sheet_id = seed_.sheet.id;
    n.parts = {{seed_.job.id, seed_.part.id, 6}};
    return insert_nest(tx, n);
  });
  ASSERT_TRUE(nest.ok()) << nest.error().message;
  round_trip(
      db(), *nest, get_nest, update_nest, delete_nest,
      [&](Nest& n) {
        n.parts.push_back({seed_.job.id, seed_.component.id, 2});
      },
      "nest");

  auto remnant = db().transact([&](Tx& tx) {
    SheetStock r = seed_.sheet;
    r.id = 0;
    r.quantity = 1;
    r.length_mm = 1200;
    r.width_mm = 1000;
    r.is_remnant = true;
    r.parent_sheet_id = seed_.sheet.id;
    return insert_sheet(tx, r);
  });
  ASSERT_TRUE(remnant.ok()) << remnant.error().message;
  round_trip(
      db(), *remnant, get_sheet, update_sheet, delete_sheet,
      [](SheetStock& s) { s.location = "REM-07"; }, "sheet");

  round_trip(
      db(), seed_.op, get_operation, update_operation, delete_operation,
      [&](Operation& o) {
        o.status = OperationStatus::kRunning;
        o.started_at = kBase + std::chrono::minutes(5);
        o.operator_id = seed_.user.id;
        o.eligible_work_center_ids = {seed_.brake.id};
      },
      "operation");
}

TEST_P(RepositoryTest, ReferencedEntitiesRoundTrip) {
  // Fresh, unreferenced instances so that delete succeeds.
  auto fresh = db().transact([&](Tx& tx) -> Result<Seed> {
    Seed f;
    f.customer = must(insert_customer(tx, {0, 0, "BETA", "Beta Foods", false}));
    f.part = must(insert_part(
        tx, {0, 0, "BR-1", "A", "Bracket", Material::kMildSteel, false, 3, 200, 100, 0.4}));
    Job job = seed_.job;
    job.id = 0;
    job.number = "J-24018";
    f.job = must(insert_job(tx, job));
    ShiftCalendar cal = seed_.calendar;
    cal.id = 0;
    cal.name = "Night";
    f.calendar = must(insert_calendar(tx, cal));
    WorkCenter wc = seed_.brake;
    wc.id = 0;
    wc.code = "PB-100";
    f.laser = must(insert_work_center(tx, wc));
    f.heat = must(insert_heat_lot(
        tx, {0, 0, "H-1", Material::kMildSteel, "MTC-1", "Tata", kBase + std::chrono::hours(1)}));
    User u = seed_.user;
    u.id = 0;
    u.username = "ops.bot";
    f.user = must(insert_user(tx, u));
    return f;
  });
  ASSERT_TRUE(fresh.ok()) << fresh.error().message;
  round_trip(
      db(), fresh->customer, get_customer, update_customer, delete_customer,
      [](Customer& c) { c.vip = true; }, "customer");
  round_trip(
      db(), fresh->part, get_part, update_part, delete_part,
      [](Part& p) {
        p.revision = "B";
        p.weight_kg = 0.5;
      },
      "part");
  round_trip(
      db(), fresh->job, get_job, update_job, delete_job,
      [](Job& j) { ASSERT_TRUE(j.transition(JobAction::kHold).ok()); }, "job");
  round_trip(
      db(), fresh->calendar, get_calendar, update_calendar, delete_calendar,
      [](ShiftCalendar& c) {
        c.week[5] = {Shift{"saturday", 420, 720, {}}};
        c.holidays.clear();
      },
      "calendar");
  round_trip(
      db(), fresh->laser, get_work_center, update_work_center, delete_work_center,
      [](WorkCenter& w) {
        w.status = WorkCenterStatus::kMaintenance;
        w.capabilities.processes.insert(Process::kPanelBend);
        w.calendar_id = 0;
      },
      "work center");
  round_trip(
      db(), fresh->heat, get_heat_lot, update_heat_lot, delete_heat_lot,
      [](HeatLot& h) { h.supplier = "Aperam"; }, "heat lot");
  round_trip(
      db(), fresh->user, get_user, update_user, delete_user,
      [](User& u) {
        u.roles = {Role::kAdmin};
        u.active = false;
      },
      "user");
}

TEST_P(RepositoryTest, UniqueViolationsAreConflictsNamingTheField) {
  auto dup = db().transact([&](Tx& tx) {
    Customer c = seed_.customer;
    c.id = 0;
    c.name = "Another";
    return insert_customer(tx, c);
  });
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(dup.error().fields.empty());
  EXPECT_EQ(dup.error().fields[0].field, "code");

  auto dup_rev = db().transact([&](Tx& tx) {
    Part p = seed_.part;
    p.id = 0;
    return insert_part(tx, p);
  });
  ASSERT_FALSE(dup_rev.ok());
  EXPECT_EQ(dup_rev.error().code, ErrorCode::kConflict);
  ASSERT_FALSE(dup_rev.error().fields.empty());
  EXPECT_EQ(dup_rev.error().fields[0].field, "revision");

  auto dup_user = db().transact([&](Tx& tx) {
    User u = seed_.user;
    u.id = 0;
    return insert_user(tx, u);
  });
  ASSERT_FALSE(dup_user.ok());
  EXPECT_EQ(dup_user.error().code, ErrorCode::kConflict);
  EXPECT_EQ(dup_user.error().fields.at(0).field, "username");
}

TEST_P(RepositoryTest, ReferentialIntegrity) {
  // A job for a missing part, deleting a referenced customer: both refused, nothing written.
  auto orphan = db().transact([&](Tx& tx) {
    Job j = seed_.job;
    j.id = 0;
    j.number = "J-ORPHAN";
    j.part_id = 999999;
    return insert_job(tx, j);
  });
  ASSERT_FALSE(orphan.ok());
  EXPECT_EQ(orphan.error().code, ErrorCode::kFailedPrecondition) << orphan.error().message;
  Status del = db().transact([&](Tx& tx) { return delete_customer(tx, seed_.customer.id); });
  ASSERT_FALSE(del.ok());
  EXPECT_EQ(del.error().code, ErrorCode::kFailedPrecondition) << del.error().message;
  auto still = db().read([&](Tx& tx) { return get_customer(tx, seed_.customer.id); });
  EXPECT_TRUE(still.ok());
  // Deleting a job cascades to its operations and their work-center lists.
  Status del_job = db().transact([&](Tx& tx) { return delete_job(tx, seed_.job.id); });
  ASSERT_TRUE(del_job.ok()) << del_job.error().message;
  auto op = db().read([&](Tx& tx) { return get_operation(tx, seed_.op.id); });
  EXPECT_EQ(op.error().code, ErrorCode::kNotFound);
}

TEST_P(RepositoryTest, InvalidEntitiesAreRejectedBeforeSql) {
  auto bad = db().transact([&](Tx& tx) {
    Job j = seed_.job;
    j.id = 0;
    j.number = "J-BAD";
    j.quantity = 0;
    return insert_job(tx, j);
  });
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(RepositoryTest, UsersCredentialsAndOperationsForJob) {
  Status s = db().transact([&](Tx& tx) {
    return set_password_hash(tx, seed_.user.id, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
  });
  ASSERT_TRUE(s.ok()) << s.error().message;
  auto found = db().read([](Tx& tx) { return find_user_by_username(tx, "mia.weld"); });
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->user, seed_.user);  // the hash does not bump the version
  EXPECT_EQ((*found)->password_hash, "$argon2id$v=19$m=65536,t=2,p=1$abc$def");
  auto none = db().read([](Tx& tx) { return find_user_by_username(tx, "nobody"); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto ops = db().transact([&](Tx& tx) -> Result<std::vector<Operation>> {
    Operation second = seed_.op;
    second.id = 0;
    second.sequence = 5;
    second.name = "Deburr";
    if (auto r = insert_operation(tx, second); !r.ok()) return r.error();
    return list_operations_for_job(tx, seed_.job.id);
  });
  ASSERT_TRUE(ops.ok()) << ops.error().message;
  ASSERT_EQ(ops->size(), 2u);
  EXPECT_EQ((*ops)[0].sequence, 5);
  EXPECT_EQ((*ops)[1].sequence, 10);
  auto dup_seq = db().transact([&](Tx& tx) {
    Operation o = seed_.op;
    o.id = 0;
    return insert_operation(tx, o);
  });
  EXPECT_EQ(dup_seq.error().code, ErrorCode::kConflict);
}

INSTANTIATE_TEST_SUITE_P(Backends, RepositoryTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_param_name);

}  // namespace
}  // namespace kerf::store
