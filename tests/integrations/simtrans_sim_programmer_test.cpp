// The simulated Sigmanest programmer against real SQLite and PostgreSQL through ODBC: nesting,
// the SN100 / SN101 / SN102 packets and their links, shop-floor program events, re-posts.
#include "integrations/simtrans_sim_fixture.h"

namespace kerf::integrations::simtrans_sim::testing {
namespace {

class SimTransProgrammerTest : public SimTransSimTest {};

TEST_P(SimTransProgrammerTest, NestPostsOneProgramPerSheetWithLinkedSN100Rows) {
  seed_sheet_and_parts();
  EXPECT_EQ(nest(), 1);
  std::string name = only_program();
  EXPECT_EQ(name.rfind("N-304-1.5-", 0), 0u) << name;
  // STPrgArc: one SN100 row with the program's data.
  ResultSet prg = q("SELECT * FROM STPrgArc");
  ASSERT_EQ(prg.rows.size(), 1u);
  EXPECT_EQ(prg.get(0, "TransType"), "SN100");
  EXPECT_EQ(prg.get(0, "ProgramName"), name);
  EXPECT_EQ(prg.get(0, "SheetName"), "SH-304-1.5");
  EXPECT_EQ(prg.get(0, "MachineName"), "LASER-1");
  EXPECT_EQ(prg.get(0, "HeatNumber"), "H-1");
  EXPECT_EQ(prg.get(0, "Qty"), "1");
  const std::string packet = *prg.get(0, "ArchivePacketID");
  double used = std::stod(*prg.get(0, "UsedArea"));
  EXPECT_NEAR(used, 10 * 200 * 100 + 4 * 400 * 300, 1e-6);
  EXPECT_GT(std::stoll(*prg.get(0, "CuttingTime")), 0);
  double scrap = std::stod(*prg.get(0, "ScrapFraction"));
  EXPECT_GE(scrap, 0);
  EXPECT_LE(scrap, 1 - used / (3000.0 * 1500.0) + 1e-9);
  // STPIPArc: the parts in process with kerf's ids from the ItemData slots.
  ResultSet pip = q("SELECT * FROM STPIPArc ORDER BY PartName");
  ASSERT_EQ(pip.rows.size(), 2u);
  EXPECT_EQ(pip.get(0, "PartName"), "BRACKET");
  EXPECT_EQ(pip.get(0, "WONumber"), "WO-1");
  EXPECT_EQ(pip.get(0, "QtyInProcess"), "10");
  EXPECT_EQ(pip.get(0, "ItemData1"), "job:17");
  EXPECT_EQ(pip.get(0, "ItemData2"), "part:5");
  EXPECT_EQ(pip.get(1, "QtyInProcess"), "4");
  EXPECT_EQ(pip.get(1, "ItemData2"), "part:6");
  // STShtArc: the sheet with its heat number.
  ResultSet sht = q("SELECT * FROM STShtArc");
  ASSERT_EQ(sht.rows.size(), 1u);
  EXPECT_EQ(sht.get(0, "HeatNumber"), "H-1");
  EXPECT_EQ(sht.get(0, "SheetName"), "SH-304-1.5");
  // One packet: every row shares the ArchivePacketID and the TransType.
  for (const char* t : {"STPIPArc", "STShtArc"}) {
    EXPECT_EQ(count(std::string("SELECT COUNT(*) FROM ") + t +
                        " WHERE ArchivePacketID = ? AND TransType = 'SN100'",
                    {packet}),
              count(std::string("SELECT COUNT(*) FROM ") + t));
  }
  auto info = sim_->program(name);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(std::to_string(info->archive_packet_id), packet);
  EXPECT_EQ(info->state, "posted");
  // Everything is in process: nothing more to nest.
  EXPECT_EQ(nest(), 0);
}

TEST_P(SimTransProgrammerTest, ManySheetsWhenOneIsNotEnoughAndParametersGroupPrograms) {
  add("SN94", "S1",
      {{"ItemName", "SMALL"},
       {"Qty", "3"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "1000"},
       {"Width", "500"}});
  add("SN94", "S2",
      {{"ItemName", "AL"},
       {"Qty", "1"},
       {"Material", "5052"},
       {"Thickness", "2"},
       {"Length", "1000"},
       {"Width", "500"}});
  add("SN84", "P1",
      {{"OrderNo", "WO-1"},
       {"ItemName", "SQ"},
       {"Qty", "30"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "150"},
       {"Width", "150"}});
  add("SN84", "P2",
      {{"OrderNo", "WO-2"},
       {"ItemName", "AL1"},
       {"Qty", "2"},
       {"Material", "5052"},
       {"Thickness", "2"},
       {"Process", "LASER-2"}});
  add("SN84", "P3", {{"OrderNo", "WO-2"}, {"ItemName", "NOMAT"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 5);
  // 1000 x 500 with 10 mm margins and 5 mm gaps: 6 columns x 3 rows = 18 squares per sheet.
  EXPECT_EQ(nest(), 3);
  auto progs = sim_->programs();
  ASSERT_EQ(progs.size(), 3u);
  std::map<std::string, int> per_machine;
  for (const auto& p : progs) ++per_machine[p.machine_name];
  EXPECT_EQ(per_machine["LASER-1"], 2);
  EXPECT_EQ(per_machine["LASER-2"], 1);  // the Part's Process names the machine
  EXPECT_EQ(count("SELECT SUM(QtyInProcess) FROM PIP WHERE PartName = 'SQ'"), 30);
  EXPECT_EQ(count("SELECT SUM(QtyInProcess) FROM PIP WHERE PartName = 'AL1'"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM PIP WHERE PartName = 'NOMAT'"), 0);
  // Default size 100 x 100 for a part without Length/Width.
  EXPECT_EQ(count("SELECT COUNT(DISTINCT ArchivePacketID) FROM STPrgArc"), 3);
}

TEST_P(SimTransProgrammerTest, InProcessBlocksDeleteCancelAndStockChanges) {
  seed_sheet_and_parts("1");
  ASSERT_EQ(nest(), 1);
  add("SN82", "E1", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}});
  add("SN89", "E2", {{"OrderNo", "WO-1"}});
  add("SN92", "E3", {{"ItemName", "SH-304-1.5"}});
  add("SN91A", "E4",
      {{"ItemName", "SH-304-1.5"}, {"Qty", "0"}, {"Material", "304"}, {"Thickness", "1.5"}});
  add("SN81", "E5", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}, {"Qty", "12"}});
  EXPECT_EQ(poll(), 5);
  expect_failed("E1", "in process");
  expect_failed("E2", "in process");
  expect_failed("E3", "in process");
  expect_failed("E4", "in process");
  expect_done("E5");
}

TEST_P(SimTransProgrammerTest, CutWritesSN102CompletesPartsConsumesTheSheetAndReturnsARemnant) {
  seed_sheet_and_parts();
  ASSERT_EQ(nest(), 1);
  std::string name = only_program();
  ASSERT_TRUE(sim_->cut_program(name).ok());
  ResultSet prg = q("SELECT * FROM STPrgArc WHERE TransType = 'SN102'");
  ASSERT_EQ(prg.rows.size(), 1u);
  const std::string packet = *prg.get(0, "ArchivePacketID");
  EXPECT_EQ(prg.get(0, "ProgramName"), name);
  ResultSet prt = q("SELECT * FROM STPrtArc WHERE ArchivePacketID = ? ORDER BY PartName", {packet});
  ASSERT_EQ(prt.rows.size(), 2u);
  EXPECT_EQ(prt.get(0, "QtyProgram"), "10");
  EXPECT_EQ(prt.get(0, "ItemData1"), "job:17");
  EXPECT_EQ(prt.get(1, "QtyProgram"), "4");
  ResultSet sht = q("SELECT * FROM STShtArc WHERE ArchivePacketID = ?", {packet});
  ASSERT_EQ(sht.rows.size(), 1u);
  EXPECT_EQ(sht.get(0, "HeatNumber"), "H-1");
  ResultSet rem = q("SELECT * FROM STRemArc WHERE ArchivePacketID = ?", {packet});
  ASSERT_EQ(rem.rows.size(), 1u);
  EXPECT_EQ(rem.get(0, "HeatNumber"), "H-1");
  EXPECT_EQ(rem.get(0, "RemnantName"), "R-" + name);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STWOArc WHERE ArchivePacketID = ? AND WONumber = 'WO-1'",
                  {packet}),
            1);
  // SNDBase: parts completed, one sheet consumed, the remnant in stock with the heat number.
  EXPECT_EQ(count("SELECT QtyCompleted FROM Part WHERE PartName = 'BRACKET'"), 10);
  EXPECT_EQ(count("SELECT Qty FROM Stock WHERE SheetName = 'SH-304-1.5'"), 1);
  EXPECT_EQ(one("SELECT HeatNumber FROM Remnant WHERE RemnantName = ?", {"R-" + name}), "H-1");
  EXPECT_EQ(count("SELECT COUNT(*) FROM PIP"), 0);
  EXPECT_EQ(sim_->program(name)->state, "cut");
  EXPECT_FALSE(sim_->cut_program(name).ok());
  // The part is no longer in process: SN82 now succeeds.
  add("SN82", "F1", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}});
  EXPECT_EQ(poll(), 1);
  expect_done("F1");
}

TEST_P(SimTransProgrammerTest, ShopFloorEventsSN73NSN73CSN78RSN70SN74) {
  seed_sheet_and_parts();
  ASSERT_EQ(nest(), 1);
  std::string name = only_program();
  add("SN73N", "G1", {{"ProgramName", name}, {"Param1", "1"}, {"StringData1", "LASER-9"}});
  add("SN73C", "G2", {{"ProgramName", name}, {"Param3", "321"}});
  add("SN78R", "G3", {{"ProgramName", name}, {"ItemName", "BRACKET"}, {"StringData4", "OTHER"}});
  add("SN78R", "G4",
      {{"ProgramName", name}, {"ItemName", "BRACKET"}, {"StringData4", "SH-304-1.5"}});
  add("SN73N", "G5", {{"ProgramName", name}, {"Param1", "7"}});
  add("SN74", "G6", {{"ProgramName", name}});  // started: cannot be deleted
  add("SN70", "G7", {{"ProgramName", name}});
  add("SN73N", "G8", {{"ProgramName", "NOPE"}, {"Param1", "0"}});
  EXPECT_EQ(poll(), 8);
  expect_done("G1");
  expect_done("G2");
  expect_failed("G3", "StringData4");
  expect_done("G4");
  expect_failed("G5", "Param1");
  expect_failed("G6", "started");
  expect_done("G7");
  expect_failed("G8", "does not exist");
  auto info = sim_->program(name);
  ASSERT_TRUE(info.ok());
  EXPECT_EQ(info->state, "cut");
  EXPECT_EQ(info->machine_name, "LASER-9");
  EXPECT_EQ(info->actual_cut_time_s, 321);
  // The rejected piece went back to demand: 9 completed, one releasable again.
  EXPECT_EQ(count("SELECT QtyCompleted FROM Part WHERE PartName = 'BRACKET'"), 9);
  EXPECT_EQ(one("SELECT ActualCutTime FROM STPrgArc WHERE TransType = 'SN102'"), "321");
  EXPECT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT SUM(QtyInProcess) FROM PIP WHERE PartName = 'BRACKET'"), 1);
  // SN74 deletes a program that is not started: SN101 feedback.
  std::string second;
  for (const auto& p : sim_->programs()) {
    if (p.state == "posted") second = p.name;
  }
  ASSERT_FALSE(second.empty());
  add("SN74", "G9", {{"ProgramName", second}});
  EXPECT_EQ(poll(), 1);
  expect_done("G9");
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc WHERE TransType = 'SN101' AND ProgramName = ?",
                  {second}),
            1);
}

TEST_P(SimTransProgrammerTest, DeleteWritesSN101AndReleasesPartsAndSheet) {
  seed_sheet_and_parts("1");
  ASSERT_EQ(nest(), 1);
  std::string name = only_program();
  ASSERT_TRUE(sim_->delete_program(name).ok());
  ResultSet prg = q("SELECT * FROM STPrgArc WHERE TransType = 'SN101'");
  ASSERT_EQ(prg.rows.size(), 1u);
  EXPECT_EQ(prg.get(0, "ProgramName"), name);
  const std::string packet = *prg.get(0, "ArchivePacketID");
  EXPECT_EQ(count("SELECT SUM(QtyInProcess) FROM STPIPArc WHERE ArchivePacketID = ?", {packet}),
            14);
  EXPECT_EQ(count("SELECT COUNT(*) FROM Program"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM PIP"), 0);
  EXPECT_FALSE(sim_->delete_program(name).ok());
  // The sheet and the parts are free again.
  EXPECT_EQ(nest(), 1);
}

TEST_P(SimTransProgrammerTest, RepostWritesBothPacketsInTheConfiguredOrder) {
  for (RepostOrder order : {RepostOrder::kDeleteFirst, RepostOrder::kPostFirst}) {
    SCOPED_TRACE(order == RepostOrder::kDeleteFirst ? "delete first" : "post first");
    (void)db_->execute("DELETE FROM STPrgArc");
    seed_sheet_and_parts("1");
    ASSERT_EQ(nest(), 1);
    std::string name = only_program();
    Faults f;
    f.repost_order = order;
    sim_->set_faults(f);
    ASSERT_TRUE(sim_->repost(name).ok());
    ResultSet prg =
        q("SELECT TransType, ArchivePacketID FROM STPrgArc WHERE ProgramName = ? "
          "ORDER BY AutoID",
          {name});
    ASSERT_EQ(prg.rows.size(), 3u);
    EXPECT_EQ(prg.get(0, "TransType"), "SN100");
    EXPECT_EQ(prg.get(1, "TransType"), order == RepostOrder::kDeleteFirst ? "SN101" : "SN100");
    EXPECT_EQ(prg.get(2, "TransType"), order == RepostOrder::kDeleteFirst ? "SN100" : "SN101");
    EXPECT_LT(std::stoll(*prg.get(1, "ArchivePacketID")),
              std::stoll(*prg.get(2, "ArchivePacketID")));
    // The program still exists, pointing at the new SN100 packet.
    auto info = sim_->program(name);
    ASSERT_TRUE(info.ok());
    const size_t post_row = order == RepostOrder::kDeleteFirst ? 2 : 1;
    EXPECT_EQ(std::to_string(info->archive_packet_id), *prg.get(post_row, "ArchivePacketID"));
    ASSERT_TRUE(sim_->delete_program(name).ok());
    for (const char* t : {"Stock", "Part", "WO", "STPIPArc", "STShtArc"}) {
      (void)db_->execute(std::string("DELETE FROM ") + t);
    }
  }
}

TEST_P(SimTransProgrammerTest, AutoStockReceivesSheetsForTheDemoOnlyWhenNoneExist) {
  SimulatorOptions o;
  o.connection_string = conn_string_;
  o.env = &env_;
  o.auto_stock = true;
  o.auto_stock_qty = 2;
  auto opened = SimTransSimulator::open(o);
  ASSERT_TRUE(opened.ok());
  SimTransSimulator& demo = **opened;
  add("SN84", "P1",
      {{"OrderNo", "WO-1"},
       {"ItemName", "A"},
       {"Qty", "3"},
       {"Material", "MS"},
       {"Thickness", "3"},
       {"Length", "500"},
       {"Width", "400"}});
  ASSERT_EQ(poll(), 1);
  auto n = demo.nest_once();
  ASSERT_TRUE(n.ok()) << n.error().message;
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(count("SELECT Qty FROM Stock WHERE SheetName = 'AUTO-MS-3'"), 2);
  std::string heat = one("SELECT HeatNumber FROM STShtArc");
  EXPECT_EQ(heat.rfind("H-", 0), 0u) << heat;
  EXPECT_EQ(heat.size(), 8u);
  // Existing stock of another thickness does not stop it; existing stock of this one does.
  add("SN84", "P2",
      {{"OrderNo", "WO-1"},
       {"ItemName", "B"},
       {"Qty", "1"},
       {"Material", "MS"},
       {"Thickness", "3"}});
  ASSERT_EQ(poll(), 1);
  n = demo.nest_once();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM Stock"), 1);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransProgrammerTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim::testing
