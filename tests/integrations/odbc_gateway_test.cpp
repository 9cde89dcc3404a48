// OdbcGateway against real SQLite3 and PostgreSQL through ODBC, on the simtrans_ddl tables.
#include "kerf/integrations/sigmanest/odbc_gateway.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>

#include "kerf/integrations/sigmanest/simtrans_schema.h"
#include "support/odbc_harness.h"

namespace kerf::integrations::sigmanest {
namespace {

TransActRow part_row(std::string trans_id, std::string item, std::string qty) {
  return TransActRow{std::string(kSN84),
                     1,
                     std::move(trans_id),
                     {{"OrderNo", "WO-1"},
                      {"ItemName", std::move(item)},
                      {"Qty", std::move(qty)},
                      {"Thickness", "3"},
                      {"DueDate", "2026-04-01 00:00:00"},
                      {"OnHold", "0"},
                      {"ItemData1", "job-7f3a"}}};
}

class OdbcGatewayTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    cs_ = pg() ? kerf::testing::fresh_postgres_odbc() : kerf::testing::fresh_sqlite_odbc();
    auto c = odbc::Connection::open({cs_});
    ASSERT_TRUE(c.ok()) << c.error().message;
    db_ = std::move(*c);
    ASSERT_TRUE(create_simtrans_tables(*db_).ok());
  }
  bool pg() const { return GetParam(); }

  std::unique_ptr<OdbcGateway> gateway(AckMode mode = AckMode::kDelete) {
    OdbcGatewayOptions o;
    o.connect.connection_string = cs_;
    o.ack_mode = mode;
    o.states_chunk = 2;
    auto g = OdbcGateway::create(o);
    EXPECT_TRUE(g.ok()) << g.error().message;
    return g.ok() ? std::move(*g) : nullptr;
  }

  int64_t count(const std::string& sql) {
    auto rs = db_->query(sql);
    EXPECT_TRUE(rs.ok()) << rs.error().message;
    return rs.ok() ? std::stoll(*rs->rows[0].values[0]) : -1;
  }

  void exec(const std::string& sql, const std::vector<odbc::Value>& params = {}) {
    auto r = db_->execute(sql, params);
    ASSERT_TRUE(r.ok()) << sql << ": " << r.error().message;
  }

  // Feedback: packet 1 complete (SN100: program, 2 parts in process, 1 sheet), packet 2
  // incomplete (no STPrgArc row yet), packet 3 complete (SN101, program + remnant).
  void write_feedback() {
    exec(
        "INSERT INTO STPrgArc (ArchivePacketID, TransType, ProgramName, RepeatID, SheetName, "
        "MachineName, CuttingTime, UsedArea, ScrapFraction, Material, Thickness) VALUES "
        "(1, 'SN100', 'P1', 1, 'S1', 'LASER1', 754, 2.4, 0.18, 'S235', 3)");
    exec(
        "INSERT INTO STPIPArc (ArchivePacketID, TransType, ProgramName, PartName, WONumber, "
        "QtyInProcess, ItemData1) VALUES (1, 'SN100', 'P1', 'BRACKET', 'WO-1', 4, 'job-7f3a')");
    exec(
        "INSERT INTO STPIPArc (ArchivePacketID, TransType, ProgramName, PartName, WONumber, "
        "QtyInProcess) VALUES (1, 'SN100', 'P1', 'PLATE', 'WO-1', 2)");
    exec(
        "INSERT INTO STShtArc (ArchivePacketID, TransType, ProgramName, SheetName, HeatNumber, "
        "Material, Thickness, Length, Width, Qty) VALUES (1, 'SN100', 'P1', 'S1', 'H-881', "
        "'S235', 3, 3000, 1500, 1)");
    exec(
        "INSERT INTO STPIPArc (ArchivePacketID, TransType, ProgramName, PartName, WONumber, "
        "QtyInProcess) VALUES (2, 'SN100', 'P2', 'PLATE', 'WO-1', 1)");
    exec(
        "INSERT INTO STPrgArc (ArchivePacketID, TransType, ProgramName) VALUES (3, 'SN101', "
        "'P0')");
    exec(
        "INSERT INTO STRemArc (ArchivePacketID, TransType, ProgramName, RemnantName, Length, "
        "Width) VALUES (3, 'SN101', 'P0', 'R1', 800, 400)");
  }

  std::string cs_;
  std::unique_ptr<odbc::Connection> db_;
};

TEST_P(OdbcGatewayTest, SubmitWritesEveryRowInOrder) {
  auto g = gateway();
  ASSERT_TRUE(g);
  EXPECT_FALSE(g->connected());  // lazy
  std::vector<TransActRow> rows = {part_row("A1", "BRACKET", "4"),
                                   part_row("A2", "PLATE", "2"),
                                   {std::string(kSN89), 2, "A3", {{"OrderNo", "WO-9"}}}};
  ASSERT_TRUE(g->submit(rows).ok());
  auto rs = db_->query(
      "SELECT TransType, District, TransID, ItemName, Qty, DueDate, ItemData1, ErrorTag FROM "
      "TransAct ORDER BY AutoInc");
  ASSERT_TRUE(rs.ok()) << rs.error().message;
  ASSERT_EQ(rs->rows.size(), 3u);
  EXPECT_EQ(rs->get(0, "TransID"), "A1");
  EXPECT_EQ(rs->get(0, "ItemName"), "BRACKET");
  EXPECT_EQ(rs->get(0, "Qty"), "4");
  EXPECT_EQ(rs->get(0, "DueDate"), "2026-04-01 00:00:00");
  EXPECT_EQ(rs->get(0, "ItemData1"), "job-7f3a");
  EXPECT_EQ(rs->get(0, "ErrorTag"), "0");
  EXPECT_EQ(rs->get(1, "TransID"), "A2");
  EXPECT_EQ(rs->get(2, "TransType"), "SN89");
  EXPECT_EQ(rs->get(2, "District"), "2");
  EXPECT_EQ(rs->get(2, "ItemName"), std::nullopt);
}

TEST_P(OdbcGatewayTest, SubmitsALargeBatchInOneTransaction) {
  auto g = gateway();
  std::vector<TransActRow> rows;
  for (int i = 0; i < 2000; ++i) {
    rows.push_back(part_row("L" + std::to_string(i), "PART-" + std::to_string(i), "3"));
  }
  auto start = std::chrono::steady_clock::now();
  ASSERT_TRUE(g->submit(rows).ok());
  double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  // Reported, not asserted.
  std::printf("[ figure   ] %s: %zu TransAct rows in one transaction: %.0f rows/s\n",
              pg() ? "PostgreSQL" : "SQLite", rows.size(), rows.size() / s);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 2000);
  std::vector<std::string> ids;
  for (const auto& r : rows) ids.push_back(r.trans_id);
  auto st = g->states(ids);
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(std::count(st->begin(), st->end(), RowState::kWaiting), 2000);
}

TEST_P(OdbcGatewayTest, SubmitIsAllOrNothing) {
  exec("CREATE UNIQUE INDEX UX_TransAct_TransID ON TransAct (TransID)");
  auto g = gateway();
  // The third row repeats the first's TransID: the unique index refuses it.
  Status s =
      g->submit({part_row("B1", "X", "1"), part_row("B2", "Y", "1"), part_row("B1", "Z", "1")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(odbc::failure_of(s.error()), odbc::Failure::kConstraint) << s.error().message;
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
  // The gateway is still usable.
  ASSERT_TRUE(g->submit({part_row("B3", "X", "1")}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 1);
}

TEST_P(OdbcGatewayTest, SubmitRefusesAColumnOutsideTheCatalogue) {
  auto g = gateway();
  TransActRow bad = part_row("C1", "X", "1");
  bad.columns["Qty) VALUES (1); DROP TABLE TransAct; --"] = "1";
  Status s = g->submit({bad});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(count("SELECT COUNT(*) FROM TransAct"), 0);
}

TEST_P(OdbcGatewayTest, StatesSeeWaitingErroredAndGone) {
  auto g = gateway();
  ASSERT_TRUE(
      g->submit({part_row("S1", "A", "1"), part_row("S2", "B", "1"), part_row("S3", "C", "1")})
          .ok());
  exec("UPDATE TransAct SET ErrorTag = 1 WHERE TransID = ?", {"S2"});
  exec("DELETE FROM TransAct WHERE TransID = ?", {"S3"});
  auto st = g->states({"S1", "S2", "S3", "NEVER", "S1"});
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(*st, (std::vector<RowState>{RowState::kWaiting, RowState::kErrored, RowState::kGone,
                                        RowState::kGone, RowState::kWaiting}));
  auto none = g->states({});
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
}

TEST_P(OdbcGatewayTest, ReadsCompletePacketsOnlyGroupedAndOrdered) {
  write_feedback();
  auto g = gateway();
  auto packets = g->read_feedback(0, 10);
  ASSERT_TRUE(packets.ok()) << packets.error().message;
  ASSERT_EQ(packets->size(), 2u);
  const FeedbackPacket& p1 = (*packets)[0];
  EXPECT_EQ(p1.archive_packet_id, 1);
  EXPECT_EQ(p1.trans_type, "SN100");
  ASSERT_EQ(p1.rows.size(), 4u);
  EXPECT_EQ(p1.rows[0].table, FeedbackTable::kPrgArc);
  EXPECT_EQ(p1.rows[0].get("ProgramName"), "P1");
  EXPECT_EQ(p1.rows[0].get("MachineName"), "LASER1");
  EXPECT_EQ(p1.rows[0].get("CuttingTime"), "754");
  EXPECT_EQ(p1.rows[0].get("HeatNumber"), std::nullopt);  // NULL is absent
  EXPECT_EQ(p1.rows[1].table, FeedbackTable::kPIPArc);
  EXPECT_EQ(p1.rows[1].get("PartName"), "BRACKET");
  EXPECT_EQ(p1.rows[1].get("ItemData1"), "job-7f3a");
  EXPECT_EQ(p1.rows[2].get("PartName"), "PLATE");
  EXPECT_LT(p1.rows[1].auto_id, p1.rows[2].auto_id);
  EXPECT_EQ(p1.rows[3].table, FeedbackTable::kShtArc);
  EXPECT_EQ(p1.rows[3].get("HeatNumber"), "H-881");
  const FeedbackPacket& p3 = (*packets)[1];
  EXPECT_EQ(p3.archive_packet_id, 3);
  EXPECT_EQ(p3.trans_type, "SN101");
  ASSERT_EQ(p3.rows.size(), 2u);
  EXPECT_EQ(p3.rows[1].table, FeedbackTable::kRemArc);
  EXPECT_EQ(p3.rows[1].get("RemnantName"), "R1");

  auto after1 = g->read_feedback(1, 10);
  ASSERT_TRUE(after1.ok());
  ASSERT_EQ(after1->size(), 1u);
  EXPECT_EQ((*after1)[0].archive_packet_id, 3);
  auto limited = g->read_feedback(0, 1);
  ASSERT_TRUE(limited.ok());
  ASSERT_EQ(limited->size(), 1u);
  EXPECT_EQ((*limited)[0].archive_packet_id, 1);

  // Packet 2 becomes complete once its STPrgArc row is there.
  exec(
      "INSERT INTO STPrgArc (ArchivePacketID, TransType, ProgramName) VALUES (2, 'SN100', "
      "'P2')");
  auto all = g->read_feedback(0, 10);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].archive_packet_id, 2);
  EXPECT_EQ((*all)[1].rows.size(), 2u);
}

TEST_P(OdbcGatewayTest, AcknowledgeDeletesInDeleteMode) {
  write_feedback();
  auto g = gateway(AckMode::kDelete);
  ASSERT_TRUE(g->acknowledge({1, 42}).ok());  // 42: unknown, not an error
  for (FeedbackTable t : kAllFeedbackTables) {
    EXPECT_EQ(
        count("SELECT COUNT(*) FROM " + std::string(table_name(t)) + " WHERE ArchivePacketID = 1"),
        0);
  }
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc WHERE ArchivePacketID = 2"), 1);
  auto left = g->read_feedback(0, 10);
  ASSERT_TRUE(left.ok());
  ASSERT_EQ(left->size(), 1u);
  EXPECT_EQ((*left)[0].archive_packet_id, 3);
  ASSERT_TRUE(g->acknowledge({1}).ok());  // already deleted
}

TEST_P(OdbcGatewayTest, AcknowledgeLeavesRowsInHighWaterMode) {
  write_feedback();
  auto g = gateway(AckMode::kHighWater);
  ASSERT_TRUE(g->acknowledge({1, 3}).ok());
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPrgArc"), 2);
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 3);
  auto next = g->read_feedback(3, 10);
  ASSERT_TRUE(next.ok());
  EXPECT_TRUE(next->empty());
}

TEST_P(OdbcGatewayTest, VerifyReadsSndbase) {
  auto g = gateway();
  exec("INSERT INTO WO (WONumber, Customer) VALUES ('WO-1', 'ACME')");
  exec("INSERT INTO Part (WONumber, PartName, QtyOrdered) VALUES ('WO-1', 'BRACKET', 4)");
  exec("INSERT INTO Stock (SheetName, Material, Thickness, Qty) VALUES ('S1', 'S235', 3, 5)");
  exec("INSERT INTO Program (ProgramName, State, ActualCutTime) VALUES ('P1', 'started', 700)");
  auto v = [&](const TransActRow& row) {
    auto r = g->verify(row);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : std::optional<bool>{};
  };
  EXPECT_EQ(v(part_row("V1", "BRACKET", "4")), true);
  EXPECT_EQ(v(part_row("V1", "BRACKET", "5")), false);
  EXPECT_EQ(v(part_row("V1", "PLATE", "4")), false);
  EXPECT_EQ(v({"SN82", 1, "V2", {{"OrderNo", "WO-1"}, {"ItemName", "PLATE"}}}), true);
  EXPECT_EQ(v({"SN87", 1, "V2", {{"OrderNo", "WO-1"}, {"OnHold", "0"}}}), true);
  EXPECT_EQ(v({"SN89", 1, "V3", {{"OrderNo", "WO-1"}}}), false);
  EXPECT_EQ(v({"SN89", 1, "V3", {{"OrderNo", "WO-2"}}}), true);
  EXPECT_EQ(v({"SN91A", 1, "V4", {{"ItemName", "S1"}, {"Qty", "5"}}}), true);
  EXPECT_EQ(v({"SN91A", 1, "V4", {{"ItemName", "S1"}, {"Qty", "6"}}}), false);
  EXPECT_EQ(v({"SN94", 1, "V4", {{"ItemName", "S1"}, {"Qty", "1"}}}), true);
  EXPECT_EQ(v({"SN92", 1, "V4", {{"ItemName", "S1"}}}), false);
  EXPECT_EQ(v({"SN97", 1, "V4", {{"ItemName", "R9"}}}), false);
  EXPECT_EQ(v({"SN73N", 1, "V5", {{"ProgramName", "P1"}, {"Param1", "1"}}}), true);
  EXPECT_EQ(v({"SN73N", 1, "V5", {{"ProgramName", "P1"}, {"Param1", "3"}}}), false);
  EXPECT_EQ(v({"SN73C", 1, "V5", {{"ProgramName", "P1"}, {"Param3", "700"}}}), true);
  EXPECT_EQ(v({"SN70", 1, "V5", {{"ProgramName", "P1"}}}), false);
  EXPECT_EQ(v({"SN74", 1, "V5", {{"ProgramName", "P9"}}}), true);
  EXPECT_EQ(v({"SN78R", 1, "V5", {{"ProgramName", "P1"}, {"ItemName", "X"}}}), std::nullopt);
}

INSTANTIATE_TEST_SUITE_P(Drivers, OdbcGatewayTest, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "PostgreSQL" : "SQLite"; });

TEST(OdbcGateway, ReconnectsAfterTheServerDroppedTheConnection) {
  std::string cs = kerf::testing::fresh_postgres_odbc();
  {
    auto c = odbc::Connection::open({cs});
    ASSERT_TRUE(c.ok()) << c.error().message;
    ASSERT_TRUE(create_simtrans_tables(**c).ok());
  }
  OdbcGatewayOptions o;
  o.connect.connection_string = cs;
  auto g = OdbcGateway::create(o);
  ASSERT_TRUE(g.ok());
  ASSERT_TRUE((*g)->submit({part_row("R1", "A", "1")}).ok());
  EXPECT_TRUE((*g)->connected());
  EXPECT_GE(kerf::testing::terminate_postgres_connections(kerf::testing::postgres_database_of(cs)),
            1);
  // The first call after the drop fails as unavailable and drops the connection ...
  auto st = (*g)->states({"R1"});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable) << st.error().message;
  EXPECT_FALSE((*g)->connected());
  // ... the next one reconnects.
  ASSERT_TRUE((*g)->submit({part_row("R2", "B", "1")}).ok());
  st = (*g)->states({"R1", "R2"});
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(*st, (std::vector<RowState>{RowState::kWaiting, RowState::kWaiting}));
}

TEST(OdbcGateway, UnreachableServerIsUnavailableAndRetriedLater) {
  OdbcGatewayOptions o;
  o.connect.connection_string = kerf::testing::unreachable_postgres_odbc();
  o.connect.login_timeout_s = 5;
  auto g = OdbcGateway::create(o);
  ASSERT_TRUE(g.ok());
  Status s = (*g)->submit({part_row("U1", "A", "1")});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(odbc::failure_of(s.error()), odbc::Failure::kConnect);
  EXPECT_FALSE((*g)->connected());
}

TEST(OdbcGateway, CreateValidatesOptions) {
  OdbcGatewayOptions o;
  o.connect.connection_string = "Driver=SQLite3;Database=/tmp/x.db";
  o.transact_schema = "SimTrans.dbo";
  o.feedback_schema = "[SNDBase].[dbo]";
  EXPECT_TRUE(OdbcGateway::create(o).ok());
  o.transact_schema = "dbo; DROP TABLE x";
  auto bad = OdbcGateway::create(o);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "transact_schema");
  o.transact_schema = "";
  o.feedback_schema = "a..b";
  EXPECT_EQ(OdbcGateway::create(o).error().fields.at(0).field, "feedback_schema");
  o.feedback_schema = "";
  o.states_chunk = 0;
  EXPECT_EQ(OdbcGateway::create(o).error().fields.at(0).field, "states_chunk");
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
