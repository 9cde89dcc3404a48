// The Scheduler, Dispatch and Capacity specialists through the AgentRuntime on a real SQLite
// database with app::Services: a rush order moving more than 3 jobs opens an approval and
// waits; the decision resumes it; under the threshold nothing is opened; the capacity scan
// proposes overtime behind an approval, once per department and week; a thread cut off by a
// crash is recovered by a new runtime without opening its approval twice.
#include <gtest/gtest.h>

#include <memory>

#include "agents/shop/ledger_store.h"
#include "app/app_fixture.h"
#include "kerf/agents/graph/runner.h"
#include "kerf/agents/shop/runtime.h"
#include "kerf/agents/shop/specialists.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/model/work_center.h"

namespace kerf::agents {
namespace {

using app::testing::as;
using nlohmann::json;

class ShopAgentsTest : public app::testing::AppTest {
 protected:
  void SetUp() override {
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
    if (HasFatalFailure()) return;
    scheduling_ = std::make_unique<app::scheduling::SchedulingService>(app());
  }
  void TearDown() override {
    runtime_.reset();
    scheduling_.reset();
    AppTest::TearDown();
  }

  AgentRuntime& runtime() {
    if (!runtime_) {
      runtime_ = std::make_unique<AgentRuntime>(app(), *scheduling_, settings_, nullptr);
    }
    return *runtime_;
  }

  // A job: laser 600 s + 90 s/piece on LAS-1/LAS-2, bend 300 s + bend_s/piece on BRK-1.
  int64_t make_job(const std::string& number, int32_t priority, int64_t quantity = 60,
                   int64_t bend_s = 60, std::chrono::hours due_in = std::chrono::hours(24 * 7)) {
    app::JobInput in = job_input(number, quantity);
    in.priority = priority;
    in.due = clock_.now() + due_in;
    in.operations[1].run_seconds_per_piece = bend_s;
    auto r = app().jobs().create(as(model::Role::kPlanner), in);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->job.id : 0;
  }

  int64_t poll() {
    auto n = runtime().poll_once();
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  std::vector<app::AgentThreadRow> threads(const std::string& agent) {
    store::ListQuery q;
    q.filters["agent"] = agent;
    q.limit = 100;
    auto page = app().agents().threads(system(), q);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items : std::vector<app::AgentThreadRow>{};
  }

  app::AgentThreadRow thread(const std::string& id) {
    auto t = app().agents().thread(system(), id);
    EXPECT_TRUE(t.ok()) << id << ": " << t.error().message;
    return t.ok() ? *t : app::AgentThreadRow{};
  }

  std::vector<app::Approval> approvals() {
    store::ListQuery q;
    q.limit = 100;
    auto page = app().approvals().list(system(), q);
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? page->items : std::vector<app::Approval>{};
  }

  // The latest checkpoint's state of a thread.
  json state_of(const std::string& id) {
    LedgerCheckpointStore store(app().agents());
    auto cp = store.latest(id);
    EXPECT_TRUE(cp.ok()) << id << ": " << cp.error().message;
    return cp.ok() ? cp->state : json();
  }

  app::Approval decide(int64_t approval_id, const std::string& verdict, model::Role role,
                       const std::string& comment = "") {
    app::DecisionInput in;
    in.approval_id = approval_id;
    in.verdict = verdict;
    in.comment = comment;
    auto a = app().approvals().decide(as(role), in);
    EXPECT_TRUE(a.ok()) << a.error().message;
    return a.ok() ? *a : app::Approval{};
  }

  // The rush scenario: six jobs at the normal priority, then a rush job of the same size and due
  // date at priority 1 (its what-if puts it first and every other job's bend later).
  int64_t rush_scenario(int normal_jobs) {
    for (int i = 0; i < normal_jobs; ++i) make_job("J-" + std::to_string(100 + i), 3);
    return make_job("J-900", 1);
  }

  AgentSettings settings_;
  std::unique_ptr<app::scheduling::SchedulingService> scheduling_;
  std::unique_ptr<AgentRuntime> runtime_;
};

TEST_F(ShopAgentsTest, RushMovingMoreThanThreeJobsOpensAnApprovalAndWaits) {
  const int64_t rush = rush_scenario(6);
  EXPECT_EQ(poll(), 7);  // seven job.created events handled

  auto scheduler = threads("scheduler");
  ASSERT_EQ(scheduler.size(), 1u) << "only the rush job concerns the scheduler";
  const app::AgentThreadRow t = scheduler.front();
  EXPECT_EQ(t.id.rfind("scheduler/evt-", 0), 0u) << t.id;
  EXPECT_EQ(t.status, "interrupted") << t.reason;
  ASSERT_GT(t.approval_id, 0);

  auto list = approvals();
  ASSERT_EQ(list.size(), 1u);
  const app::Approval& a = list.front();
  EXPECT_EQ(a.id, t.approval_id);
  EXPECT_EQ(a.gate, app::GateKind::kRushOrder);
  EXPECT_EQ(a.status, app::ApprovalStatus::kPending);
  EXPECT_EQ(a.thread_id, t.id);
  EXPECT_EQ(a.action, (json{{"job_id", rush}, {"priority", 1}}));
  const json moved = a.evidence.value("moved_jobs", json::array());
  EXPECT_GT(moved.size(), 3u) << a.evidence.dump(2);
  for (const auto& m : moved) {
    EXPECT_NE(m.value("job_id", int64_t{0}), rush);
    EXPECT_FALSE(m.value("job_number", "").empty());
    if (!m["delay_s"].is_null()) EXPECT_GT(m["delay_s"].get<int64_t>(), 3600);
  }
  EXPECT_EQ(a.evidence["job"]["job_number"], "J-900");
  EXPECT_TRUE(a.evidence["what_if"]["metrics_before"].is_object());
  EXPECT_GT(a.evidence["what_if"].value("run_id", int64_t{0}), 0);
  EXPECT_NE(a.title.find("J-900"), std::string::npos) << a.title;

  // Polling again handles nothing new and opens nothing.
  EXPECT_EQ(poll(), 0);
  EXPECT_EQ(approvals().size(), 1u);

  // The planner approves: the thread resumes on approval.decided and ends with the effect.
  decide(a.id, "approve", model::Role::kPlanner);
  poll();
  const app::AgentThreadRow done = thread(t.id);
  EXPECT_EQ(done.status, "done") << done.reason;
  EXPECT_EQ(done.approval_id, 0);
  const json state = state_of(t.id);
  const std::string outcome = state.value("outcome", "");
  EXPECT_NE(outcome.find("approved by"), std::string::npos) << outcome;
  EXPECT_NE(outcome.find("J-900 is at priority 1"), std::string::npos) << outcome;
  // Whatever the decision's own events started, nothing was opened twice.
  poll();
  EXPECT_EQ(approvals().size(), 1u);
}

TEST_F(ShopAgentsTest, RejectedRushEndsWithTheComment) {
  rush_scenario(6);
  poll();
  auto list = approvals();
  ASSERT_EQ(list.size(), 1u);
  decide(list.front().id, "reject", model::Role::kPlanner, "customer can wait");
  poll();
  const app::AgentThreadRow t = thread(list.front().thread_id);
  EXPECT_EQ(t.status, "done");
  const std::string outcome = state_of(t.id).value("outcome", "");
  EXPECT_NE(outcome.find("rejected by"), std::string::npos) << outcome;
  EXPECT_NE(outcome.find("customer can wait"), std::string::npos) << outcome;
}

TEST_F(ShopAgentsTest, RushUnderTheThresholdNeedsNoApproval) {
  rush_scenario(2);
  poll();
  auto scheduler = threads("scheduler");
  ASSERT_EQ(scheduler.size(), 1u);
  EXPECT_EQ(scheduler.front().status, "done") << scheduler.front().reason;
  const json state = state_of(scheduler.front().id);
  EXPECT_NE(state.value("outcome", "").find("no approval needed"), std::string::npos)
      << state.dump(2);
  ASSERT_EQ(state["proposals"].size(), 1u);
  EXPECT_EQ(state["proposals"][0]["kind"], "rush_order");
  EXPECT_EQ(state["proposals"][0]["needs_approval"], false);
  EXPECT_TRUE(approvals().empty());
}

TEST_F(ShopAgentsTest, ThresholdsAreSettings) {
  settings_.gates.rush_max_moved_jobs = 10;  // six moved jobs are fine now
  rush_scenario(6);
  poll();
  EXPECT_TRUE(approvals().empty());
  auto scheduler = threads("scheduler");
  ASSERT_EQ(scheduler.size(), 1u);
  EXPECT_EQ(scheduler.front().status, "done");
}

TEST_F(ShopAgentsTest, WorkCenterDownProposesDispatchAndResequencing) {
  rush_scenario(3);
  // Commit a schedule so the dispatch lists have work.
  app::scheduling::RunRequest r;
  auto run = scheduling_->run(as(model::Role::kPlanner), r, /*commit=*/true);
  ASSERT_TRUE(run.ok()) << run.error().message;
  poll();
  auto wc = app().master_data().get<model::WorkCenter>(system(), wc_ids_[0]);
  ASSERT_TRUE(wc.ok());
  wc->status = model::WorkCenterStatus::kDown;
  ASSERT_TRUE(app().master_data().update(system(), *wc).ok());
  poll();

  auto dispatch = threads("dispatch");
  ASSERT_EQ(dispatch.size(), 1u);
  EXPECT_EQ(dispatch.front().status, "done") << dispatch.front().reason;
  json state = state_of(dispatch.front().id);
  ASSERT_EQ(state["proposals"].size(), 1u) << state.dump(2);
  EXPECT_EQ(state["proposals"][0]["kind"], "dispatch");
  EXPECT_EQ(state["proposals"][0]["work_center"], "LAS-2");  // the laser still up

  bool resequenced = false;
  for (const auto& t : threads("scheduler")) {
    json s = state_of(t.id);
    for (const auto& p : s.value("proposals", json::array())) {
      if (p["kind"] == "resequence") {
        resequenced = true;
        EXPECT_GT(p.value("run_id", int64_t{0}), 0);
        EXPECT_EQ(t.status, "done");
      }
    }
  }
  EXPECT_TRUE(resequenced);
  // No gate on these proposals: only the rush job's approval exists (if any).
  for (const auto& a : approvals()) EXPECT_EQ(a.gate, app::GateKind::kRushOrder);
}

TEST_F(ShopAgentsTest, CompletedOperationProposesTheNextJobOfItsWorkCenters) {
  make_job("J-100", 3);
  make_job("J-101", 3);
  app::scheduling::RunRequest r;
  auto run = scheduling_->run(as(model::Role::kPlanner), r, /*commit=*/true);
  ASSERT_TRUE(run.ok()) << run.error().message;
  auto jobs = app().jobs().list(system(), {});
  ASSERT_TRUE(jobs.ok());
  const int64_t job_id = jobs->items.front().id;
  ASSERT_TRUE(app().jobs().release(as(model::Role::kPlanner), job_id).ok());
  auto detail = app().jobs().get(system(), job_id);
  ASSERT_TRUE(detail.ok());
  const int64_t op = detail->operations.front().id;
  ASSERT_TRUE(app().operations().start(as(model::Role::kLead), op).ok());
  app::CompleteOperationInput done;
  done.operation_id = op;
  done.qty_good = 60;
  auto c = app().operations().complete(as(model::Role::kLead), done);
  ASSERT_TRUE(c.ok()) << c.error().message;
  poll();
  auto dispatch = threads("dispatch");
  ASSERT_EQ(dispatch.size(), 1u);
  EXPECT_EQ(dispatch.front().status, "done") << dispatch.front().reason;
  const json state = state_of(dispatch.front().id);
  EXPECT_FALSE(state["proposals"].empty()) << state.dump(2);
}

// A forming calendar of 8 h on weekdays and four bend-heavy jobs due this week: the forecast
// needs far more than 2 h of overtime in forming.
class CapacityTest : public ShopAgentsTest {
 protected:
  void SetUp() override {
    ShopAgentsTest::SetUp();
    if (HasFatalFailure()) return;
    model::ShiftCalendar cal;
    cal.name = "Day shift";
    for (int d = 0; d < 5; ++d) cal.week[d] = {{"day", 6 * 60, 14 * 60, {}}};
    auto c = app().master_data().create(system(), cal);
    ASSERT_TRUE(c.ok()) << c.error().message;
    for (int64_t id : wc_ids_) {
      auto wc = app().master_data().get<model::WorkCenter>(system(), id);
      ASSERT_TRUE(wc.ok());
      wc->calendar_id = c->id;
      auto saved = app().master_data().update(system(), *wc);
      ASSERT_TRUE(saved.ok()) << saved.error().message;
    }
    // Tuesday 07:00: forming has 7 + 3 x 8 = 31 h left this week; the jobs need 4 x 10 h.
    for (int i = 0; i < 4; ++i) {
      make_job("J-" + std::to_string(200 + i), 3, 60, 600, std::chrono::hours(72));
    }
    poll();  // nothing routed for normal jobs
  }
};

TEST_F(CapacityTest, ScanOpensOneOvertimeApprovalPerDepartmentAndWeek) {
  auto started = runtime().scan_once();
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_GE(*started, 1);
  auto capacity = threads("capacity");
  ASSERT_GE(capacity.size(), 1u);
  const app::AgentThreadRow* forming = nullptr;
  for (const auto& t : capacity) {
    if (t.id.find("forming") != std::string::npos) forming = &t;
  }
  ASSERT_NE(forming, nullptr);
  EXPECT_EQ(forming->status, "interrupted") << forming->reason;

  auto list = approvals();
  ASSERT_EQ(list.size(), 1u);
  const app::Approval& a = list.front();
  EXPECT_EQ(a.gate, app::GateKind::kOvertime);
  EXPECT_EQ(a.role, model::Role::kLead);
  EXPECT_EQ(a.evidence["department"], "forming");
  EXPECT_GT(a.evidence.value("overtime_h", 0.0), 2.0) << a.evidence.dump(2);
  EXPECT_GT(a.evidence.value("load_h", 0.0), a.evidence.value("capacity_h", 0.0));
  EXPECT_EQ(a.evidence["work_centers"].size(), 1u);
  EXPECT_EQ(a.action["department"], "forming");
  EXPECT_EQ(a.action["work_center_ids"], json::array({wc_ids_[2]}));
  ASSERT_FALSE(a.action["windows"].empty());
  // Saturday 06:00 (the calendar has no Saturday shift; the plant is on UTC).
  EXPECT_EQ(a.action["windows"][0]["start"], "2026-11-28T06:00:00Z") << a.action.dump();

  // The same scan again, and the next day's: still one approval.
  ASSERT_TRUE(runtime().scan_once().ok());
  clock_.advance(std::chrono::hours(24));  // Wednesday
  ASSERT_TRUE(runtime().scan_once().ok());
  EXPECT_EQ(approvals().size(), 1u);

  // The lead approves: the windows land in the calendar and the thread says so.
  decide(a.id, "approve", model::Role::kLead);
  poll();
  const app::AgentThreadRow t = thread(a.thread_id);
  EXPECT_EQ(t.status, "done") << t.reason;
  const std::string outcome = state_of(t.id).value("outcome", "");
  EXPECT_NE(outcome.find("overtime windows are in the work centers' calendars"), std::string::npos)
      << outcome;
  EXPECT_EQ(outcome.find(" 0 of"), std::string::npos) << outcome;
}

// A store that loses the checkpoint of the super-step which interrupts (a crash after the
// approval was opened and before the checkpoint was written).
class CrashingStore final : public CheckpointStore {
 public:
  explicit CrashingStore(CheckpointStore& inner) : inner_(inner) {}
  Status save(const Checkpoint& cp, const std::vector<StepRecord>& steps) override {
    if (cp.status == ThreadStatus::kInterrupted) return Error::unavailable("kerf was killed");
    return inner_.save(cp, steps);
  }
  Result<Checkpoint> latest(const std::string& thread_id) override {
    return inner_.latest(thread_id);
  }

 private:
  CheckpointStore& inner_;
};

TEST_F(ShopAgentsTest, RestartRecoversARunningThreadWithoutOpeningItsApprovalTwice) {
  const int64_t rush = rush_scenario(6);
  // The rush job's event, as the runtime would see it.
  auto events = app().agents().events_after(app::agent_principal(), 0, {"job.created"}, 100);
  ASSERT_TRUE(events.ok()) << events.error().message;
  ASSERT_EQ(events->size(), 7u);
  const Event& e = events->back();
  const std::string thread_id = "scheduler/evt-" + std::to_string(e.id);
  {
    // The first kerf: its thread opens the approval, then dies before the checkpoint.
    Toolbox box(app(), *scheduling_, settings_);
    add_all_tools(box);
    auto graph = make_scheduler_graph(box);
    LedgerCheckpointStore ledger(app().agents());
    CrashingStore crashing(ledger);
    AgentBreaker breaker(clock_, 3, std::chrono::seconds(600));
    Runner runner(crashing, clock_, settings_.limits, breaker);
    json trigger = {{"kind", "event"},
                    {"event_id", e.id},
                    {"topic", e.topic},
                    {"payload", json::parse(e.payload_json)},
                    {"job", {{"id", rush}, {"priority", 1}}}};
    auto out = runner.start(*graph, thread_id, {{"trigger", trigger}});
    EXPECT_FALSE(out.ok());
  }
  ASSERT_EQ(approvals().size(), 1u);
  const int64_t approval_id = approvals().front().id;
  EXPECT_EQ(thread(thread_id).status, "running");

  // The second kerf: recovers the running thread; it finds its approval instead of opening one.
  auto recovered = runtime().recover();
  ASSERT_TRUE(recovered.ok()) << recovered.error().message;
  EXPECT_EQ(*recovered, 1);
  const app::AgentThreadRow t = thread(thread_id);
  EXPECT_EQ(t.status, "interrupted") << t.reason;
  EXPECT_EQ(t.approval_id, approval_id);
  // Intake of the same events starts nothing twice either.
  poll();
  EXPECT_EQ(approvals().size(), 1u);
  EXPECT_EQ(threads("scheduler").size(), 1u);
  // And the decision still resumes it.
  decide(approval_id, "approve", model::Role::kPlanner);
  poll();
  EXPECT_EQ(thread(thread_id).status, "done");
}

TEST_F(ShopAgentsTest, StatusReportsCursorThreadsAndNoModel) {
  rush_scenario(6);
  poll();
  const json s = runtime().status();
  EXPECT_EQ(s["enabled"], true);
  EXPECT_EQ(s["llm"]["configured"], false);
  EXPECT_GT(s["cursor"].get<int64_t>(), 0);
  EXPECT_EQ(s["threads"]["interrupted"], 1);
  EXPECT_TRUE(s["last_poll_at"].is_string());
}

TEST_F(ShopAgentsTest, AskValidatesTheQuestion) {
  auto empty = runtime().ask(as(model::Role::kPlanner), "  ");
  ASSERT_FALSE(empty.ok());
  EXPECT_TRUE(app::testing::has_field(empty.error(), "question"));
  auto too_long = runtime().ask(as(model::Role::kPlanner), std::string(2001, 'x'));
  ASSERT_FALSE(too_long.ok());
  EXPECT_TRUE(app::testing::has_field(too_long.error(), "question"));
}

}  // namespace
}  // namespace kerf::agents
