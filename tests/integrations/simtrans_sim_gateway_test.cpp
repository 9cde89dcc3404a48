// kerf's SQL gateway (OdbcGateway) against the simulator, both on real SQLite and PostgreSQL
// through ODBC: rows submitted are consumed or errored, verify() sees the SNDBase effects, and
// the programmer's packets come back complete, grouped and acknowledged, faults included.
#include "integrations/simtrans_sim_fixture.h"
#include "kerf/integrations/sigmanest/odbc_gateway.h"

namespace kerf::integrations::simtrans_sim::testing {
namespace {

namespace sn = kerf::integrations::sigmanest;

class SimTransGatewayTest : public SimTransSimTest {
 protected:
  void SetUp() override {
    SimTransSimTest::SetUp();
    sn::OdbcGatewayOptions o;
    o.connect = {conn_string_, 10, 5};
    auto g = sn::OdbcGateway::create(o);
    ASSERT_TRUE(g.ok()) << g.error().message;
    gw_ = std::move(*g);
  }

  static sn::TransActRow row(std::string type, std::string id,
                             std::map<std::string, std::string> cols) {
    return {std::move(type), 1, std::move(id), std::move(cols)};
  }

  std::vector<sn::FeedbackPacket> feedback(int64_t after = 0) {
    auto r = gw_->read_feedback(after, 100);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? std::move(*r) : std::vector<sn::FeedbackPacket>{};
  }

  std::unique_ptr<sn::OdbcGateway> gw_;
};

size_t rows_of(const sn::FeedbackPacket& p, sn::FeedbackTable t) {
  size_t n = 0;
  for (const auto& r : p.rows) n += r.table == t ? 1 : 0;
  return n;
}

TEST_P(SimTransGatewayTest, SubmittedRowsAreConsumedVerifiedOrErrored) {
  const std::vector<sn::TransActRow> batch = {
      row("SN94", "G1",
          {{"ItemName", "SH"},
           {"Qty", "2"},
           {"Material", "304"},
           {"Thickness", "1.5"},
           {"Length", "3000"},
           {"Width", "1500"},
           {"HeatNumber", "H-42"}}),
      row("SN84", "G2",
          {{"OrderNo", "WO-1"},
           {"ItemName", "P"},
           {"Qty", "6"},
           {"Material", "304"},
           {"Thickness", "1.5"},
           {"Length", "300"},
           {"Width", "200"},
           {"ItemData1", "job:9"},
           {"ItemData2", "op:31"}}),
      row("SN82", "G3", {{"OrderNo", "WO-1"}, {"ItemName", "NOPE"}})};
  ASSERT_TRUE(gw_->submit(batch).ok());
  auto st = gw_->states({"G1", "G2", "G3"});
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)[0], sn::RowState::kWaiting);
  EXPECT_EQ(poll(), 3);
  st = gw_->states({"G1", "G2", "G3"});
  ASSERT_TRUE(st.ok());
  EXPECT_EQ((*st)[0], sn::RowState::kGone);
  EXPECT_EQ((*st)[1], sn::RowState::kGone);
  EXPECT_EQ((*st)[2], sn::RowState::kErrored);
  for (size_t i = 0; i < 2; ++i) {
    auto v = gw_->verify(batch[i]);
    ASSERT_TRUE(v.ok()) << v.error().message;
    EXPECT_EQ(*v, std::optional<bool>(true)) << batch[i].trans_id;
  }
}

TEST_P(SimTransGatewayTest, PacketsComeBackCompleteLinkedAndAcknowledged) {
  ASSERT_TRUE(gw_->submit({row("SN94", "G1",
                               {{"ItemName", "SH"},
                                {"Qty", "2"},
                                {"Material", "304"},
                                {"Thickness", "1.5"},
                                {"Length", "3000"},
                                {"Width", "1500"},
                                {"HeatNumber", "H-42"}}),
                           row("SN84", "G2",
                               {{"OrderNo", "WO-1"},
                                {"ItemName", "P"},
                                {"Qty", "6"},
                                {"Material", "304"},
                                {"Thickness", "1.5"},
                                {"Length", "300"},
                                {"Width", "200"},
                                {"ItemData1", "job:9"}})})
                  .ok());
  ASSERT_EQ(poll(), 2);
  // Half-visible: the gateway leaves the packet until its STPrgArc row is there.
  Faults f;
  f.half_visible_batch = true;
  sim_->set_faults(f);
  ASSERT_EQ(nest(), 1);
  EXPECT_TRUE(feedback().empty());
  sim_->set_faults({});
  ASSERT_TRUE(sim_->flush_pending().ok());
  auto packets = feedback();
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].trans_type, "SN100");
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kPrgArc), 1u);
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kPIPArc), 1u);
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kShtArc), 1u);
  for (const auto& r : packets[0].rows) {
    if (r.table == sn::FeedbackTable::kPIPArc) {
      EXPECT_EQ(r.get("ItemData1"), "job:9");
      EXPECT_EQ(r.get("QtyInProcess"), "6");
    }
    if (r.table == sn::FeedbackTable::kShtArc) EXPECT_EQ(r.get("HeatNumber"), "H-42");
  }
  // Duplicate feedback on the cut: the SN102 packet carries every row twice.
  f = {};
  f.duplicate_feedback = true;
  sim_->set_faults(f);
  ASSERT_TRUE(sim_->cut_program(only_program()).ok());
  packets = feedback(packets[0].archive_packet_id);
  ASSERT_EQ(packets.size(), 1u);
  EXPECT_EQ(packets[0].trans_type, "SN102");
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kPrgArc), 2u);
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kPrtArc), 2u);
  EXPECT_EQ(rows_of(packets[0], sn::FeedbackTable::kRemArc), 2u);
  // Acknowledged packets are deleted (kerf is the consumer).
  auto all = feedback();
  std::vector<int64_t> ids;
  for (const auto& p : all) ids.push_back(p.archive_packet_id);
  ASSERT_EQ(ids.size(), 2u);
  ASSERT_TRUE(gw_->acknowledge(ids).ok());
  EXPECT_TRUE(feedback().empty());
  EXPECT_EQ(count("SELECT COUNT(*) FROM STPIPArc"), 0);
}

TEST_P(SimTransGatewayTest, RepostPostFirstArrivesAsTwoPacketsInWriteOrder) {
  ASSERT_TRUE(gw_->submit({row("SN94", "G1",
                               {{"ItemName", "SH"},
                                {"Qty", "1"},
                                {"Material", "MS"},
                                {"Thickness", "3"},
                                {"Length", "2500"},
                                {"Width", "1250"}}),
                           row("SN84", "G2",
                               {{"OrderNo", "WO-1"},
                                {"ItemName", "P"},
                                {"Qty", "2"},
                                {"Material", "MS"},
                                {"Thickness", "3"}})})
                  .ok());
  ASSERT_EQ(poll(), 2);
  ASSERT_EQ(nest(), 1);
  Faults f;
  f.repost_order = RepostOrder::kPostFirst;
  sim_->set_faults(f);
  ASSERT_TRUE(sim_->repost(only_program()).ok());
  auto packets = feedback();
  ASSERT_EQ(packets.size(), 3u);
  EXPECT_EQ(packets[0].trans_type, "SN100");
  EXPECT_EQ(packets[1].trans_type, "SN100");
  EXPECT_EQ(packets[2].trans_type, "SN101");
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransGatewayTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim::testing
