// Nests as Sigmanest posts them (migration 7): every column round trips on both backends, the
// parts keep their operation link, and the queries the nest service runs (by program, by job,
// by operation, the open queue per laser, cut between two instants) return what they promise.
#include <gtest/gtest.h>

#include "kerf/model/model.h"
#include "kerf/store/store.h"
#include "store/store_fixture.h"

namespace kerf::store {
namespace {

using namespace kerf::model;  // NOLINT
using testing::StoreTest;

TimePoint at(int64_t seconds) { return TimePoint(Micros(seconds * 1'000'000)); }
const TimePoint kBase = at(1'795'000'000);  // 2026-11-17

template <typename T>
T must(Result<T> r) {
  if (!r.ok()) throw std::runtime_error(r.error().message);
  return std::move(r).value();
}

struct Seed {
  Part part;
  Job job_a;
  Job job_b;
  WorkCenter laser;
  WorkCenter laser2;
  Operation op_a;
  Operation op_b;
  SheetStock sheet;
};

WorkCenter make_laser(const std::string& code) {
  WorkCenter wc;
  wc.code = code;
  wc.name = "Fiber laser " + code;
  wc.department = Department::kLaser;
  wc.capabilities.processes = {Process::kLaserCut};
  wc.capabilities.materials = {Material::kStainless304};
  wc.capabilities.max_thickness_mm = 25;
  wc.capabilities.max_sheet_length_mm = 4000;
  wc.capabilities.max_sheet_width_mm = 2000;
  wc.efficiency = 0.95;
  return wc;
}

Seed seed(Tx& tx) {
  Seed s;
  auto customer = must(insert_customer(tx, {0, 0, "ACME", "Acme Kitchens", false}));
  s.part = must(insert_part(tx, {0, 0, "KT-1800-700", "A", "Prep table top",
                                 Material::kStainless304, false, 1.5, 1800, 700, 14.8}));
  s.laser = must(insert_work_center(tx, make_laser("LAS-12K")));
  s.laser2 = must(insert_work_center(tx, make_laser("LAS-6K")));
  for (const char* number : {"J-1", "J-2"}) {
    Job job;
    job.number = number;
    job.part_id = s.part.id;
    job.customer_id = customer.id;
    job.quantity = 20;
    job.due = kBase + std::chrono::hours(24 * 7);
    job.priority = 3;
    Job saved = must(insert_job(tx, job));
    Operation op;
    op.job_id = saved.id;
    op.sequence = 10;
    op.name = "Laser cut";
    op.department = Department::kLaser;
    op.process = Process::kLaserCut;
    op.eligible_work_center_ids = {s.laser.id};
    op.run_seconds_per_piece = 60;
    Operation saved_op = must(insert_operation(tx, op));
    if (s.job_a.id == 0) {
      s.job_a = saved;
      s.op_a = saved_op;
    } else {
      s.job_b = saved;
      s.op_b = saved_op;
    }
  }
  auto heat = must(
      insert_heat_lot(tx, {0, 0, "H-1", Material::kStainless304, "MTC-1", "Outokumpu", kBase}));
  SheetStock sheet;
  sheet.material = Material::kStainless304;
  sheet.thickness_mm = 1.5;
  sheet.length_mm = 3000;
  sheet.width_mm = 1500;
  sheet.quantity = 10;
  sheet.location = "RACK-A3";
  sheet.heat_lot_id = heat.id;
  s.sheet = must(insert_sheet(tx, sheet));
  return s;
}

class NestRepoTest : public StoreTest {
 protected:
  void SetUp() override {
    StoreTest::SetUp();
    if (HasFatalFailure()) return;
    auto s = db().transact([&](Tx& tx) -> Result<Seed> { return seed(tx); });
    ASSERT_TRUE(s.ok()) << s.error().message;
    seed_ = *s;
  }

  Nest nest(const std::string& program, int64_t wc, int64_t queue_position) {
    Nest n;
    n.program_name = program;
    n.material = Material::kStainless304;
    n.thickness_mm = 1.5;
    n.sheet_id = seed_.sheet.id;
    n.parts = {{seed_.job_a.id, seed_.part.id, 6, seed_.op_a.id}};
    n.repeat = 2;
    n.work_center_id = wc;
    n.machine_name = "LASER_12K";
    n.cut_seconds_est = 1800;
    n.utilisation = 0.81;
    n.scrap_fraction = 0.19;
    n.queue_position = queue_position;
    n.archive_packet_id = 77;
    n.posted_at = kBase;
    return n;
  }

  Nest insert(const Nest& n) {
    auto r = db().transact([&](Tx& tx) { return insert_nest(tx, n); });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : Nest{};
  }

  Seed seed_;
};

TEST_P(NestRepoTest, EveryColumnRoundTrips) {
  Nest n = nest("N-304-1.5-0001", seed_.laser.id, 3);
  n.parts.push_back({seed_.job_b.id, seed_.part.id, 4, 0});  // not linked: NULL
  Nest saved = insert(n);
  auto got = db().read([&](Tx& tx) { return get_nest(tx, saved.id); });
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(*got, saved);
  EXPECT_EQ(got->parts[0].operation_id, seed_.op_a.id);
  EXPECT_EQ(got->parts[1].operation_id, 0);

  Nest cut = *got;
  cut.state = NestState::kCut;
  cut.cut_at = kBase + std::chrono::hours(2);
  cut.cut_seconds_actual = 1750;
  cut.work_center_id = 0;  // NULL
  auto updated = db().transact([&](Tx& tx) { return update_nest(tx, cut); });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  auto reread = db().read([&](Tx& tx) { return get_nest(tx, saved.id); });
  ASSERT_TRUE(reread.ok()) << reread.error().message;
  EXPECT_EQ(*reread, *updated);
  EXPECT_EQ(reread->state, NestState::kCut);
  EXPECT_EQ(reread->work_center_id, 0);
}

TEST_P(NestRepoTest, DatabaseRefusesOutOfRangeValuesTheModelWouldRefuse) {
  Nest saved = insert(nest("N-304-1.5-0002", seed_.laser.id, 0));
  // Bypass the model: the CHECK constraints hold on their own.
  auto bad = db().transact([&](Tx& tx) {
    return tx.exec("UPDATE nests SET utilisation = 1.5 WHERE id = ?", {saved.id});
  });
  EXPECT_FALSE(bad.ok());
  auto bad_state = db().transact(
      [&](Tx& tx) { return tx.exec("UPDATE nests SET state = 'gone' WHERE id = ?", {saved.id}); });
  EXPECT_FALSE(bad_state.ok());
  // The model refuses before SQL.
  Nest invalid = nest("N-304-1.5-0003", seed_.laser.id, 0);
  invalid.repeat = 0;
  auto refused = db().transact([&](Tx& tx) { return insert_nest(tx, invalid); });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().fields.at(0).field, "repeat");
}

TEST_P(NestRepoTest, FindsByProgramJobAndOperation) {
  Nest a = insert(nest("N-A", seed_.laser.id, 1));
  Nest b = nest("N-B", seed_.laser.id, 2);
  b.parts = {{seed_.job_b.id, seed_.part.id, 2, seed_.op_b.id}};
  b = insert(b);
  auto found = db().read([&](Tx& tx) { return find_nest_by_program(tx, "N-B"); });
  ASSERT_TRUE(found.ok()) << found.error().message;
  ASSERT_TRUE(found->has_value());
  EXPECT_EQ((*found)->id, b.id);
  auto none = db().read([&](Tx& tx) { return find_nest_by_program(tx, "N-C"); });
  ASSERT_TRUE(none.ok()) << none.error().message;
  EXPECT_FALSE(none->has_value());

  auto of_job = db().read([&](Tx& tx) { return nests_of_job(tx, seed_.job_a.id); });
  ASSERT_TRUE(of_job.ok()) << of_job.error().message;
  ASSERT_EQ(of_job->size(), 1u);
  EXPECT_EQ(of_job->front().id, a.id);
  auto of_op = db().read([&](Tx& tx) { return nests_of_operation(tx, seed_.op_b.id); });
  ASSERT_TRUE(of_op.ok()) << of_op.error().message;
  ASSERT_EQ(of_op->size(), 1u);
  EXPECT_EQ(of_op->front().id, b.id);
}

TEST_P(NestRepoTest, OpenQueueIsPerLaserInQueueOrder) {
  Nest second = insert(nest("N-Q2", seed_.laser.id, 2));
  Nest unordered = insert(nest("N-Q0", seed_.laser.id, 0));
  Nest first = insert(nest("N-Q1", seed_.laser.id, 1));
  Nest other = insert(nest("N-OTHER", seed_.laser2.id, 1));
  Nest loose = insert(nest("N-LOOSE", 0, 0));
  Nest done = nest("N-DONE", seed_.laser.id, 4);
  done.state = NestState::kCut;
  done.cut_at = kBase + std::chrono::hours(5);
  done = insert(done);

  auto ids = [](const std::vector<Nest>& v) {
    std::vector<int64_t> out;
    for (const auto& n : v) out.push_back(n.id);
    return out;
  };
  auto laser = db().read([&](Tx& tx) { return open_nests(tx, seed_.laser.id); });
  ASSERT_TRUE(laser.ok()) << laser.error().message;
  EXPECT_EQ(ids(*laser), (std::vector<int64_t>{first.id, second.id, unordered.id}));
  auto all = db().read([&](Tx& tx) { return open_nests(tx, std::nullopt); });
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_EQ(all->size(), 5u);
  EXPECT_EQ(all->back().id, loose.id);
  auto unassigned = db().read([&](Tx& tx) { return open_nests(tx, int64_t{0}); });
  ASSERT_TRUE(unassigned.ok()) << unassigned.error().message;
  EXPECT_EQ(ids(*unassigned), (std::vector<int64_t>{loose.id}));
  (void)other;

  auto cut = db().read(
      [&](Tx& tx) { return nests_cut_between(tx, kBase, kBase + std::chrono::hours(6)); });
  ASSERT_TRUE(cut.ok()) << cut.error().message;
  EXPECT_EQ(ids(*cut), (std::vector<int64_t>{done.id}));
  auto later = db().read([&](Tx& tx) {
    return nests_cut_between(tx, kBase + std::chrono::hours(6), kBase + std::chrono::hours(9));
  });
  ASSERT_TRUE(later.ok()) << later.error().message;
  EXPECT_TRUE(later->empty());

  ListQuery q;
  q.filters["state"] = Param("cut");
  auto listed = db().read([&](Tx& tx) { return list_nests(tx, q); });
  ASSERT_TRUE(listed.ok()) << listed.error().message;
  EXPECT_EQ(listed->total, 1);
  ListQuery by_wc;
  by_wc.filters["work_center_id"] = Param(seed_.laser2.id);
  auto on_wc = db().read([&](Tx& tx) { return list_nests(tx, by_wc); });
  ASSERT_TRUE(on_wc.ok()) << on_wc.error().message;
  ASSERT_EQ(on_wc->total, 1);
  EXPECT_EQ(on_wc->items.front().id, other.id);
}

TEST_P(NestRepoTest, DeletingTheOperationUnlinksThePart) {
  Nest saved = insert(nest("N-DEL", seed_.laser.id, 0));
  auto del = db().transact([&](Tx& tx) { return delete_operation(tx, seed_.op_a.id); });
  ASSERT_TRUE(del.ok()) << del.error().message;
  auto got = db().read([&](Tx& tx) { return get_nest(tx, saved.id); });
  ASSERT_TRUE(got.ok()) << got.error().message;
  EXPECT_EQ(got->parts[0].operation_id, 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, NestRepoTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres),
                         testing::backend_param_name);

}  // namespace
}  // namespace kerf::store
