// app::SigmanestLedger on both backends: enqueue with the outbox cursor, TransIDs, marks with
// audit, sync log and events, retry, inbound packet keys with the high-water mark, poll notes.
#include "kerf/app/sigmanest_ledger.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "app/app_fixture.h"
#include "kerf/store/sigmanest_log_repo.h"

namespace kerf::app {
namespace {

using testing::AppBackendTest;
using testing::as;

class SigmanestLedgerTest : public AppBackendTest {
 protected:
  SigmanestLedger& ledger() { return app().sigmanest(); }

  OutboundRow sn84(const std::string& order, int64_t qty) {
    OutboundRow r;
    r.trans_type = "SN84";
    r.district = 1;
    r.columns = {{"OrderNo", order}, {"ItemName", "P1"}, {"Qty", std::to_string(qty)}};
    r.entity = "job";
    r.entity_id = 3;
    r.event_id = 9;
    return r;
  }

  int64_t log_rows(const std::string& status) {
    store::ListQuery q;
    q.filters["status"] = status;
    auto page = db_->read([&](store::Tx& tx) { return store::list_sigmanest_sync(tx, q); });
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->total : -1;
  }
};

TEST_P(SigmanestLedgerTest, EnqueueAssignsTransIdsAndMovesTheCursorTogether) {
  auto rows = ledger().enqueue(system(), {sn84("J-1", 5), sn84("J-1", 7)}, 12);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  ASSERT_EQ(rows->size(), 2u);
  EXPECT_NE((*rows)[0].trans_id, (*rows)[1].trans_id);
  for (const auto& r : *rows) {
    EXPECT_EQ(r.trans_id.substr(0, 1), "K");
    EXPECT_LE(r.trans_id.size(), 10u);
    EXPECT_EQ(r.status, OutboundStatus::kQueued);
  }
  auto queued = ledger().rows_with_status(system(), OutboundStatus::kQueued, 10);
  ASSERT_TRUE(queued.ok()) << queued.error().message;
  ASSERT_EQ(queued->size(), 2u);
  EXPECT_EQ((*queued)[0].columns.at("Qty"), "5");
  EXPECT_EQ((*queued)[0].trans_id, (*rows)[0].trans_id);

  // A given trans_id that exists is a conflict and nothing of the batch is stored.
  OutboundRow dup = sn84("J-2", 1);
  dup.trans_id = (*rows)[0].trans_id;
  auto conflict = ledger().enqueue(system(), {sn84("J-2", 2), dup}, 20);
  ASSERT_FALSE(conflict.ok());
  EXPECT_EQ(conflict.error().code, ErrorCode::kConflict);
  EXPECT_EQ(count("sigmanest_outbound"), 2);
}

TEST_P(SigmanestLedgerTest, EventsAfterCursorFollowsTheOutbox) {
  seed_master_data();
  auto job = create_job("J-7");
  clock_.advance(std::chrono::seconds(10));  // past the PostgreSQL grace
  auto events = ledger().events_after_cursor(system(), 1000);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_FALSE(events->empty());
  const int64_t last = events->back().id;
  ASSERT_TRUE(ledger().enqueue(system(), {}, last).ok());
  auto after = ledger().events_after_cursor(system(), 1000);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  auto released = app().jobs().release(as(model::Role::kPlanner), job.job.id, std::nullopt);
  ASSERT_TRUE(released.ok()) << released.error().message;
  clock_.advance(std::chrono::seconds(10));
  after = ledger().events_after_cursor(system(), 1000);
  ASSERT_TRUE(after.ok());
  ASSERT_FALSE(after->empty());
  EXPECT_EQ(after->front().topic, "job.released");
}

TEST_P(SigmanestLedgerTest, MarksWriteLogAuditAndFailureEvents) {
  auto rows = ledger().enqueue(system(), {sn84("J-1", 5), sn84("J-1", 6)}, 0);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  const int64_t a = (*rows)[0].id, b = (*rows)[1].id;
  ASSERT_TRUE(ledger().begin_attempt(system(), {a, b}).ok());
  ASSERT_TRUE(ledger().mark(system(), {a, b}, OutboundStatus::kSent).ok());
  topics();
  ASSERT_TRUE(ledger().mark(system(), {a}, OutboundStatus::kConsumed).ok());
  ASSERT_TRUE(ledger().mark(system(), {b}, OutboundStatus::kFailed, "ErrorTag = 1").ok());
  auto t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "sigmanest.row_failed"), 1);
  EXPECT_EQ(log_rows("ok"), 3);     // two sent + one consumed
  EXPECT_EQ(log_rows("error"), 1);  // failed
  EXPECT_EQ(audit_rows("sigmanest_outbound", "failed").total, 1);

  auto failed = ledger().rows_with_status(system(), OutboundStatus::kFailed, 10);
  ASSERT_TRUE(failed.ok());
  ASSERT_EQ(failed->size(), 1u);
  EXPECT_EQ(failed->front().attempts, 1);
  EXPECT_EQ(failed->front().error, "ErrorTag = 1");
  EXPECT_TRUE(failed->front().sent_at.has_value());

  auto st = ledger().status(as(model::Role::kOperator));
  ASSERT_TRUE(st.ok()) << st.error().message;
  EXPECT_EQ(st->outbound["consumed"], 1);
  EXPECT_EQ(st->outbound["failed"], 1);
}

TEST_P(SigmanestLedgerTest, RetryRequeuesUnderANewTransIdAndOnlyBadRows) {
  auto rows = ledger().enqueue(system(), {sn84("J-1", 5), sn84("J-1", 6)}, 0);
  ASSERT_TRUE(rows.ok());
  const int64_t a = (*rows)[0].id, b = (*rows)[1].id;
  ASSERT_TRUE(ledger().begin_attempt(system(), {a, b}).ok());
  ASSERT_TRUE(ledger().mark(system(), {a, b}, OutboundStatus::kSent).ok());
  ASSERT_TRUE(ledger().mark(system(), {a}, OutboundStatus::kFailed, "ErrorTag = 1").ok());

  auto denied = ledger().retry(as(model::Role::kOperator), a);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  auto not_failed = ledger().retry(as(model::Role::kPlanner), b);
  ASSERT_FALSE(not_failed.ok());
  EXPECT_EQ(not_failed.error().code, ErrorCode::kFailedPrecondition);

  topics();
  auto retried = ledger().retry(as(model::Role::kPlanner), a);
  ASSERT_TRUE(retried.ok()) << retried.error().message;
  EXPECT_EQ(retried->status, OutboundStatus::kQueued);
  EXPECT_NE(retried->trans_id, (*rows)[0].trans_id);
  EXPECT_LE(retried->trans_id.size(), 10u);
  EXPECT_EQ(retried->attempts, 1);
  EXPECT_TRUE(retried->error.empty());
  auto t = topics();
  EXPECT_NE(std::find(t.begin(), t.end(), "sigmanest.retry"), t.end());
  EXPECT_EQ(audit_rows("sigmanest_outbound", "retry").total, 1);
}

TEST_P(SigmanestLedgerTest, RefusedRowsAreStoredWithTheField) {
  OutboundRow bad = sn84("J-1", 5);
  bad.status = OutboundStatus::kRefused;
  bad.error = "ItemName: 120 characters, the column holds 100";
  auto rows = ledger().enqueue(system(), {bad}, 0);
  ASSERT_TRUE(rows.ok()) << rows.error().message;
  auto refused = ledger().rows_with_status(system(), OutboundStatus::kRefused, 10);
  ASSERT_TRUE(refused.ok());
  ASSERT_EQ(refused->size(), 1u);
  EXPECT_EQ(refused->front().error, bad.error);
  EXPECT_EQ(log_rows("error"), 1);
}

TEST_P(SigmanestLedgerTest, IntegrationWritesNeedTheSyncPermission) {
  auto r = ledger().enqueue(as(model::Role::kPlanner), {sn84("J-1", 1)}, 0);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kPermissionDenied);
}

TEST_P(SigmanestLedgerTest, PacketKeysRaiseTheHighWaterMark) {
  store::SigmanestSyncEntry log;
  log.direction = "import";
  log.kind = "SN100";
  log.external_ref = "PRG-1";
  log.status = "ok";
  ASSERT_TRUE(ledger().record_packet(system(), 40, "SN100", "PRG-1", log).ok());
  ASSERT_TRUE(ledger().record_packet(system(), 38, "SN100", "PRG-0", log).ok());
  auto hw = ledger().high_water(system());
  ASSERT_TRUE(hw.ok());
  EXPECT_EQ(*hw, 40);
  auto seen = ledger().packet_ingested(system(), 40, "SN100", "PRG-1");
  ASSERT_TRUE(seen.ok());
  EXPECT_TRUE(*seen);
  auto unseen = ledger().packet_ingested(system(), 40, "SN102", "PRG-1");
  ASSERT_TRUE(unseen.ok());
  EXPECT_FALSE(*unseen);
  // Recording the same key again changes nothing but the log.
  ASSERT_TRUE(ledger().record_packet(system(), 40, "SN100", "PRG-1", log).ok());
  auto st = ledger().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->inbound_packets, 2);
  EXPECT_EQ(st->feedback_high_water, 40);
}

TEST_P(SigmanestLedgerTest, NotePollEmitsStoppedOnceAndResumed) {
  topics();
  ASSERT_TRUE(ledger().note_poll(system(), "odbc", "", false).ok());
  ASSERT_TRUE(ledger().note_poll(system(), "odbc", "", true).ok());
  ASSERT_TRUE(ledger().note_poll(system(), "odbc", "", true).ok());
  auto t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "sigmanest.simtrans_stopped"), 1);
  auto st = ledger().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->enabled);
  EXPECT_EQ(st->gateway, "odbc");
  EXPECT_TRUE(st->simtrans_stopped);
  ASSERT_TRUE(st->last_poll_at.has_value());
  EXPECT_TRUE(*st->last_poll_at == clock_.now());
  ASSERT_TRUE(ledger().note_poll(system(), "odbc", "connect failed", false).ok());
  t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "sigmanest.simtrans_resumed"), 1);
  st = ledger().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->simtrans_stopped);
  EXPECT_EQ(st->last_error, "connect failed");
}

INSTANTIATE_TEST_SUITE_P(Backends, SigmanestLedgerTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app
