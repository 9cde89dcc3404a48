// Outbound through real ODBC (SQLite SimTrans tables): a released job's rows reach TransAct
// with kerf's ids, over-length values are refused with the field named, a crash between submit
// and mark duplicates nothing, ErrorTag = 1 fails the row and a retry after correction sends it.
#include <gtest/gtest.h>

#include <algorithm>

#include "integrations/sigmanest_sync_fixture.h"

namespace kerf::integrations::sigmanest {
namespace {

using app::OutboundStatus;
using app::testing::as;
using testing::SyncTest;

class OutboundTest : public SyncTest {};

TEST_F(OutboundTest, ReleasedJobReachesTransActWithKerfIds) {
  const int64_t job_id = released_job("J-100", 12);
  poll();
  auto rs =
      sql("SELECT TransType, District, TransID, OrderNo, ItemName, Qty, ItemData1, ItemData2, "
          "ItemData3, ItemData4, OnHold, ErrorTag FROM TransAct ORDER BY AutoInc");
  ASSERT_EQ(rs.rows.size(), 2u);
  EXPECT_EQ(rs.get(0, "TransType"), "SN87");
  EXPECT_EQ(rs.get(0, "OrderNo"), "J-100");
  EXPECT_EQ(rs.get(0, "OnHold"), "0");
  EXPECT_EQ(rs.get(1, "TransType"), "SN84");
  EXPECT_EQ(rs.get(1, "ItemName"), "P1");
  EXPECT_EQ(rs.get(1, "Qty"), "12");
  EXPECT_EQ(rs.get(1, "ItemData1"), std::to_string(job_id));
  EXPECT_EQ(rs.get(1, "ItemData2"), "J-100");
  EXPECT_EQ(rs.get(1, "ItemData3"), std::to_string(part_id_));
  EXPECT_EQ(rs.get(1, "District"), "1");
  const auto row = ledger_row("SN84");
  EXPECT_EQ(row.status, OutboundStatus::kSent);
  EXPECT_EQ(rs.get(1, "TransID"), row.trans_id);
  EXPECT_EQ(row.attempts, 1);

  // A second poll sends nothing again.
  poll();
  EXPECT_EQ(transact_rows(), 2);

  // SimTrans processes the rows: consumed, then verified applied against SNDBase.
  simtrans_applies_work_order("J-100", "P1", "12");
  poll();
  EXPECT_EQ(ledger_row("SN84").status, OutboundStatus::kApplied);
  EXPECT_EQ(ledger_row("SN87").status, OutboundStatus::kApplied);
  auto st = app().sigmanest().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->outbound["applied"], 2);
  EXPECT_EQ(st->gateway, "odbc");
  EXPECT_EQ(st->last_error, "");
}

TEST_F(OutboundTest, HoldAndCancelFollowTheWorkOrder) {
  const int64_t job_id = released_job("J-101");
  poll();
  auto held = app().jobs().hold(as(model::Role::kPlanner), job_id, "customer call", std::nullopt);
  ASSERT_TRUE(held.ok()) << held.error().message;
  poll();
  auto rs = sql("SELECT TransType, OnHold FROM TransAct ORDER BY AutoInc");
  ASSERT_EQ(rs.rows.size(), 3u);
  EXPECT_EQ(rs.get(2, "TransType"), "SN87");
  EXPECT_EQ(rs.get(2, "OnHold"), "1");
  auto cancelled =
      app().jobs().cancel(as(model::Role::kPlanner), job_id, "order withdrawn", std::nullopt);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  poll();
  EXPECT_EQ(transact_rows("TransType = ?", {"SN89"}), 1);
  // A job cancelled before it was ever sent sends nothing.
  auto other = create_job("J-102");
  ASSERT_TRUE(
      app().jobs().cancel(as(model::Role::kPlanner), other.job.id, "typo", std::nullopt).ok());
  poll();
  EXPECT_EQ(transact_rows("OrderNo = ?", {"J-102"}), 0);
}

TEST_F(OutboundTest, StockReceiptIsSN94AndOverLengthIsRefusedWithTheField) {
  app::ReceiveSheetsInput in;
  in.material = model::Material::kStainless304;
  in.thickness_mm = 1.5;
  in.length_mm = 3000;
  in.width_mm = 1500;
  in.quantity = 8;
  in.location = "RACK-A3";
  in.heat_number = "H-5531";
  in.mill_cert_ref = "MC-1";
  in.supplier = "Outokumpu";
  auto ok = app().materials().receive(as(model::Role::kPlanner), in);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  in.location = std::string(60, 'L');  // the Location column holds 50
  auto long_location = app().materials().receive(as(model::Role::kPlanner), in);
  ASSERT_TRUE(long_location.ok()) << long_location.error().message;
  poll();
  auto rs = sql("SELECT TransType, ItemName, Qty, HeatNumber, Location, ItemData5 FROM TransAct");
  ASSERT_EQ(rs.rows.size(), 1u);
  EXPECT_EQ(rs.get(0, "TransType"), "SN94");
  EXPECT_EQ(rs.get(0, "ItemName"), sheet_item_name(ok->sheet.id));
  EXPECT_EQ(rs.get(0, "HeatNumber"), "H-5531");
  EXPECT_EQ(rs.get(0, "ItemData5"), std::to_string(ok->sheet.id));
  auto refused = app().sigmanest().rows_with_status(system(), OutboundStatus::kRefused, 10);
  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->front().entity_id, long_location->sheet.id);
  EXPECT_EQ(refused->front().error.rfind("Location: ", 0), 0u) << refused->front().error;
  EXPECT_NE(refused->front().error.find("50"), std::string::npos) << refused->front().error;
  EXPECT_EQ(refused->front().columns.at("Location"), std::string(60, 'L'));  // not truncated
}

TEST_F(OutboundTest, CrashBetweenSubmitAndMarkSendsNothingTwice) {
  released_job("J-200");
  // The first process queues the rows, records the attempt and submits, then dies before
  // marking them sent.
  auto queued = sync_->outbound().queue_events();
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  auto rows = app().sigmanest().rows_with_status(system(), OutboundStatus::kQueued, 10);
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 2u);
  std::vector<int64_t> ids;
  std::vector<TransActRow> batch;
  for (const auto& r : *rows) {
    ids.push_back(r.id);
    batch.push_back(TransActRow{r.trans_type, r.district, r.trans_id, r.columns});
  }
  ASSERT_TRUE(app().sigmanest().begin_attempt(system(), ids).ok());
  ASSERT_TRUE(gateway_->submit(batch).ok());
  // SimTrans already consumed the header.
  exec("DELETE FROM TransAct WHERE TransType = 'SN87'");
  exec("INSERT INTO WO (WONumber, OnHold) VALUES ('J-200', 0)");

  make_sync();  // restart
  poll();
  EXPECT_EQ(transact_rows(), 1);  // the SN84 only, once
  EXPECT_EQ(transact_rows("TransType = 'SN84'"), 1);
  EXPECT_EQ(ledger_row("SN84").status, OutboundStatus::kSent);
  EXPECT_EQ(ledger_row("SN87").status, OutboundStatus::kApplied);
  EXPECT_EQ(ledger_row("SN84").attempts, 1);
}

TEST_F(OutboundTest, CrashBeforeSubmitSendsTheRowsOnce) {
  released_job("J-201");
  auto queued = sync_->outbound().queue_events();
  ASSERT_TRUE(queued.ok());
  auto rows = app().sigmanest().rows_with_status(system(), OutboundStatus::kQueued, 10);
  ASSERT_TRUE(rows.ok());
  std::vector<int64_t> ids;
  for (const auto& r : *rows) ids.push_back(r.id);
  ASSERT_TRUE(app().sigmanest().begin_attempt(system(), ids).ok());  // then the process dies

  make_sync();
  poll();
  EXPECT_EQ(transact_rows(), 2);
  EXPECT_EQ(ledger_row("SN84").status, OutboundStatus::kSent);
  EXPECT_EQ(ledger_row("SN84").attempts, 2);
}

TEST_F(OutboundTest, ErrorTagFailsTheRowAndRetryAfterCorrectionSendsIt) {
  released_job("J-300");
  poll();
  const auto sent = ledger_row("SN84");
  exec("UPDATE TransAct SET ErrorTag = 1 WHERE TransID = ?", {sent.trans_id});
  topics();
  poll();
  const auto failed = ledger_row("SN84");
  EXPECT_EQ(failed.status, OutboundStatus::kFailed);
  EXPECT_NE(failed.error.find("ErrorTag"), std::string::npos);
  auto t = topics();
  EXPECT_NE(std::find(t.begin(), t.end(), "sigmanest.row_failed"), t.end());

  // Correction on Sigmanest's side (e.g. the material created), the errored row cleared by the
  // SimTrans operator, then a planner retries.
  exec("DELETE FROM TransAct WHERE ErrorTag = 1");
  auto retried = app().sigmanest().retry(as(model::Role::kPlanner), failed.id);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  poll();
  const auto again = ledger_row("SN84");
  EXPECT_EQ(again.status, OutboundStatus::kSent);
  EXPECT_NE(again.trans_id, sent.trans_id);
  EXPECT_EQ(again.attempts, 2);
  EXPECT_EQ(transact_rows("TransID = ?", {again.trans_id}), 1);
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
