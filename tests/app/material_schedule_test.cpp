// Material receiving/consumption, schedule slot moves, master data CRUD, outbox relay.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/app_fixture.h"

namespace kerf::app::testing {
namespace {

using model::Material;
using model::Role;

class MaterialTest : public AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
  }
  ReceiveSheetsInput sheets(int64_t qty, const std::string& heat = "H-1") {
    ReceiveSheetsInput in;
    in.material = Material::kStainless304;
    in.thickness_mm = 1.5;
    in.length_mm = 3000;
    in.width_mm = 1500;
    in.quantity = qty;
    in.location = "RACK-A1";
    in.heat_number = heat;
    in.mill_cert_ref = "MTC-1";
    in.supplier = "Outokumpu";
    return in;
  }
};

TEST_F(MaterialTest, ReceiveCreatesHeatLotOnceAndAudits) {
  Counts before = counts();
  auto first = app().materials().receive(as(Role::kShipping), sheets(10));
  ASSERT_TRUE(first.ok()) << fields_of(first.error());
  EXPECT_TRUE(first->heat_lot_created);
  EXPECT_EQ(first->heat_lot.received, t0());
  EXPECT_EQ(first->sheet.heat_lot_id, first->heat_lot.id);
  EXPECT_EQ(topics(), (std::vector<std::string>{"heat_lot.created", "material.received"}));
  auto second = app().materials().receive(as(Role::kPlanner), sheets(5));
  ASSERT_TRUE(second.ok());
  EXPECT_FALSE(second->heat_lot_created);
  EXPECT_EQ(second->heat_lot.id, first->heat_lot.id);
  Counts after = counts();
  EXPECT_EQ(after.heat_lots, before.heat_lots + 1);
  EXPECT_EQ(after.sheets, before.sheets + 2);
  EXPECT_EQ(after.audit, before.audit + 3);
  EXPECT_EQ(nlohmann::json::parse(*last_audit().after_json)["heat_number"], "H-1");

  auto other_material = sheets(1);
  other_material.material = Material::kMildSteel;
  auto clash = app().materials().receive(as(Role::kShipping), other_material);
  EXPECT_EQ(clash.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(has_field(clash.error(), "heat_number"));
}

TEST_F(MaterialTest, ReceiveValidatesAndWritesNothing) {
  Counts before = counts();
  auto bad = sheets(0, "");
  bad.thickness_mm = 0;
  bad.location = "";
  auto r = app().materials().receive(as(Role::kShipping), bad);
  ASSERT_FALSE(r.ok());
  for (const char* f : {"quantity", "thickness_mm", "location", "heat_number"}) {
    EXPECT_TRUE(has_field(r.error(), f)) << f << " " << fields_of(r.error());
  }
  auto no_cert = sheets(2, "H-NEW");
  no_cert.mill_cert_ref = "";
  auto r2 = app().materials().receive(as(Role::kShipping), no_cert);
  EXPECT_TRUE(has_field(r2.error(), "mill_cert_ref")) << fields_of(r2.error());
  EXPECT_EQ(app().materials().receive(as(Role::kOperator), sheets(1)).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), before);
}

TEST_F(MaterialTest, ConsumeTracesHeatLotAndWarnsBelowSafetyStock) {
  model::SafetyStock level;
  level.material = Material::kStainless304;
  level.thickness_mm = 1.5;
  level.minimum_qty = 8;
  ASSERT_TRUE(app().master_data().create(system(), level).ok());
  auto received = app().materials().receive(as(Role::kShipping), sheets(10));
  ASSERT_TRUE(received.ok());
  auto job = create_job("J-MAT");
  topics();

  ConsumeSheetsInput take{received->sheet.id, job.job.id, 1, std::nullopt};
  auto planned = app().materials().consume(as(Role::kOperator), take);
  EXPECT_EQ(planned.error().code, ErrorCode::kFailedPrecondition);  // job not released
  ASSERT_TRUE(app().jobs().release(as(Role::kPlanner), job.job.id).ok());
  topics();

  auto one = app().materials().consume(as(Role::kOperator), take);
  ASSERT_TRUE(one.ok()) << fields_of(one.error());
  EXPECT_EQ(one->sheet.quantity, 9);
  EXPECT_EQ(one->heat_lot_id, received->heat_lot.id);
  EXPECT_FALSE(one->below_safety_stock);
  auto trace = last_audit();
  EXPECT_EQ(trace.entity, "material_consumption");
  EXPECT_EQ(trace.entity_id, job.job.id);
  auto doc = nlohmann::json::parse(*trace.after_json);
  EXPECT_EQ(doc["heat_lot_id"], received->heat_lot.id);
  EXPECT_EQ(doc["quantity"], 1);
  EXPECT_EQ(topics(), std::vector<std::string>{"material.consumed"});

  Counts before = counts();
  ConsumeSheetsInput too_many{received->sheet.id, job.job.id, 10, std::nullopt};
  auto refused = app().materials().consume(as(Role::kOperator), too_many);
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  ConsumeSheetsInput stale{
      .sheet_id = received->sheet.id, .job_id = job.job.id, .quantity = 1, .expected_version = 1};
  EXPECT_EQ(app().materials().consume(as(Role::kOperator), stale).error().code,
            ErrorCode::kConflict);
  ConsumeSheetsInput zero{received->sheet.id, job.job.id, 0, std::nullopt};
  EXPECT_TRUE(has_field(app().materials().consume(as(Role::kOperator), zero).error(), "quantity"));
  EXPECT_EQ(counts(), before);

  ConsumeSheetsInput two{received->sheet.id, job.job.id, 2, std::nullopt};
  auto crossing = app().materials().consume(as(Role::kOperator), two);  // 9 -> 7 < 8
  ASSERT_TRUE(crossing.ok());
  EXPECT_TRUE(crossing->below_safety_stock);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[1].topic, "material.below_safety_stock");
  auto warn = nlohmann::json::parse(events[1].payload_json);
  EXPECT_EQ(warn["approval_needed"], true);
  EXPECT_EQ(warn["on_hand"], 7);
  EXPECT_EQ(warn["minimum_qty"], 8);
  // Already below: no repeated warning.
  auto again = app().materials().consume(as(Role::kOperator), take);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->below_safety_stock);
}

TEST_F(MaterialTest, ScheduleSlotMovePinUnpin) {
  auto job = create_job("J-SCH");
  model::ScheduleSlot slot;
  slot.operation_id = job.operations[0].id;
  slot.work_center_id = wc_ids_[0];
  slot.start = t0() + std::chrono::hours(2);
  slot.end = slot.start + std::chrono::minutes(45);
  auto inserted =
      db_->transact([&](store::Tx& tx) { return store::insert_schedule_slot(tx, slot); });
  ASSERT_TRUE(inserted.ok()) << inserted.error().message;

  Counts before = counts();
  MoveSlotInput bad{inserted->id, std::nullopt, wc_ids_[2], t0() + std::chrono::hours(3)};
  auto ineligible = app().schedule().move(as(Role::kPlanner), bad);
  ASSERT_FALSE(ineligible.ok());
  EXPECT_TRUE(has_field(ineligible.error(), "work_center_id"));
  MoveSlotInput no_start{inserted->id, std::nullopt, wc_ids_[1], TimePoint{}};
  EXPECT_TRUE(has_field(app().schedule().move(as(Role::kPlanner), no_start).error(), "start"));
  EXPECT_EQ(app().schedule().move(as(Role::kOperator), bad).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), before);

  MoveSlotInput good{inserted->id, 1, wc_ids_[1], t0() + std::chrono::hours(3)};
  auto moved = app().schedule().move(as(Role::kPlanner), good);
  ASSERT_TRUE(moved.ok()) << fields_of(moved.error());
  EXPECT_EQ(moved->work_center_id, wc_ids_[1]);
  EXPECT_EQ(moved->end - moved->start, std::chrono::minutes(45));
  EXPECT_TRUE(moved->pinned);
  EXPECT_EQ(moved->version, 2);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].topic, "schedule.slot_moved");
  auto payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["from_work_center_id"], wc_ids_[0]);
  EXPECT_EQ(payload["version"], 2);
  EXPECT_EQ(app().schedule().move(as(Role::kPlanner), good).error().code, ErrorCode::kConflict);

  auto unpinned = app().schedule().unpin(as(Role::kLead), inserted->id, 2);
  ASSERT_TRUE(unpinned.ok());
  EXPECT_FALSE(unpinned->pinned);
  auto pinned = app().schedule().pin(as(Role::kLead), inserted->id);
  ASSERT_TRUE(pinned.ok());
  EXPECT_TRUE(pinned->pinned);
  EXPECT_EQ(topics(), (std::vector<std::string>{"schedule.slot_unpinned", "schedule.slot_pinned"}));

  // Locked slots (frozen horizon) do not move.
  model::ScheduleSlot locked = *pinned;
  locked.locked = true;
  ASSERT_TRUE(
      db_->transact([&](store::Tx& tx) { return store::update_schedule_slot(tx, locked); }).ok());
  MoveSlotInput frozen{inserted->id, std::nullopt, wc_ids_[0], t0() + std::chrono::hours(5)};
  EXPECT_EQ(app().schedule().move(as(Role::kPlanner), frozen).error().code,
            ErrorCode::kFailedPrecondition);
}

TEST_F(MaterialTest, MasterDataCrud) {
  model::Tool tool;
  tool.code = "RO-10";
  tool.kind = model::ToolKind::kPunch;
  tool.life_hits_max = 100000;
  EXPECT_EQ(app().master_data().create(as(Role::kOperator), tool).error().code,
            ErrorCode::kPermissionDenied);
  auto created = app().master_data().create(as(Role::kLead), tool);
  ASSERT_TRUE(created.ok()) << fields_of(created.error());
  EXPECT_EQ(topics(), std::vector<std::string>{"tool.created"});
  model::Tool changed = *created;
  changed.hits_used = 500;
  auto updated = app().master_data().update(as(Role::kLead), changed);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(app().master_data().update(as(Role::kLead), changed).error().code,
            ErrorCode::kConflict);
  changed.version = 2;
  changed.life_hits_max = 0;
  EXPECT_TRUE(
      has_field(app().master_data().update(as(Role::kLead), changed).error(), "life_hits_max"));
  auto got = app().master_data().get<model::Tool>(as(Role::kOperator), created->id);
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->hits_used, 500);
  ASSERT_TRUE(app().master_data().remove<model::Tool>(as(Role::kPlanner), created->id, 2).ok());
  EXPECT_EQ(last_audit().action, "delete");
  EXPECT_EQ(app().master_data().get<model::Tool>(as(Role::kOperator), created->id).error().code,
            ErrorCode::kNotFound);

  // A customer referenced by a job cannot be deleted; nothing changes.
  create_job("J-REF");
  Counts before = counts();
  auto in_use = app().master_data().remove<model::Customer>(as(Role::kPlanner), customer_id_, 1);
  ASSERT_FALSE(in_use.ok());
  EXPECT_EQ(in_use.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(counts(), before);
  auto page = app().master_data().list<model::WorkCenter>(as(Role::kOperator), {});
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 3);
}

TEST_F(MaterialTest, RelayPublishesEventsLeftUnpublished) {
  // An event committed by a writer that died before publishing.
  auto id = db_->transact(
      [&](store::Tx& tx) { return store::append_event(tx, "job.released", R"({"id":1})", t0()); });
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(*app().relay().run_once(), 0);  // still inside the grace period
  clock_.advance(std::chrono::seconds(11));
  auto n = app().relay().run_once();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].id, *id);
  EXPECT_EQ(events[0].topic, "job.released");
  EXPECT_EQ(*app().relay().run_once(), 0);  // published exactly once
  EXPECT_EQ(count("events WHERE published = FALSE"), 0);
}

}  // namespace
}  // namespace kerf::app::testing
