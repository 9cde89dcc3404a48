// The pure outbound mapper: job changes and stock -> TransAct rows.
#include <gtest/gtest.h>

#include "kerf/core/time_format.h"
#include "kerf/integrations/sigmanest/outbound.h"

namespace kerf::integrations::sigmanest {
namespace {

JobFacts facts() {
  JobFacts f;
  f.job.id = 41;
  f.job.number = "J-24017";
  f.job.part_id = 5;
  f.job.customer_id = 2;
  f.job.quantity = 20;
  f.job.priority = 2;
  f.job.due = *parse_iso8601("2026-12-01T15:30:00Z");
  f.job.status = model::JobStatus::kReleased;
  f.part.id = 5;
  f.part.number = "KT-1800-700";
  f.part.revision = "B";
  f.part.material = model::Material::kStainless304;
  f.part.thickness_mm = 1.5;
  f.part.flat_length_mm = 1800;
  f.part.flat_width_mm = 700;
  f.customer.code = "ACME";
  model::Operation laser;
  laser.id = 90;
  laser.sequence = 10;
  laser.process = model::Process::kLaserCut;
  laser.qty_good = 4;
  model::Operation bend;
  bend.id = 91;
  bend.sequence = 20;
  bend.process = model::Process::kBend;
  f.operations = {bend, laser};
  return f;
}

TEST(OutboundMap, ReleaseIsHeaderAndLaserPartWithKerfIds) {
  SigmanestConfig config;
  config.district = 3;
  auto rows = map_job_change(JobChange::kRelease, facts(), config, TimeZone::utc());
  ASSERT_EQ(rows.size(), 2u);
  const auto& h = rows[0].row;
  EXPECT_EQ(h.trans_type, "SN87");
  EXPECT_EQ(h.district, 3);
  EXPECT_TRUE(h.trans_id.empty());
  EXPECT_EQ(h.columns.at("OrderNo"), "J-24017");
  EXPECT_EQ(h.columns.at("DueDate"), "2026-12-01 15:30:00");
  EXPECT_EQ(h.columns.at("Customer"), "ACME");
  EXPECT_EQ(h.columns.at("Priority"), "2");
  EXPECT_EQ(h.columns.at("OnHold"), "0");
  const auto& p = rows[1].row;
  EXPECT_EQ(p.trans_type, "SN84");
  EXPECT_EQ(p.columns.at("ItemName"), "KT-1800-700");
  EXPECT_EQ(p.columns.at("Qty"), "16");  // 20 - 4 already cut
  EXPECT_EQ(p.columns.at("Material"), "stainless_304");
  EXPECT_EQ(p.columns.at("Thickness"), "1.5");
  EXPECT_EQ(p.columns.at("Length"), "1800");
  EXPECT_EQ(p.columns.at("Width"), "700");
  EXPECT_EQ(p.columns.at("RevNumber"), "B");
  EXPECT_EQ(p.columns.at("ItemData1"), "41");
  EXPECT_EQ(p.columns.at("ItemData2"), "J-24017");
  EXPECT_EQ(p.columns.at("ItemData3"), "5");
  EXPECT_EQ(p.columns.at("ItemData4"), "90");
  EXPECT_EQ(rows[1].entity, "job");
  EXPECT_EQ(rows[1].entity_id, 41);
}

TEST(OutboundMap, PlantLocalDueDate) {
  auto zone = TimeZone::load("America/Chicago");
  ASSERT_TRUE(zone.ok());
  auto rows = map_job_change(JobChange::kRelease, facts(), SigmanestConfig{}, *zone);
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].row.columns.at("DueDate"), "2026-12-01 09:30:00");
}

TEST(OutboundMap, NothingWithoutLaserOrWhenAllCut) {
  JobFacts f = facts();
  f.operations.erase(f.operations.begin() + 1);
  EXPECT_TRUE(map_job_change(JobChange::kRelease, f, {}, TimeZone::utc()).empty());
  f = facts();
  f.operations[1].qty_good = 20;
  EXPECT_TRUE(map_job_change(JobChange::kRelease, f, {}, TimeZone::utc()).empty());
}

TEST(OutboundMap, ChangesOnlyForWorkOrdersSentBefore) {
  JobFacts f = facts();
  for (auto change :
       {JobChange::kUpdate, JobChange::kHold, JobChange::kUnhold, JobChange::kCancel}) {
    EXPECT_TRUE(map_job_change(change, f, {}, TimeZone::utc()).empty());
  }
  f.sent_before = true;
  auto upd = map_job_change(JobChange::kUpdate, f, {}, TimeZone::utc());
  ASSERT_EQ(upd.size(), 2u);
  EXPECT_EQ(upd[1].row.trans_type, "SN84");
  f.job.status = model::JobStatus::kOnHold;
  auto hold = map_job_change(JobChange::kHold, f, {}, TimeZone::utc());
  ASSERT_EQ(hold.size(), 1u);
  EXPECT_EQ(hold[0].row.trans_type, "SN87");
  EXPECT_EQ(hold[0].row.columns.at("OnHold"), "1");
  f.job.status = model::JobStatus::kCancelled;
  auto cancel = map_job_change(JobChange::kCancel, f, {}, TimeZone::utc());
  ASSERT_EQ(cancel.size(), 1u);
  EXPECT_EQ(cancel[0].row.trans_type, "SN89");
  EXPECT_EQ(cancel[0].row.columns.at("OrderNo"), "J-24017");
}

TEST(OutboundMap, UpdateUsesSN81WhenSN84IsDisabled) {
  JobFacts f = facts();
  f.sent_before = true;
  SigmanestConfig config;
  config.trans_types = {"SN81", "SN87"};
  auto rows = map_job_change(JobChange::kUpdate, f, config, TimeZone::utc());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].row.trans_type, "SN81");
  EXPECT_EQ(rows[1].row.columns.at("Qty"), "16");
  config.trans_types = {"SN84"};
  rows = map_job_change(JobChange::kRelease, f, config, TimeZone::utc());
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row.trans_type, "SN84");
}

// A stack of 12 full sheets of 2 mm stainless 304, stock code S000123.
SheetFacts stock() {
  SheetFacts s;
  s.sheet.id = 123;
  s.sheet.material = model::Material::kStainless304;
  s.sheet.thickness_mm = 2;
  s.sheet.length_mm = 3000;
  s.sheet.width_mm = 1500;
  s.sheet.quantity = 12;
  return s;
}

TEST(OutboundMap, StockReceiptIsSN94ThenSN91A) {
  SheetFacts s = stock();
  s.sheet.location = "RACK-A3";
  s.heat_number = "H-5531";
  auto rows = map_sheet(s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row.trans_type, "SN94");
  EXPECT_EQ(rows[0].row.columns.at("ItemName"), "S000123");
  EXPECT_EQ(rows[0].row.columns.at("Qty"), "12");
  EXPECT_EQ(rows[0].row.columns.at("HeatNumber"), "H-5531");
  EXPECT_EQ(rows[0].row.columns.at("Location"), "RACK-A3");
  EXPECT_EQ(rows[0].row.columns.at("ItemData5"), "123");
  EXPECT_EQ(rows[0].entity, "sheet");
  s.sent_before = true;
  s.sheet.quantity = 9;
  rows = map_sheet(s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row.trans_type, "SN91A");
  EXPECT_EQ(rows[0].row.columns.at("Qty"), "9");
  s.sheet.is_remnant = true;
  EXPECT_TRUE(map_sheet(s, {}).empty());
}

TEST(OutboundMap, ARemnantUsedUpInKerfOutsideProgramsIsDeletedInSigmanest) {
  SheetFacts s = stock();
  s.sheet.is_remnant = true;
  s.sheet.quantity = 0;
  s.sigmanest_name = "R-N-304-0007";
  s.consumed_outside_programs = true;
  auto rows = map_sheet(s, {});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].row.trans_type, "SN92");
  EXPECT_EQ(rows[0].row.columns.at("ItemName"), "R-N-304-0007");
  EXPECT_EQ(rows[0].entity, "sheet");
  EXPECT_EQ(rows[0].entity_id, 123);
  SigmanestConfig no_deletes;
  no_deletes.trans_types = {"SN94", "SN91A"};
  EXPECT_TRUE(map_sheet(s, no_deletes).empty());
  // A program's cut (Sigmanest took it already), a remnant still on hand, or one kerf never got
  // from Sigmanest: nothing.
  for (auto change : {+[](SheetFacts& f) { f.consumed_outside_programs = false; },
                      +[](SheetFacts& f) { f.sheet.quantity = 1; },
                      +[](SheetFacts& f) { f.sigmanest_name.clear(); }}) {
    SheetFacts f = s;
    change(f);
    EXPECT_TRUE(map_sheet(f, {}).empty());
  }
}

TEST(OutboundMap, MaterialsGoBySigmanestNamesWhereTheConfigMapsThem) {
  SigmanestConfig config;
  config.material_names[model::Material::kStainless304] = "304-2B";
  auto rows = map_job_change(JobChange::kRelease, facts(), config, TimeZone::utc());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1].row.columns.at("Material"), "304-2B");
  SheetFacts s = stock();
  EXPECT_EQ(map_sheet(s, config).at(0).row.columns.at("Material"), "304-2B");
  s.sent_before = true;
  EXPECT_EQ(map_sheet(s, config).at(0).row.columns.at("Material"), "304-2B");
  s.sheet.material = model::Material::kMildSteel;  // unmapped: kerf's name
  EXPECT_EQ(map_sheet(s, config).at(0).row.columns.at("Material"), "mild_steel");
}

TEST(OutboundMap, Numbers) {
  EXPECT_EQ(transact_number(1.5), "1.5");
  EXPECT_EQ(transact_number(3000), "3000");
  EXPECT_EQ(transact_number(0.125), "0.125");
  EXPECT_EQ(sheet_item_name(7), "S000007");
  EXPECT_EQ(sheet_item_name(12345678), "S12345678");
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
