// The Sync poll through real ODBC: the poll note, the "SimTrans stopped" alert after k polling
// intervals and its end, the inbound step, an unreachable peer, the background task.
#include "kerf/integrations/sigmanest/sync.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "integrations/sigmanest_sync_fixture.h"

namespace kerf::integrations::sigmanest {
namespace {

using app::OutboundStatus;
using testing::SyncTest;

class SyncPollTest : public SyncTest {};

TEST_F(SyncPollTest, SimTransStoppedAfterKIntervalsThenResumed) {
  released_job("J-400");
  topics();
  poll();
  auto st = app().sigmanest().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_FALSE(st->simtrans_stopped);
  ASSERT_TRUE(st->last_poll_at.has_value());

  // Nobody consumes TransAct: after stopped_after_polls (3) x 10 s the poll raises the alert,
  // once.
  clock_.advance(std::chrono::seconds(25));
  poll();
  EXPECT_FALSE(app().sigmanest().status(system())->simtrans_stopped);
  clock_.advance(std::chrono::seconds(10));
  poll();
  poll();
  st = app().sigmanest().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_TRUE(st->simtrans_stopped);
  EXPECT_GE(st->oldest_sent_age_s.value_or(0), 30);
  auto t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "sigmanest.simtrans_stopped"), 1);

  // SimTrans runs again.
  simtrans_applies_work_order("J-400", "P1", "10");
  poll();
  st = app().sigmanest().status(system());
  EXPECT_FALSE(st->simtrans_stopped);
  t = topics();
  EXPECT_EQ(std::count(t.begin(), t.end(), "sigmanest.simtrans_resumed"), 1);
}

TEST_F(SyncPollTest, InboundRunsAfterOutboundAndItsErrorIsNoted) {
  int calls = 0;
  sync_->set_inbound([&]() -> Status {
    ++calls;
    // Outbound ran first: the rows are in TransAct already.
    EXPECT_EQ(transact_rows(), 2);
    return Error::unavailable("feedback tables unreachable");
  });
  released_job("J-401");
  clock_.advance(std::chrono::seconds(1));
  Status s = sync_->poll_once();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(calls, 1);
  auto st = app().sigmanest().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(st->last_error, "inbound: feedback tables unreachable");
  EXPECT_EQ(st->outbound["sent"], 2);
}

TEST_F(SyncPollTest, UnreachablePeerKeepsRowsQueuedAndNotesTheError) {
  OdbcGatewayOptions o;
  o.connect.connection_string = kerf::testing::unreachable_postgres_odbc();
  o.connect.login_timeout_s = 2;
  auto g = OdbcGateway::create(o);
  ASSERT_TRUE(g.ok());
  Sync sync(app(), **g, config_, env_);
  released_job("J-402");
  Status s = sync.poll_once();
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kUnavailable) << s.error().message;
  auto st = app().sigmanest().status(system());
  ASSERT_TRUE(st.ok());
  EXPECT_NE(st->last_error.find("outbound: "), std::string::npos);
  // Queued and in doubt; the real gateway later resolves and sends them exactly once.
  EXPECT_EQ(st->outbound["queued"], 2);
  poll();
  EXPECT_EQ(transact_rows(), 2);
  EXPECT_EQ(ledger_row("SN84").status, OutboundStatus::kSent);
}

TEST_F(SyncPollTest, BackgroundTaskPolls) {
  released_job("J-403");
  app::Background background;
  sync_->add_background_tasks(background);
  background.start();
  wait_until([&] { return transact_rows() == 2; }, "the background poll to send the rows");
  background.stop();
  auto stats = background.stats();
  ASSERT_EQ(stats.size(), 1u);
  EXPECT_EQ(stats[0].name, "sigmanest.sync");
  EXPECT_GE(stats[0].runs, 1u);
}

}  // namespace
}  // namespace kerf::integrations::sigmanest
