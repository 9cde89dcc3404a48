// Job and operation use cases on both backends: happy paths, field errors, nothing written on
// error, audit rows, outbox events, permissions, versions and lifecycle errors.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <optional>
#include <thread>
#include <vector>

#include "app/app_fixture.h"

namespace kerf::app::testing {
namespace {

using model::JobStatus;
using model::OperationStatus;
using model::Role;

class JobUseCases : public AppBackendTest {
 protected:
  void SetUp() override {
    AppBackendTest::SetUp();
    if (HasFatalFailure()) return;
    seed_master_data();
  }
};

TEST_P(JobUseCases, CreateWritesJobRoutingAuditAndEvent) {
  Counts before = counts();
  auto r = app().jobs().create(as(Role::kPlanner, 0, "pat"), job_input("J-1"));
  ASSERT_TRUE(r.ok()) << fields_of(r.error());
  EXPECT_GT(r->job.id, 0);
  EXPECT_EQ(r->job.version, 1);
  EXPECT_EQ(r->job.status, JobStatus::kPlanned);
  ASSERT_EQ(r->operations.size(), 2u);
  EXPECT_EQ(r->operations[0].sequence, 10);
  EXPECT_EQ(r->operations[1].department, model::Department::kForming);
  EXPECT_EQ(r->operations[0].eligible_work_center_ids,
            (std::vector<int64_t>{wc_ids_[0], wc_ids_[1]}));

  Counts after = counts();
  EXPECT_EQ(after.jobs, before.jobs + 1);
  EXPECT_EQ(after.operations, before.operations + 2);
  EXPECT_EQ(after.audit, before.audit + 1);
  EXPECT_EQ(after.events, before.events + 1);

  auto audit = last_audit();
  EXPECT_EQ(audit.entity, "job");
  EXPECT_EQ(audit.entity_id, r->job.id);
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.actor, "pat");
  EXPECT_EQ(audit.at, t0());
  EXPECT_FALSE(audit.before_json.has_value());
  ASSERT_TRUE(audit.after_json.has_value());
  auto after_doc = nlohmann::json::parse(*audit.after_json);
  EXPECT_EQ(after_doc["number"], "J-1");
  EXPECT_EQ(after_doc["operations"].size(), 2u);

  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].topic, "job.created");
  auto payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["id"], r->job.id);
  EXPECT_EQ(payload["version"], 1);
  EXPECT_EQ(count("events WHERE published = TRUE"), after.events);
}

TEST_P(JobUseCases, CreateReportsEveryInvalidFieldAndWritesNothing) {
  Counts before = counts();
  JobInput in = job_input("");
  in.quantity = 0;
  in.due = TimePoint{};
  in.priority = 9;
  in.operations[1].name = "";
  in.operations[1].sequence = 10;
  auto r = app().jobs().create(as(Role::kPlanner), in);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  for (const char* f :
       {"number", "quantity", "due", "priority", "operations/1/name", "operations/1/sequence"}) {
    EXPECT_TRUE(has_field(r.error(), f)) << f << " in " << fields_of(r.error());
  }
  EXPECT_EQ(counts(), before);
  EXPECT_TRUE(topics().empty());
}

TEST_P(JobUseCases, CreateChecksReferences) {
  Counts before = counts();
  JobInput in = job_input("J-2");
  in.part_id = 9999;
  in.operations[0].eligible_work_center_ids = {wc_ids_[0], 8888};
  auto r = app().jobs().create(as(Role::kPlanner), in);
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(has_field(r.error(), "part_id")) << fields_of(r.error());
  EXPECT_TRUE(has_field(r.error(), "operations/0/eligible_work_center_ids/1"))
      << fields_of(r.error());
  EXPECT_EQ(counts(), before);
}

TEST_P(JobUseCases, CreateRequiresPlannerAndUniqueNumber) {
  Counts before = counts();
  auto denied = app().jobs().create(as(Role::kOperator), job_input("J-3"));
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), before);
  EXPECT_TRUE(app().jobs().create(as(Role::kAdmin), job_input("J-3")).ok());
  auto dup = app().jobs().create(as(Role::kPlanner), job_input("J-3"));
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
}

TEST_P(JobUseCases, UpdateIsOptimistic) {
  auto job = create_job("J-4").job;
  JobUpdate u;
  u.id = job.id;
  u.version = 1;
  u.priority = 1;
  u.quantity = 20;
  auto r = app().jobs().update(as(Role::kPlanner), u);
  ASSERT_TRUE(r.ok()) << fields_of(r.error());
  EXPECT_EQ(r->version, 2);
  EXPECT_EQ(r->priority, 1);
  EXPECT_EQ(r->quantity, 20);
  auto audit = last_audit();
  EXPECT_EQ(audit.action, "update");
  EXPECT_EQ(nlohmann::json::parse(*audit.before_json)["priority"], 2);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json)["priority"], 1);
  EXPECT_EQ(topics(), std::vector<std::string>{"job.updated"});

  Counts before = counts();
  u.priority = 5;  // stale version 1
  auto stale = app().jobs().update(as(Role::kPlanner), u);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  EXPECT_NE(stale.error().message.find("version 2"), std::string::npos) << stale.error().message;
  EXPECT_EQ(counts(), before);

  JobUpdate bad;
  bad.id = job.id;
  bad.version = 2;
  bad.due = TimePoint{};
  auto invalid = app().jobs().update(as(Role::kPlanner), bad);
  ASSERT_FALSE(invalid.ok());
  EXPECT_TRUE(has_field(invalid.error(), "due"));
  EXPECT_EQ(counts(), before);
}

TEST_P(JobUseCases, ConcurrentUpdatesWithOneVersionHaveOneWinner) {
  auto job = create_job("J-RACE").job;
  Counts before = counts();
  constexpr int kThreads = 6;
  std::vector<std::optional<ErrorCode>> outcomes(kThreads);
  std::vector<std::thread> threads;
  for (int i = 0; i < kThreads; ++i) {
    threads.emplace_back([&, i] {
      JobUpdate u;
      u.id = job.id;
      u.version = 1;
      u.priority = 1 + i % 5;
      auto r = app().jobs().update(as(Role::kPlanner), u);
      if (!r.ok()) outcomes[i] = r.error().code;
    });
  }
  for (auto& t : threads) t.join();
  int winners = 0;
  for (const auto& o : outcomes) {
    if (!o) {
      ++winners;
    } else {
      EXPECT_EQ(*o, ErrorCode::kConflict);
    }
  }
  EXPECT_EQ(winners, 1);
  Counts after = counts();
  EXPECT_EQ(after.audit, before.audit + 1);
  EXPECT_EQ(after.events, before.events + 1);
  EXPECT_EQ(app().jobs().get(as(Role::kPlanner), job.id)->job.version, 2);
}

TEST_P(JobUseCases, DeleteOnlyPlannedJobs) {
  auto a = create_job("J-5").job;
  auto b = create_job("J-6").job;
  ASSERT_TRUE(app().jobs().release(as(Role::kPlanner), b.id).ok());
  Counts before = counts();
  auto refused = app().jobs().remove(as(Role::kPlanner), b.id, 2);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(counts(), before);
  ASSERT_TRUE(app().jobs().remove(as(Role::kPlanner), a.id, 1).ok());
  EXPECT_EQ(count("jobs"), before.jobs - 1);
  EXPECT_EQ(count("job_routings"), before.operations - 2);
  EXPECT_EQ(last_audit().action, "delete");
  EXPECT_FALSE(last_audit().after_json.has_value());
  auto gone = app().jobs().get(as(Role::kOperator), a.id);
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
}

TEST_P(JobUseCases, ReleaseHoldUnholdCancel) {
  auto job = create_job("J-7").job;
  auto released = app().jobs().release(as(Role::kPlanner), job.id, 1);
  ASSERT_TRUE(released.ok()) << fields_of(released.error());
  EXPECT_EQ(released->status, JobStatus::kReleased);
  EXPECT_EQ(topics(), (std::vector<std::string>{"job.released", "operation.ready"}));
  auto detail = app().jobs().get(as(Role::kOperator), job.id);
  ASSERT_TRUE(detail.ok());
  EXPECT_EQ(detail->operations[0].status, OperationStatus::kReady);
  EXPECT_EQ(detail->operations[1].status, OperationStatus::kPlanned);

  auto again = app().jobs().release(as(Role::kPlanner), job.id);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  Counts before = counts();
  auto no_reason = app().jobs().hold(as(Role::kQuality), job.id, "  ");
  ASSERT_FALSE(no_reason.ok());
  EXPECT_TRUE(has_field(no_reason.error(), "reason"));
  auto denied = app().jobs().hold(as(Role::kOperator), job.id, "burr");
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(counts(), before);

  auto held = app().jobs().hold(as(Role::kQuality), job.id, "customer drawing change");
  ASSERT_TRUE(held.ok());
  EXPECT_EQ(held->status, JobStatus::kOnHold);
  EXPECT_EQ(held->held_from, JobStatus::kReleased);
  EXPECT_EQ(nlohmann::json::parse(*last_audit().after_json)["reason"], "customer drawing change");
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  EXPECT_EQ(events[0].topic, "job.held");
  EXPECT_EQ(nlohmann::json::parse(events[0].payload_json)["reason"], "customer drawing change");

  // Operations cannot start while the job is on hold.
  auto start = app().operations().start(as(Role::kOperator), detail->operations[0].id);
  ASSERT_FALSE(start.ok());
  EXPECT_EQ(start.error().code, ErrorCode::kFailedPrecondition);

  auto unheld = app().jobs().unhold(as(Role::kLead), job.id, held->version);
  ASSERT_TRUE(unheld.ok());
  EXPECT_EQ(unheld->status, JobStatus::kReleased);
  auto stale = app().jobs().cancel(as(Role::kPlanner), job.id, "dup order", held->version);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto cancelled = app().jobs().cancel(as(Role::kPlanner), job.id, "duplicate order");
  ASSERT_TRUE(cancelled.ok());
  EXPECT_EQ(cancelled->status, JobStatus::kCancelled);
  auto hold_cancelled = app().jobs().hold(as(Role::kPlanner), job.id, "x");
  EXPECT_EQ(hold_cancelled.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(JobUseCases, OperationsRunTheRoutingAndCompleteTheJob) {
  auto detail = create_job("J-8", 10);
  ASSERT_TRUE(app().jobs().release(as(Role::kPlanner), detail.job.id).ok());
  topics();
  int64_t op1 = detail.operations[0].id, op2 = detail.operations[1].id;

  auto early = app().operations().start(as(Role::kOperator), op2);
  ASSERT_FALSE(early.ok());
  EXPECT_EQ(early.error().code, ErrorCode::kFailedPrecondition);

  auto denied = app().operations().start(as(Role::kPlanner), op1);
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);

  clock_.advance(std::chrono::minutes(5));
  auto started = app().operations().start(as(Role::kOperator), op1, 2);
  ASSERT_TRUE(started.ok()) << fields_of(started.error());
  EXPECT_EQ(started->operation.status, OperationStatus::kRunning);
  EXPECT_EQ(started->operation.started_at, t0() + std::chrono::minutes(5));
  EXPECT_EQ(started->job.status, JobStatus::kInProgress);
  EXPECT_EQ(topics(), (std::vector<std::string>{"operation.started", "job.started"}));

  auto bad_reason = app().operations().pause(as(Role::kOperator), op1, "");
  EXPECT_TRUE(has_field(bad_reason.error(), "reason"));
  auto paused = app().operations().pause(as(Role::kOperator), op1, "MATERIAL_SHORTAGE");
  ASSERT_TRUE(paused.ok());
  EXPECT_EQ(paused->operation.status, OperationStatus::kPaused);
  EXPECT_EQ(nlohmann::json::parse(*last_audit().after_json)["reason"], "MATERIAL_SHORTAGE");
  auto resumed = app().operations().resume(as(Role::kLead), op1);
  ASSERT_TRUE(resumed.ok());
  EXPECT_EQ(resumed->operation.status, OperationStatus::kRunning);
  topics();

  Counts before = counts();
  CompleteOperationInput too_many{op1, std::nullopt, 8, 3, 0, {"BURR"}};
  auto over = app().operations().complete(as(Role::kOperator), too_many);
  ASSERT_FALSE(over.ok());
  EXPECT_EQ(over.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(has_field(over.error(), "qty_good"));
  CompleteOperationInput no_reason{op1, std::nullopt, 8, 2, 0, {}};
  auto unexplained = app().operations().complete(as(Role::kOperator), no_reason);
  EXPECT_TRUE(has_field(unexplained.error(), "scrap_reasons"));
  CompleteOperationInput negative{op1, std::nullopt, -1, 0, 0, {}};
  EXPECT_TRUE(
      has_field(app().operations().complete(as(Role::kOperator), negative).error(), "qty_good"));
  EXPECT_EQ(counts(), before);

  clock_.advance(std::chrono::minutes(30));
  CompleteOperationInput done{op1, resumed->operation.version, 8, 2, 0, {"BURR", "DENT"}};
  auto completed = app().operations().complete(as(Role::kOperator), done);
  ASSERT_TRUE(completed.ok()) << fields_of(completed.error());
  EXPECT_EQ(completed->operation.status, OperationStatus::kComplete);
  EXPECT_EQ(completed->operation.qty_good, 8);
  EXPECT_EQ(completed->operation.qty_scrap, 2);
  EXPECT_EQ(completed->operation.completed_at, t0() + std::chrono::minutes(35));
  EXPECT_EQ(completed->job.status, JobStatus::kInProgress);
  auto events = bus_events();
  ASSERT_EQ(events.size(), 2u);
  EXPECT_EQ(events[0].topic, "operation.completed");
  auto payload = nlohmann::json::parse(events[0].payload_json);
  EXPECT_EQ(payload["qty_scrap"], 2);
  EXPECT_EQ(payload["scrap_reasons"], nlohmann::json({"BURR", "DENT"}));
  EXPECT_EQ(payload["version"], completed->operation.version);
  EXPECT_EQ(events[1].topic, "operation.ready");

  ASSERT_TRUE(app().operations().start(as(Role::kOperator), op2).ok());
  CompleteOperationInput last{op2, std::nullopt, 8, 0, 0, {}};
  auto finished = app().operations().complete(as(Role::kOperator), last);
  ASSERT_TRUE(finished.ok()) << fields_of(finished.error());
  EXPECT_EQ(finished->job.status, JobStatus::kComplete);
  auto t = topics();
  EXPECT_EQ(t.back(), "job.completed");
  auto twice = app().operations().complete(as(Role::kOperator), last);
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

TEST_P(JobUseCases, ListFiltersSortsAndPaginates) {
  for (int i = 0; i < 5; ++i) create_job("L-" + std::to_string(i));
  auto first = app().jobs().list(as(Role::kOperator), {});
  ASSERT_TRUE(first.ok());
  ASSERT_TRUE(app().jobs().release(as(Role::kPlanner), first->items[1].id).ok());
  store::ListQuery q;
  q.filters["status"] = std::string("planned");
  q.sort = "number";
  q.descending = true;
  q.limit = 2;
  auto page = app().jobs().list(as(Role::kOperator), q);
  ASSERT_TRUE(page.ok()) << page.error().message;
  EXPECT_EQ(page->total, 4);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].number, "L-4");
  store::ListQuery bad;
  bad.filters["password"] = std::string("x");
  auto refused = app().jobs().list(as(Role::kOperator), bad);
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
}

INSTANTIATE_TEST_SUITE_P(Backends, JobUseCases, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app::testing
