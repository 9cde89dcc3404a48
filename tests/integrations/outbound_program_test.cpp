// Operator actions on a program reach TransAct through real ODBC (SQLite SimTrans tables):
// start/stop SN73N, reject SN78R, done SN73C + SN70 (+ SN91A of the sheet), delete SN74. The
// same changes coming from Sigmanest's feedback produce no row, disabled codes are left out and
// an over-length value is refused with the column named.
#include <gtest/gtest.h>

#include "integrations/sigmanest_sync_fixture.h"
#include "kerf/integrations/sigmanest/outbound.h"

namespace kerf::integrations::sigmanest {
namespace {

using app::OutboundStatus;
using app::testing::as;
using model::NestState;
using model::Role;
using testing::SyncTest;

class OutboundProgramTest : public SyncTest {
 protected:
  void SetUp() override {
    SyncTest::SetUp();
    if (HasFatalFailure()) return;
    app::ReceiveSheetsInput in;
    in.material = model::Material::kStainless304;
    in.thickness_mm = 1.5;
    in.length_mm = 3000;
    in.width_mm = 1500;
    in.quantity = 10;
    in.location = "RACK-B1";
    in.heat_number = "H-77";
    in.mill_cert_ref = "MC-77";
    in.supplier = "Outokumpu";
    auto received = app().materials().receive(system(), in);
    ASSERT_TRUE(received.ok()) << received.error().message;
    sheet_id_ = received->sheet.id;
    job_id_ = released_job("J-300", 10);
    poll();  // SN94, SN87, SN84
    base_ = transact_rows();
  }

  // A program of 4 pieces of J-300 on `machine`, posted by the Sigmanest sync.
  int64_t posted(const std::string& name, const std::string& machine = "LAS-1") {
    app::PostProgramInput in;
    in.program_name = name;
    in.machine_name = machine;
    in.sheet_id = sheet_id_;
    in.cut_seconds = 600;
    in.parts = {{job_id_, part_id_, 4}};
    auto nest = app().nests().post_program(sigmanest_, in);
    EXPECT_TRUE(nest.ok()) << nest.error().message;
    return nest.ok() ? nest->id : 0;
  }

  // The TransAct rows after the ones present at SetUp, in order.
  odbc::ResultSet new_rows() {
    return sql(
        "SELECT TransType, ProgramName, Param1, Param3, StringData1, StringData4, ItemName, Qty, "
        "District FROM TransAct WHERE AutoInc > (SELECT MIN(AutoInc) FROM TransAct) + ? "
        "ORDER BY AutoInc",
        {std::to_string(base_ - 1)});
  }

  app::Principal sigmanest_ = app::integration_principal("sigmanest");
  app::Principal operator_ = as(Role::kOperator);
  int64_t sheet_id_ = 0;
  int64_t job_id_ = 0;
  int64_t base_ = 0;
};

TEST_F(OutboundProgramTest, OperatorActionsBecomeTransActRows) {
  const int64_t id = posted("N-300");
  poll();
  EXPECT_EQ(transact_rows(), base_);  // the post came from Sigmanest

  ASSERT_TRUE(app().nests().start_program(operator_, id).ok());
  ASSERT_TRUE(app().nests().stop_program(operator_, id, 240).ok());
  ASSERT_TRUE(app().nests().start_program(operator_, id).ok());
  app::RejectPartInput reject;
  reject.part_id = part_id_;
  reject.pieces = 1;
  reject.reason = "tipped part";
  ASSERT_TRUE(app().nests().reject_part(operator_, id, reject).ok());
  auto done = app().nests().finish_program(operator_, id, 610);
  ASSERT_TRUE(done.ok()) << done.error().message;
  poll();

  auto rs = new_rows();
  ASSERT_EQ(rs.rows.size(), 7u);
  EXPECT_EQ(rs.get(0, "TransType"), "SN73N");
  EXPECT_EQ(rs.get(0, "ProgramName"), "N-300");
  EXPECT_EQ(rs.get(0, "Param1"), "1");
  EXPECT_EQ(rs.get(0, "StringData1"), "LAS-1");
  EXPECT_EQ(rs.get(0, "District"), "1");
  EXPECT_EQ(rs.get(1, "TransType"), "SN73N");
  EXPECT_EQ(rs.get(1, "Param1"), "3");
  EXPECT_EQ(rs.get(1, "Param3"), "240");
  EXPECT_EQ(rs.get(2, "Param1"), "1");
  EXPECT_EQ(rs.get(3, "TransType"), "SN78R");
  EXPECT_EQ(rs.get(3, "ItemName"), "P1");  // as SN84 sent it
  EXPECT_EQ(rs.get(3, "StringData4"), sheet_item_name(sheet_id_));
  EXPECT_EQ(rs.get(3, "Qty"), "1");
  // The cut: SN73C + SN70 (Sigmanest takes the sheet), then kerf's absolute stock quantity. The
  // cut's own material.consumed is not echoed: before SN70 Sigmanest still holds the sheet in
  // process, and it would go out once per job of the program.
  EXPECT_EQ(rs.get(4, "TransType"), "SN73C");
  EXPECT_EQ(rs.get(4, "Param3"), "610");
  EXPECT_EQ(rs.get(5, "TransType"), "SN70");
  EXPECT_EQ(rs.get(5, "ProgramName"), "N-300");
  EXPECT_EQ(rs.get(6, "TransType"), "SN91A");
  EXPECT_EQ(rs.get(6, "Qty"), "9");
  const auto sn70 = ledger_row("SN70");
  EXPECT_EQ(sn70.entity, "nest");
  EXPECT_EQ(sn70.entity_id, id);
  EXPECT_EQ(sn70.status, OutboundStatus::kSent);

  // Delete of a posted program: SN74.
  const int64_t other = posted("N-301");
  ASSERT_TRUE(app().nests().remove_program(operator_, other).ok());
  poll();
  EXPECT_EQ(transact_rows("TransType = ? AND ProgramName = ?", {"SN74", "N-301"}), 1);
}

TEST_F(OutboundProgramTest, SigmanestChangesAreNotEchoedBack) {
  const int64_t id = posted("N-310");
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-310", NestState::kStarted, 30).ok());
  ASSERT_TRUE(app().nests().set_state(sigmanest_, "N-310", NestState::kStopped, 60).ok());
  app::CutProgramInput cut;
  cut.program_name = "N-310";
  cut.cut_seconds_actual = 600;
  ASSERT_TRUE(app().nests().cut_program(sigmanest_, cut).ok());
  posted("N-311");
  ASSERT_TRUE(app().nests().delete_program(sigmanest_, "N-311").ok());
  poll();
  // Nothing goes out: Sigmanest's cut took the sheet in Sigmanest already, so the consumption
  // it caused in kerf is not echoed either.
  EXPECT_EQ(transact_rows(), base_);
  EXPECT_EQ(transact_rows("TransType = ?", {"SN91A"}), 0);
  EXPECT_EQ(transact_rows("ProgramName IS NOT NULL"), 0);
  EXPECT_GT(id, 0);
}

TEST_F(OutboundProgramTest, DisabledCodesAreLeftOutAndOverLengthIsRefused) {
  config_.trans_types = {"SN84", "SN87", "SN94", "SN91A", "SN70"};
  make_sync();
  const int64_t id = posted("N-320");
  ASSERT_TRUE(app().nests().start_program(operator_, id).ok());
  ASSERT_TRUE(app().nests().finish_program(operator_, id, 500).ok());
  poll();
  EXPECT_EQ(transact_rows("TransType = ?", {"SN73N"}), 0);
  EXPECT_EQ(transact_rows("TransType = ?", {"SN73C"}), 0);
  EXPECT_EQ(transact_rows("TransType = ?", {"SN70"}), 1);

  config_.trans_types.clear();
  make_sync();
  const std::string long_machine(60, 'M');
  const int64_t loose = posted("N-321", long_machine);
  ASSERT_TRUE(app().nests().start_program(operator_, loose).ok());
  poll();
  const auto refused = ledger_row("SN73N");
  EXPECT_EQ(refused.status, OutboundStatus::kRefused);
  EXPECT_NE(refused.error.find("StringData1"), std::string::npos) << refused.error;
  EXPECT_EQ(transact_rows("TransType = ?", {"SN73N"}), 0);
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
