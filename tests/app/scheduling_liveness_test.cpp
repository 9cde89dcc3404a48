// Liveness of background schedule runs across nodes sharing one database (SQLite file or
// PostgreSQL): a node stamps heartbeats while its run searches; the "running" rows of a node that
// stopped are marked failed by any other node, with an audit row and an event.
#include <gtest/gtest.h>

#include <chrono>
#include <memory>
#include <optional>

#include "app_fixture.h"
#include "kerf/app/background.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/store/audit_repo.h"
#include "kerf/store/schedule_run_repo.h"

namespace kerf::app::testing {
namespace {

using model::Role;
using nlohmann::json;
using scheduling::RunMode;
using scheduling::RunRequest;
using scheduling::SchedulingService;
using std::chrono::seconds;

class RunLiveness : public AppBackendTest {
 protected:
  void SetUp() override {
    AppBackendTest::SetUp();
    if (HasFatalFailure()) return;
    auto seeded = seed_demo(app(), 7);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    // Node B: its own connection(s), bus and services over the same database.
    auto db = store::Database::open(url_);
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_b_ = std::move(*db);
    services_b_ = std::make_unique<Services>(*db_b_, env_, bus_b_, ServicesOptions::for_tests());
    node_a_ = std::make_unique<SchedulingService>(app());
    node_b_ = std::make_unique<SchedulingService>(*services_b_);
  }

  void TearDown() override {
    node_a_.reset();
    node_b_.reset();
    services_b_.reset();
    db_b_.reset();
    AppBackendTest::TearDown();
  }

  // A "running" row as a node left it when it stopped: started `started_ago` before now, last
  // heartbeat `beat_ago` before now (none when nullopt).
  int64_t orphan(seconds started_ago, std::optional<seconds> beat_ago) {
    store::ScheduleRun run;
    run.started_at = clock_.now() - started_ago;
    if (beat_ago) run.heartbeat_at = clock_.now() - *beat_ago;
    run.status = store::ScheduleRunStatus::kRunning;
    run.trigger_reason = "manual";
    run.message = json{{"status", "running"}, {"mode", "optimize"}}.dump();
    auto saved = db_->transact([&](store::Tx& tx) { return store::insert_schedule_run(tx, run); });
    EXPECT_TRUE(saved.ok()) << saved.error().message;
    return saved.ok() ? saved->id : 0;
  }

  store::ScheduleRun row(int64_t id) {
    auto run = db_->read([&](store::Tx& tx) { return store::get_schedule_run(tx, id); });
    EXPECT_TRUE(run.ok()) << run.error().message;
    return run.ok() ? *run : store::ScheduleRun{};
  }

  int64_t abandon_audit_rows() { return audit_rows("schedule_run", "abandon").total; }

  EventBus bus_b_;
  std::unique_ptr<store::Database> db_b_;
  std::unique_ptr<Services> services_b_;
  std::unique_ptr<SchedulingService> node_a_, node_b_;
};

TEST_P(RunLiveness, ARunningNodeStampsHeartbeatsAndOtherNodesLeaveItsRunAlone) {
  auto progress = bus_.subscribe("schedule.run.progress");
  RunRequest req;
  req.mode = RunMode::kOptimize;
  req.time_limit_s = 120;
  auto started = node_a_->start_run(as(Role::kPlanner), req);
  ASSERT_TRUE(started.ok()) << started.error().message;
  const int64_t id = (*started)["id"].get<int64_t>();
  EXPECT_FALSE(row(id).heartbeat_at.has_value());
  // The clock may only move once the engine runs (it counts beats from its own start).
  wait_until([&] { return !progress.drain().empty(); }, "the first progress event");

  // The search reports progress every 250 ms; the first report heartbeat_s (10 s) of plant
  // clock after the last beat stamps the row with that clock.
  clock_.advance(seconds(30));
  const TimePoint beat = clock_.now();
  wait_until([&] { return row(id).heartbeat_at == beat; }, "the heartbeat");

  clock_.advance(seconds(45));  // 75 s after the start, 45 s after the beat
  auto swept = node_b_->sweep_silent_runs();
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(*swept, 0);
  EXPECT_EQ(node_b_->get_run(as(Role::kLead), id).value()["status"], "running");
  auto foreign = node_b_->cancel(as(Role::kPlanner), id);
  ASSERT_FALSE(foreign.ok());
  EXPECT_NE(foreign.error().message.find("not on this node"), std::string::npos)
      << foreign.error().message;

  // Node A's own run is never silent to node A, whatever the clock says.
  clock_.advance(seconds(3600));
  EXPECT_EQ(*node_a_->sweep_silent_runs(), 0);
  auto cancelled = node_a_->cancel(as(Role::kPlanner), id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  EXPECT_EQ((*cancelled)["status"], "cancelled");
  EXPECT_EQ(abandon_audit_rows(), 0);
}

TEST_P(RunLiveness, RunsOfAStoppedNodeAreMarkedFailedByAnotherNode) {
  auto completed = bus_b_.subscribe("schedule.run.completed");
  const int64_t never_beat = orphan(seconds(61), std::nullopt);
  const int64_t beat_long_ago = orphan(seconds(600), seconds(61));
  const int64_t beat_recently = orphan(seconds(600), seconds(59));
  const int64_t young = orphan(seconds(30), std::nullopt);

  auto swept = node_b_->sweep_silent_runs();
  ASSERT_TRUE(swept.ok()) << swept.error().message;
  EXPECT_EQ(*swept, 2);
  for (int64_t id : {never_beat, beat_long_ago}) {
    const store::ScheduleRun run = row(id);
    EXPECT_EQ(run.status, store::ScheduleRunStatus::kFailed);
    EXPECT_EQ(run.finished_at, clock_.now());
    const json doc = node_b_->get_run(as(Role::kLead), id).value();
    EXPECT_EQ(doc["status"], "failed");
    EXPECT_EQ(doc["mode"], "optimize");  // the rest of the document is kept
    EXPECT_NE(doc["error"].get<std::string>().find("no sign of life"), std::string::npos);
  }
  EXPECT_EQ(row(beat_recently).status, store::ScheduleRunStatus::kRunning);
  EXPECT_EQ(row(young).status, store::ScheduleRunStatus::kRunning);
  EXPECT_EQ(abandon_audit_rows(), 2);
  EXPECT_EQ(last_audit().actor_user_id, 0);  // by the system principal
  auto events = completed.drain();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(json::parse(events.front().payload_json)["status"], "failed");
  EXPECT_EQ(*node_b_->sweep_silent_runs(), 0);  // nothing twice

  // Reading a run that just went silent reports it failed at once, no listener needed.
  clock_.advance(seconds(2));
  EXPECT_EQ(node_a_->get_run(as(Role::kLead), beat_recently).value()["status"], "failed");
  auto cancel = node_a_->cancel(as(Role::kPlanner), never_beat);
  ASSERT_FALSE(cancel.ok());
  EXPECT_EQ(cancel.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(cancel.error().message.find("failed"), std::string::npos) << cancel.error().message;
  EXPECT_EQ(row(young).status, store::ScheduleRunStatus::kRunning);
}

TEST_P(RunLiveness, ANodeStartingItsListenerSweepsAtOnce) {
  const int64_t id = orphan(seconds(120), std::nullopt);
  Background background;
  node_b_->add_background_tasks(background);
  background.start();
  wait_until([&] { return row(id).status == store::ScheduleRunStatus::kFailed; }, "the sweep");
  background.stop();
  EXPECT_EQ(abandon_audit_rows(), 1);
}

INSTANTIATE_TEST_SUITE_P(Backends, RunLiveness, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app::testing
