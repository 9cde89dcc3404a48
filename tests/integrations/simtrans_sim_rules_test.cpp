// The simulated SimTrans against real SQLite and PostgreSQL through ODBC: every TransAct rule
// (docs/simtrans_simulator.md), processing order, error rows, districts.
#include "integrations/simtrans_sim_fixture.h"

namespace kerf::integrations::simtrans_sim::testing {
namespace {

class SimTransRulesTest : public SimTransSimTest {};

TEST_P(SimTransRulesTest, CreateSchemaIsIdempotent) {
  EXPECT_TRUE(sim_->create_schema().ok());
  auto again = open_sim({});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->create_schema().ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
}

TEST_P(SimTransRulesTest, SN84CreatesTheWorkOrderAndOverwritesAbsolutely) {
  add("SN84", "A1",
      {{"OrderNo", "WO-1"},
       {"ItemName", "P"},
       {"Qty", "5"},
       {"Material", "304"},
       {"Thickness", "2"},
       {"ItemData1", "job:1"},
       {"Customer", "ACME"}});
  EXPECT_EQ(poll(), 1);
  expect_done("A1");
  EXPECT_EQ(one("SELECT Customer FROM WO WHERE WONumber = 'WO-1'"), "ACME");
  EXPECT_EQ(count("SELECT QtyOrdered FROM Part WHERE WONumber = 'WO-1' AND PartName = 'P'"), 5);
  // Overwrite with an absolute quantity; the same row twice changes nothing more.
  add("SN84", "A2",
      {{"OrderNo", "WO-1"},
       {"ItemName", "P"},
       {"Qty", "3"},
       {"Material", "304"},
       {"Thickness", "2"},
       {"ItemData1", "job:1"}});
  add("SN84", "A3",
      {{"OrderNo", "WO-1"},
       {"ItemName", "P"},
       {"Qty", "3"},
       {"Material", "304"},
       {"Thickness", "2"},
       {"ItemData1", "job:1"}});
  EXPECT_EQ(poll(), 2);
  EXPECT_EQ(count("SELECT QtyOrdered FROM Part WHERE WONumber = 'WO-1' AND PartName = 'P'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM Part"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM WO"), 1);
  EXPECT_EQ(sim_->stats().rows_ok, 3);
}

TEST_P(SimTransRulesTest, WorkOrderRulesSN81SN87SN82SN89) {
  add("SN84", "A1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "5"}});
  add("SN81", "A2", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "8"}});
  add("SN81", "A3", {{"OrderNo", "WO-1"}, {"ItemName", "NOPE"}, {"Qty", "8"}});
  add("SN87", "A4",
      {{"OrderNo", "WO-1"}, {"Customer", "ACME"}, {"Priority", "2"}, {"OnHold", "1"}});
  add("SN82", "A5", {{"OrderNo", "WO-1"}, {"ItemName", "P"}});
  add("SN82", "A6", {{"OrderNo", "WO-1"}, {"ItemName", "P"}});
  add("SN89", "A7", {{"OrderNo", "WO-1"}});
  add("SN89", "A8", {{"OrderNo", "WO-1"}});
  EXPECT_EQ(poll(), 8);
  expect_done("A1");
  expect_done("A2");
  expect_failed("A3", "NOPE");
  expect_done("A4");
  expect_done("A5");
  expect_failed("A6", "not on work order");
  expect_done("A7");
  expect_failed("A8", "does not exist");
  EXPECT_EQ(count("SELECT COUNT(*) FROM WO"), 0);
  // A failed row is not retried until kerf resets its ErrorTag.
  EXPECT_EQ(poll(), 0);
}

TEST_P(SimTransRulesTest, MissingRequiredColumnAndUnknownCodeFailRowsInOrder) {
  add("SN84", "B1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}});  // no Qty
  add("SN999", "B2", {{"OrderNo", "WO-1"}});
  add("SN84", "B3", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "-2"}});
  add("SN84", "B4", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 4);
  expect_failed("B1", "Qty");
  expect_failed("B2", "SN999");
  expect_failed("B3", "Qty");
  expect_done("B4");
  // TransActLog keeps SimTrans's processing order (AutoInc).
  ResultSet log = q("SELECT TransID FROM TransActLog ORDER BY AutoInc");
  ASSERT_EQ(log.rows.size(), 4u);
  EXPECT_EQ(*log.rows[0].values[0], "B1");
  EXPECT_EQ(*log.rows[3].values[0], "B4");
  EXPECT_EQ(sim_->stats().rows_failed, 3);
}

TEST_P(SimTransRulesTest, RowsOfOtherDistrictsAreLeftAlone) {
  add("SN84", "D1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}}, 2);
  EXPECT_EQ(poll(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  auto other = open_sim({}, 2);
  ASSERT_TRUE(other);
  auto n = other->poll_once();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
}

TEST_P(SimTransRulesTest, StockRulesSN94SN91ASN97SN92) {
  add("SN94", "C1",
      {{"ItemName", "SH1"},
       {"Qty", "5"},
       {"Material", "MS"},
       {"Thickness", "3"},
       {"Length", "2500"},
       {"Width", "1250"},
       {"HeatNumber", "H-9"}});
  add("SN94", "C2",
      {{"ItemName", "SH1"},
       {"Qty", "5"},
       {"Material", "MS"},
       {"Thickness", "3"},
       {"Length", "2500"},
       {"Width", "1250"}});
  add("SN91A", "C3", {{"ItemName", "SH1"}, {"Qty", "7"}, {"Material", "MS"}, {"Thickness", "3"}});
  add("SN91A", "C4", {{"ItemName", "SH1"}, {"Qty", "7"}, {"Material", "MS"}, {"Thickness", "3"}});
  add("SN91A", "C5", {{"ItemName", "NEW"}, {"Qty", "1"}, {"Material", "MS"}, {"Thickness", "3"}});
  add("SN97", "C6",
      {{"ItemName", "REM1"},
       {"Material", "MS"},
       {"Thickness", "3"},
       {"Length", "800"},
       {"Width", "1250"},
       {"HeatNumber", "H-9"}});
  add("SN97", "C7",
      {{"ItemName", "REM1"},
       {"Material", "MS"},
       {"Thickness", "3"},
       {"Length", "800"},
       {"Width", "1250"}});
  add("SN94", "C8",
      {{"ItemName", "BAD"},
       {"Qty", "1"},
       {"Material", "MS"},
       {"Thickness", "-3"},
       {"Length", "800"},
       {"Width", "1250"}});
  add("SN92", "C9", {{"ItemName", "REM1"}});
  add("SN92", "C10", {{"ItemName", "REM1"}});
  EXPECT_EQ(poll(), 10);
  expect_done("C1");
  expect_failed("C2", "already exists");
  expect_done("C3");
  expect_done("C4");
  expect_failed("C5", "does not exist");
  expect_done("C6");
  expect_failed("C7", "already exists");
  expect_failed("C8", "Thickness");
  expect_done("C9");
  expect_failed("C10", "does not exist");
  EXPECT_EQ(count("SELECT Qty FROM Stock WHERE SheetName = 'SH1'"), 7);
  EXPECT_EQ(one("SELECT HeatNumber FROM Stock WHERE SheetName = 'SH1'"), "H-9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM Remnant"), 0);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransRulesTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim::testing
