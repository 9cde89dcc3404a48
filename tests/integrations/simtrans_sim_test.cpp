// The SimTrans + Sigmanest simulator against real databases through real ODBC drivers (SQLite3
// and PostgreSQL Unicode): every TransAct rule, the programmer's SN100/SN101/SN102 packets and
// their links, and every fault knob. docs/simtrans_simulator.md is the specification.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "kerf/core/clock.h"
#include "kerf/integrations/odbc/connection.h"
#include "kerf/integrations/simtrans_sim/simulator.h"
#include "support/odbc_harness.h"

namespace kerf::integrations::simtrans_sim {
namespace {

using odbc::Connection;
using odbc::ResultSet;
using odbc::Value;

enum class Backend { kSqlite, kPostgres };

std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::kSqlite ? "SQLite" : "PostgreSQL";
}

class SimTransSimTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    conn_string_ = GetParam() == Backend::kSqlite ? kerf::testing::fresh_sqlite_odbc("simtrans")
                                                  : kerf::testing::fresh_postgres_odbc();
    sim_ = open_sim({});
    ASSERT_TRUE(sim_ != nullptr);
    ASSERT_TRUE(sim_->create_schema().ok());
    auto c = Connection::open({conn_string_, 10, 5});
    ASSERT_TRUE(c.ok()) << c.error().message;
    db_ = std::move(*c);
  }

  std::unique_ptr<SimTransSimulator> open_sim(Faults faults, int32_t district = 1) {
    SimulatorOptions o;
    o.connection_string = conn_string_;
    o.env = &env_;
    o.faults = faults;
    o.district = district;
    auto s = SimTransSimulator::open(o);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(*s) : nullptr;
  }

  // Inserts one TransAct row as kerf's gateway would (autocommit).
  void add(const std::string& type, const std::string& trans_id,
           std::map<std::string, std::string> cols, int district = 1) {
    std::string names = "TransType, District, TransID", marks = "?, ?, ?";
    std::vector<Value> params = {type, std::to_string(district), trans_id};
    for (auto& [k, v] : cols) {
      names += ", " + k;
      marks += ", ?";
      params.push_back(v);
    }
    auto n = db_->execute("INSERT INTO TransAct (" + names + ") VALUES (" + marks + ")", params);
    ASSERT_TRUE(n.ok()) << n.error().message;
  }

  ResultSet q(const std::string& sql, const std::vector<Value>& params = {}) {
    auto rs = db_->query(sql, params);
    EXPECT_TRUE(rs.ok()) << sql << ": " << (rs.ok() ? "" : rs.error().message);
    return rs.ok() ? std::move(*rs) : ResultSet{};
  }

  int64_t count(const std::string& sql, const std::vector<Value>& params = {}) {
    ResultSet rs = q(sql, params);
    if (rs.rows.empty() || !rs.rows[0].values[0]) return -1;
    return std::stoll(*rs.rows[0].values[0]);
  }

  std::string one(const std::string& sql, const std::vector<Value>& params = {}) {
    ResultSet rs = q(sql, params);
    if (rs.rows.empty() || rs.rows[0].values.empty() || !rs.rows[0].values[0]) return "<null>";
    return *rs.rows[0].values[0];
  }

  int poll() {
    auto n = sim_->poll_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  int nest() {
    auto n = sim_->nest_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  // The TransAct row of `trans_id` is still there with ErrorTag = 1 and SimTrans's event log
  // names the reason containing `reason`.
  void expect_failed(const std::string& trans_id, const std::string& reason) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE TransID = ? AND ErrorTag = 1",
                    {trans_id}),
              1)
        << trans_id;
    std::string text = one("SELECT Text FROM SimTransEvents WHERE TransID = ?", {trans_id});
    EXPECT_NE(text.find(reason), std::string::npos) << trans_id << ": " << text;
    EXPECT_EQ(one("SELECT Result FROM TransActLog WHERE TransID = ?", {trans_id}), "error");
  }

  void expect_done(const std::string& trans_id) {
    EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE TransID = ?", {trans_id}), 0)
        << trans_id << " still in TransAct";
    EXPECT_EQ(one("SELECT Result FROM TransActLog WHERE TransID = ?", {trans_id}), "ok")
        << trans_id;
  }

  // A sheet of 304 1.5 mm, 3000 x 1500, heat H-1, and two parts on WO-1.
  void seed_sheet_and_parts(const std::string& sheet_qty = "2") {
    add("SN94", "S1", {{"ItemName", "SH-304-1.5"}, {"Qty", sheet_qty}, {"Material", "304"},
                       {"Thickness", "1.5"}, {"Length", "3000"}, {"Width", "1500"},
                       {"HeatNumber", "H-1"}});
    add("SN84", "P1", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}, {"Qty", "10"},
                       {"Material", "304"}, {"Thickness", "1.5"}, {"Length", "200"},
                       {"Width", "100"}, {"ItemData1", "job:17"}, {"ItemData2", "part:5"}});
    add("SN84", "P2", {{"OrderNo", "WO-1"}, {"ItemName", "PLATE"}, {"Qty", "4"},
                       {"Material", "304"}, {"Thickness", "1.5"}, {"Length", "400"},
                       {"Width", "300"}, {"ItemData1", "job:17"}, {"ItemData2", "part:6"}});
    ASSERT_EQ(poll(), 3);
  }

  std::string only_program() {
    auto p = sim_->programs();
    EXPECT_EQ(p.size(), 1u);
    return p.empty() ? "" : p.front().name;
  }

  ManualClock clock_{TimePoint(std::chrono::hours(24 * 20000))};
  Env env_{clock_, 7};
  std::string conn_string_;
  std::unique_ptr<SimTransSimulator> sim_;
  std::unique_ptr<Connection> db_;
};

TEST_P(SimTransSimTest, CreateSchemaIsIdempotent) {
  EXPECT_TRUE(sim_->create_schema().ok());
  auto again = open_sim({});
  ASSERT_TRUE(again);
  EXPECT_TRUE(again->create_schema().ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
}

TEST_P(SimTransSimTest, SN84CreatesTheWorkOrderAndOverwritesAbsolutely) {
  add("SN84", "A1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "5"}, {"Material", "304"},
                     {"Thickness", "2"}, {"ItemData1", "job:1"}, {"Customer", "ACME"}});
  EXPECT_EQ(poll(), 1);
  expect_done("A1");
  EXPECT_EQ(one("SELECT Customer FROM WO WHERE WONumber = 'WO-1'"), "ACME");
  EXPECT_EQ(count("SELECT QtyOrdered FROM Part WHERE WONumber = 'WO-1' AND PartName = 'P'"), 5);
  // Overwrite with an absolute quantity; the same row twice changes nothing more.
  add("SN84", "A2", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "3"}, {"Material", "304"},
                     {"Thickness", "2"}, {"ItemData1", "job:1"}});
  add("SN84", "A3", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "3"}, {"Material", "304"},
                     {"Thickness", "2"}, {"ItemData1", "job:1"}});
  EXPECT_EQ(poll(), 2);
  EXPECT_EQ(count("SELECT QtyOrdered FROM Part WHERE WONumber = 'WO-1' AND PartName = 'P'"), 3);
  EXPECT_EQ(count("SELECT COUNT(*) FROM Part"), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM WO"), 1);
  EXPECT_EQ(sim_->stats().rows_ok, 3);
}

TEST_P(SimTransSimTest, WorkOrderRulesSN81SN87SN82SN89) {
  add("SN84", "A1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "5"}});
  add("SN81", "A2", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "8"}});
  add("SN81", "A3", {{"OrderNo", "WO-1"}, {"ItemName", "NOPE"}, {"Qty", "8"}});
  add("SN87", "A4", {{"OrderNo", "WO-1"}, {"Customer", "ACME"}, {"Priority", "2"},
                     {"OnHold", "1"}});
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

TEST_P(SimTransSimTest, MissingRequiredColumnAndUnknownCodeFailRowsInOrder) {
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

TEST_P(SimTransSimTest, RowsOfOtherDistrictsAreLeftAlone) {
  add("SN84", "D1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}}, 2);
  EXPECT_EQ(poll(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  auto other = open_sim({}, 2);
  ASSERT_TRUE(other);
  auto n = other->poll_once();
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 1);
}

TEST_P(SimTransSimTest, StockRulesSN94SN91ASN97SN92) {
  add("SN94", "C1", {{"ItemName", "SH1"}, {"Qty", "5"}, {"Material", "MS"}, {"Thickness", "3"},
                     {"Length", "2500"}, {"Width", "1250"}, {"HeatNumber", "H-9"}});
  add("SN94", "C2", {{"ItemName", "SH1"}, {"Qty", "5"}, {"Material", "MS"}, {"Thickness", "3"},
                     {"Length", "2500"}, {"Width", "1250"}});
  add("SN91A", "C3", {{"ItemName", "SH1"}, {"Qty", "7"}, {"Material", "MS"},
                      {"Thickness", "3"}});
  add("SN91A", "C4", {{"ItemName", "SH1"}, {"Qty", "7"}, {"Material", "MS"},
                      {"Thickness", "3"}});
  add("SN91A", "C5", {{"ItemName", "NEW"}, {"Qty", "1"}, {"Material", "MS"},
                      {"Thickness", "3"}});
  add("SN97", "C6", {{"ItemName", "REM1"}, {"Material", "MS"}, {"Thickness", "3"},
                     {"Length", "800"}, {"Width", "1250"}, {"HeatNumber", "H-9"}});
  add("SN97", "C7", {{"ItemName", "REM1"}, {"Material", "MS"}, {"Thickness", "3"},
                     {"Length", "800"}, {"Width", "1250"}});
  add("SN94", "C8", {{"ItemName", "BAD"}, {"Qty", "1"}, {"Material", "MS"}, {"Thickness", "-3"},
                     {"Length", "800"}, {"Width", "1250"}});
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

// Rows of `table` in packet `id`.
struct PacketRows {
  std::map<std::string, ResultSet> tables;
};

TEST_P(SimTransSimTest, NestPostsOneProgramPerSheetWithLinkedSN100Rows) {
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

TEST_P(SimTransSimTest, ManySheetsWhenOneIsNotEnoughAndParametersGroupPrograms) {
  add("SN94", "S1", {{"ItemName", "SMALL"}, {"Qty", "3"}, {"Material", "MS"},
                     {"Thickness", "2"}, {"Length", "1000"}, {"Width", "500"}});
  add("SN94", "S2", {{"ItemName", "AL"}, {"Qty", "1"}, {"Material", "5052"},
                     {"Thickness", "2"}, {"Length", "1000"}, {"Width", "500"}});
  add("SN84", "P1", {{"OrderNo", "WO-1"}, {"ItemName", "SQ"}, {"Qty", "30"}, {"Material", "MS"},
                     {"Thickness", "2"}, {"Length", "150"}, {"Width", "150"}});
  add("SN84", "P2", {{"OrderNo", "WO-2"}, {"ItemName", "AL1"}, {"Qty", "2"},
                     {"Material", "5052"}, {"Thickness", "2"}, {"Process", "LASER-2"}});
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

TEST_P(SimTransSimTest, InProcessBlocksDeleteCancelAndStockChanges) {
  seed_sheet_and_parts("1");
  ASSERT_EQ(nest(), 1);
  add("SN82", "E1", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}});
  add("SN89", "E2", {{"OrderNo", "WO-1"}});
  add("SN92", "E3", {{"ItemName", "SH-304-1.5"}});
  add("SN91A", "E4", {{"ItemName", "SH-304-1.5"}, {"Qty", "0"}, {"Material", "304"},
                      {"Thickness", "1.5"}});
  add("SN81", "E5", {{"OrderNo", "WO-1"}, {"ItemName", "BRACKET"}, {"Qty", "12"}});
  EXPECT_EQ(poll(), 5);
  expect_failed("E1", "in process");
  expect_failed("E2", "in process");
  expect_failed("E3", "in process");
  expect_failed("E4", "in process");
  expect_done("E5");
}

TEST_P(SimTransSimTest, CutWritesSN102CompletesPartsConsumesTheSheetAndReturnsARemnant) {
  seed_sheet_and_parts();
  ASSERT_EQ(nest(), 1);
  std::string name = only_program();
  ASSERT_TRUE(sim_->cut_program(name).ok());
  ResultSet prg = q("SELECT * FROM STPrgArc WHERE TransType = 'SN102'");
  ASSERT_EQ(prg.rows.size(), 1u);
  const std::string packet = *prg.get(0, "ArchivePacketID");
  EXPECT_EQ(prg.get(0, "ProgramName"), name);
  ResultSet prt = q("SELECT * FROM STPrtArc WHERE ArchivePacketID = ? ORDER BY PartName",
                    {packet});
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

TEST_P(SimTransSimTest, ShopFloorEventsSN73NSN73CSN78RSN70SN74) {
  seed_sheet_and_parts();
  ASSERT_EQ(nest(), 1);
  std::string name = only_program();
  add("SN73N", "G1", {{"ProgramName", name}, {"Param1", "1"}, {"StringData1", "LASER-9"}});
  add("SN73C", "G2", {{"ProgramName", name}, {"Param3", "321"}});
  add("SN78R", "G3", {{"ProgramName", name}, {"ItemName", "BRACKET"}, {"StringData4", "OTHER"}});
  add("SN78R", "G4", {{"ProgramName", name}, {"ItemName", "BRACKET"},
                      {"StringData4", "SH-304-1.5"}});
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

TEST_P(SimTransSimTest, DeleteWritesSN101AndReleasesPartsAndSheet) {
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

TEST_P(SimTransSimTest, RepostWritesBothPacketsInTheConfiguredOrder) {
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
    ResultSet prg = q("SELECT TransType, ArchivePacketID FROM STPrgArc WHERE ProgramName = ? "
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

TEST_P(SimTransSimTest, KnobSimTransStoppedLeavesRowsWaiting) {
  Faults f;
  f.simtrans_stopped = true;
  sim_->set_faults(f);
  add("SN84", "H1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  sim_->set_faults({});
  EXPECT_EQ(poll(), 1);
  expect_done("H1");
}

TEST_P(SimTransSimTest, KnobHalfVisibleBatchWritesTheProgramRowLast) {
  seed_sheet_and_parts("1");
  Faults f;
  f.half_visible_batch = true;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STShtArc"), 1);
  EXPECT_EQ(poll(), 0);  // the next poll completes the packet
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 1);
  EXPECT_EQ(one("SELECT ArchivePacketID FROM STPrgArc"), one("SELECT ArchivePacketID FROM STShtArc"));
}

TEST_P(SimTransSimTest, KnobDuplicateFeedbackWritesEveryRowTwice) {
  seed_sheet_and_parts("1");
  Faults f;
  f.duplicate_feedback = true;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 4);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT ArchivePacketID) FROM STPIPArc"), 1);
  EXPECT_EQ(count("SELECT COUNT(DISTINCT AutoID) FROM STPrgArc"), 2);
}

TEST_P(SimTransSimTest, KnobThirdPartyDeleteRemovesPackets) {
  seed_sheet_and_parts("1");
  Faults f;
  f.third_party_delete_every = 1;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 0);
  EXPECT_EQ(sim_->programs().size(), 1u);  // Sigmanest still has the program
  // By hand: one table's rows of a packet.
  sim_->set_faults({});
  ASSERT_TRUE(sim_->cut_program(only_program()).ok());
  std::string packet = one("SELECT ArchivePacketID FROM STPrgArc");
  auto n = sim_->delete_feedback_rows(std::stoll(packet), "STPrtArc");
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrtArc"), 0);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STShtArc"), 1);
}

TEST_P(SimTransSimTest, KnobDeadlockVictimIsRetryableAndTheRowStays) {
  Faults f;
  f.deadlock_next = 1;
  sim_->set_faults(f);
  add("SN84", "K1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  auto n = sim_->poll_once();
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(odbc::failure_of(n.error()), odbc::Failure::kRetryable);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct WHERE ErrorTag = 0"), 1);
  EXPECT_EQ(poll(), 1);
  expect_done("K1");
}

TEST_P(SimTransSimTest, KnobErrorRows) {
  Faults f;
  f.error_next = 1;
  sim_->set_faults(f);
  add("SN84", "L1", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  add("SN84", "L2", {{"OrderNo", "WO-1"}, {"ItemName", "P"}, {"Qty", "2"}});
  EXPECT_EQ(poll(), 2);
  expect_failed("L1", "simulated error");
  expect_done("L2");
  // kerf resets the ErrorTag after correcting: SimTrans processes the row again.
  ASSERT_TRUE(db_->execute("UPDATE TransAct SET ErrorTag = 0 WHERE TransID = 'L1'").ok());
  EXPECT_EQ(poll(), 1);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
}

TEST_P(SimTransSimTest, KnobHeldLockMakesKerfsWritesFailRetryably) {
  ASSERT_TRUE(sim_->hold_lock().ok());
  // kerf's side gives up after 1 s (SQLite: the driver's busy timeout, PostgreSQL: the query
  // timeout).
  std::string kerf_conn = conn_string_;
  if (GetParam() == Backend::kSqlite) kerf_conn += ";Timeout=1000";
  auto kerf = Connection::open({kerf_conn, 10, 1});
  ASSERT_TRUE(kerf.ok());
  auto n = (*kerf)->execute(
      "INSERT INTO TransAct (TransType, District, TransID, OrderNo, ItemName, Qty) "
      "VALUES ('SN84', 1, 'M1', 'WO-1', 'P', 1)");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(odbc::failure_of(n.error()), odbc::Failure::kRetryable) << n.error().message;
  ASSERT_TRUE(sim_->release_lock().ok());
  n = (*kerf)->execute(
      "INSERT INTO TransAct (TransType, District, TransID, OrderNo, ItemName, Qty) "
      "VALUES ('SN84', 1, 'M1', 'WO-1', 'P', 1)");
  EXPECT_TRUE(n.ok()) << n.error().message;
}

TEST_P(SimTransSimTest, AutoCutFollowsTheClockOneProgramAtATimePerLaser) {
  add("SN94", "S1", {{"ItemName", "SMALL"}, {"Qty", "2"}, {"Material", "MS"},
                     {"Thickness", "2"}, {"Length", "1000"}, {"Width", "500"}});
  add("SN84", "P1", {{"OrderNo", "WO-1"}, {"ItemName", "SQ"}, {"Qty", "36"}, {"Material", "MS"},
                     {"Thickness", "2"}, {"Length", "150"}, {"Width", "150"}});
  ASSERT_EQ(poll(), 2);
  ASSERT_EQ(nest(), 2);
  auto progs = sim_->programs();
  ASSERT_EQ(progs.size(), 2u);
  const int64_t t = progs[0].cutting_time_s;
  ASSERT_GT(t, 1);
  clock_.advance(std::chrono::seconds(t - 1));
  EXPECT_EQ(sim_->cut_due_programs(), 0);
  clock_.advance(std::chrono::seconds(1));
  EXPECT_EQ(sim_->cut_due_programs(), 1);  // the second waits for the laser
  clock_.advance(std::chrono::seconds(progs[1].cutting_time_s));
  EXPECT_EQ(sim_->cut_due_programs(), 1);
  EXPECT_EQ(sim_->stats().programs_cut, 2);
  EXPECT_EQ(count("SELECT QtyCompleted FROM Part"), 36);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransSimTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim
