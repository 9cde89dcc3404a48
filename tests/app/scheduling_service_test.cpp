// Scheduling wiring against a real SQLite database seeded with the demo shop: mapping, runs,
// what-if, commit (audit, event, pins), repair after a machine went down, roles.
#include "kerf/app/scheduling/scheduling_service.h"

#include <gtest/gtest.h>

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <thread>

#include "app_fixture.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/validate.h"
#include "kerf/store/audit_repo.h"
#include "kerf/store/plant_repo.h"
#include "kerf/store/store.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;

TimePoint at(const char* iso) { return *parse_iso8601(iso); }

using testing::as;

class SchedulingTest : public testing::AppTest {
 protected:
  void SetUp() override {
    clock_.set(at("2026-11-23T06:00:00Z"));  // a Monday morning
    AppTest::SetUp();
    if (HasFatalFailure()) return;
    auto seeded = seed_demo(app(), 7);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    scheduling_ = std::make_unique<SchedulingService>(app());
  }

  void TearDown() override {
    scheduling_.reset();
    AppTest::TearDown();
  }

  Result<MappedProblem> map(std::vector<Downtime> downtimes = {}) {
    BuildOptions bo;
    bo.now = clock_.now();
    bo.downtimes = std::move(downtimes);
    return db_->read([&](store::Tx& tx) { return build_problem(tx, bo); });
  }

  std::vector<model::ScheduleSlot> stored_slots() {
    auto r = db_->read([&](store::Tx& tx) -> Result<std::vector<model::ScheduleSlot>> {
      std::vector<model::ScheduleSlot> out;
      store::ListQuery q;
      q.limit = 1000;
      for (q.offset = 0;; q.offset += q.limit) {
        auto page = store::list_schedule_slots(tx, q);
        if (!page.ok()) return page.error();
        out.insert(out.end(), page->items.begin(), page->items.end());
        if (static_cast<int64_t>(page->items.size()) < q.limit) break;
      }
      return out;
    });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::vector<model::ScheduleSlot>{};
  }

  // Polls the run until its status is no longer "running" (bounded: fails after 60 s).
  json wait_until_ended(int64_t id) {
    json doc;
    wait_until(
        [&] {
          auto got = scheduling_->get_run(as(model::Role::kLead), id);
          EXPECT_TRUE(got.ok());
          if (!got.ok()) return true;
          doc = *got;
          return doc["status"] != "running";
        },
        "the run to end");
    return doc;
  }

  // Starts a long optimize run in the background and gives its search a moment to begin
  // (a cancel before the search starts is fine too: it stops at once).
  int64_t start_long_optimize() {
    RunRequest req;
    req.mode = RunMode::kOptimize;
    req.time_limit_s = 120;
    auto started = scheduling_->start_run(as(model::Role::kPlanner), req);
    EXPECT_TRUE(started.ok()) << (started.ok() ? "" : started.error().message);
    if (!started.ok()) return 0;
    EXPECT_EQ((*started)["status"], "running");
    std::this_thread::sleep_for(std::chrono::seconds(1));
    return (*started)["id"].get<int64_t>();
  }

  json run_ok(RunRequest req = {}) {
    auto r = scheduling_->run(as(model::Role::kPlanner), req);
    EXPECT_TRUE(r.ok()) << (r.ok() ? "" : r.error().message);
    return r.ok() ? *r : json{};
  }

  std::unique_ptr<SchedulingService> scheduling_;
};

TEST_F(SchedulingTest, DemoShopMapsToAProblemTheEngineAccepts) {
  auto m = map();
  ASSERT_TRUE(m.ok()) << m.error().message;
  const auto& p = m->problem;
  auto valid = schedule::validate(p);
  ASSERT_TRUE(valid.ok()) << valid.error().message;
  EXPECT_GT(p.jobs.size(), 50u);
  EXPECT_GT(p.operations.size(), p.jobs.size());
  EXPECT_FALSE(p.precedences.empty());
  EXPECT_EQ(p.machines.size(), m->work_center_ids.size());
  EXPECT_EQ(m->operation_ids.size(), p.operations.size());
  EXPECT_EQ(m->origin, clock_.now());
  // Index maps round-trip and every op's alternatives are among its eligible work centers.
  int frozen = 0, with_calendar = 0;
  auto checked = db_->read([&](store::Tx& tx) -> Status {
    for (size_t i = 0; i < p.operations.size(); ++i) {
      if (m->operation_ids[i] == 0) continue;  // a nest's batch op (docs/scheduling.md, "Nests")
      EXPECT_EQ(m->op_index.at(m->operation_ids[i]), static_cast<int>(i));
      auto op = store::get_operation(tx, m->operation_ids[i]);
      EXPECT_TRUE(op.ok());
      EXPECT_NE(op->status, model::OperationStatus::kComplete);
      for (const auto& alt : p.operations[i].alternatives) {
        int64_t wc = m->work_center_ids[static_cast<size_t>(alt.machine)];
        EXPECT_NE(
            std::find(op->eligible_work_center_ids.begin(), op->eligible_work_center_ids.end(), wc),
            op->eligible_work_center_ids.end());
      }
      if (p.operations[i].frozen) {
        ++frozen;
        EXPECT_EQ(op->status, model::OperationStatus::kRunning);
        EXPECT_EQ(p.operations[i].alternatives.front().setup, 0);
      }
    }
    return ok_status();
  });
  EXPECT_TRUE(checked.ok());
  for (const auto& mc : p.machines) with_calendar += mc.calendar >= 0 ? 1 : 0;
  EXPECT_GT(with_calendar, 0);
  // Due dates are seconds from now; weights follow priority and VIP.
  for (size_t j = 0; j < p.jobs.size(); ++j) {
    EXPECT_GE(p.jobs[j].weight, 1.0);
    EXPECT_LE(p.jobs[j].weight, 10.0);
  }
  (void)frozen;
}

TEST_F(SchedulingTest, DispatchOfTheMappedShopPassesTheChecker) {
  auto m = map();
  ASSERT_TRUE(m.ok());
  for (auto rule : schedule::kAllDispatchRules) {
    auto s = schedule::dispatch(m->problem, rule);
    auto report = schedule::check(m->problem, s);
    EXPECT_TRUE(report.ok()) << schedule::dispatch_rule_name(rule) << "\n" << report.summary();
  }
  json run = run_ok();
  EXPECT_EQ(run["status"], "succeeded");
  EXPECT_TRUE(run["conflicts"].empty()) << run["conflicts"].dump();
  EXPECT_EQ(run["metrics_after"]["unscheduled"], 0);
  EXPECT_EQ(run["metrics_before"]["unscheduled"], run["operations"]);  // nothing stored yet
  EXPECT_GT(run["slots"].size(), 0u);
  EXPECT_GT(run["id"].get<int64_t>(), 0);
  EXPECT_FALSE(run["load"].empty());
}

TEST_F(SchedulingTest, LateJobsComeWithACriticalChainAndSuggestions) {
  RunRequest req;
  req.rule = schedule::DispatchRule::kFifo;
  json run = run_ok(req);
  ASSERT_FALSE(run["late_jobs"].empty());
  EXPECT_EQ(run["late_jobs"].size(), std::min<size_t>(20, run["metrics_after"]["late_jobs"]));
  for (const auto& late : run["late_jobs"]) {
    const json& chain = late["critical_chain"];
    ASSERT_FALSE(chain.empty());
    EXPECT_GT(late["tardiness_s"].get<int64_t>(), 0);
    EXPECT_EQ(chain.front()["end"], late["completion"]);  // starts at the job's last op
    // Each link waits for the next one: it cannot start before that one started.
    for (size_t i = 1; i < chain.size(); ++i) {
      EXPECT_GE(*parse_iso8601(chain[i - 1]["start"].get<std::string>()),
                *parse_iso8601(chain[i]["start"].get<std::string>()));
    }
    // The chain ends where nothing delays the op any more (or at the length cap).
    EXPECT_TRUE(chain.back()["reason"] == "release" || chain.size() == 50) << chain.dump();
    EXPECT_FALSE(late["suggestions"].empty());
  }
}

TEST_F(SchedulingTest, WhatIfRunLeavesStoredSlotsAloneAndCannotAutoCommit) {
  RunRequest req;
  req.what_if = true;
  json run = run_ok(req);
  EXPECT_EQ(run["what_if"], true);
  EXPECT_EQ(run["trigger"], "what_if");
  EXPECT_TRUE(stored_slots().empty());
  auto refused = scheduling_->run(as(model::Role::kPlanner), req, /*commit=*/true);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(refused.error().fields.at(0).field, "commit");
  EXPECT_TRUE(stored_slots().empty());
}

TEST_F(SchedulingTest, CommitReplacesSlotsWritesAuditAndEventAndRespectsPins) {
  auto events = bus_.subscribe("schedule.");
  json run = run_ok();
  auto summary = scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>());
  ASSERT_TRUE(summary.ok()) << summary.error().message;
  auto slots = stored_slots();
  // The demo's nests are planned too: their slots are stored apart (nest_slots).
  size_t op_slots = 0;
  for (const auto& s : run["slots"]) op_slots += s.value("operation_id", int64_t{0}) > 0 ? 1 : 0;
  EXPECT_GT(op_slots, 0u);
  EXPECT_LT(op_slots, run["slots"].size());
  EXPECT_EQ(slots.size(), op_slots);
  EXPECT_EQ((*summary)["inserted"], run["slots"].size());
  bool committed_event = false;
  for (const auto& e : events.drain()) committed_event |= e.topic == "schedule.committed";
  EXPECT_TRUE(committed_event);
  auto audit = audit_rows("schedule_run", "commit");
  ASSERT_EQ(audit.total, 1);
  EXPECT_EQ(audit.items[0].entity_id, run["id"].get<int64_t>());
  // Committing twice is refused.
  auto again = scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);

  // The planner moves one future slot a day later (same shift pattern): it becomes pinned.
  const model::ScheduleSlot* target = nullptr;
  for (const auto& s : slots) {
    if (s.start > clock_.now() + std::chrono::hours(1) && (!target || s.start < target->start)) {
      target = &s;
    }
  }
  ASSERT_NE(target, nullptr);
  MoveSlotInput move{target->id, std::nullopt, target->work_center_id,
                     target->start + std::chrono::hours(24)};
  auto moved = services_->schedule().move(as(model::Role::kPlanner), move);
  ASSERT_TRUE(moved.ok()) << moved.error().message;
  ASSERT_TRUE(moved->pinned);

  clock_.advance(std::chrono::minutes(5));
  json second = run_ok();
  bool pin_kept_in_run = false;
  for (const auto& s : second["slots"]) {
    if (s["operation_id"] == moved->operation_id) {
      EXPECT_EQ(s["start"], format_iso8601(moved->start));
      EXPECT_EQ(s["work_center_id"], moved->work_center_id);
      EXPECT_TRUE(s["pinned"].get<bool>());
      pin_kept_in_run = true;
    }
  }
  EXPECT_TRUE(pin_kept_in_run);
  auto second_commit = scheduling_->commit(as(model::Role::kPlanner), second["id"].get<int64_t>());
  ASSERT_TRUE(second_commit.ok()) << second_commit.error().message;
  EXPECT_EQ((*second_commit)["kept"], 1);
  int for_op = 0;
  for (const auto& s : stored_slots()) {
    if (s.operation_id != moved->operation_id) continue;
    ++for_op;
    EXPECT_EQ(s, *moved);  // same id, version, times: untouched
  }
  EXPECT_EQ(for_op, 1);
}

TEST_F(SchedulingTest, OlderRunIsStaleAfterANewerCommit) {
  json older = run_ok();
  clock_.advance(std::chrono::minutes(1));
  json newer = run_ok();
  clock_.advance(std::chrono::minutes(1));
  ASSERT_TRUE(scheduling_->commit(as(model::Role::kPlanner), newer["id"].get<int64_t>()).ok());
  auto stale = scheduling_->commit(as(model::Role::kPlanner), older["id"].get<int64_t>());
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(stale.error().message.find("stale"), std::string::npos);
}

TEST_F(SchedulingTest, RepairAfterMachineDownMovesNothingOntoTheDownMachine) {
  json run = run_ok();
  ASSERT_TRUE(scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>()).ok());
  const TimePoint from = clock_.now();
  const TimePoint to = from + std::chrono::hours(10);
  // The work center with the most slots inside the window.
  std::map<int64_t, int> busy;
  for (const auto& s : stored_slots()) {
    if (s.start < to && s.end > from) ++busy[s.work_center_id];
  }
  ASSERT_FALSE(busy.empty());
  int64_t down = std::max_element(busy.begin(), busy.end(), [](auto& a, auto& b) {
                   return a.second < b.second;
                 })->first;
  auto events = bus_.subscribe("schedule.repair_proposed");
  const auto before = stored_slots();
  auto repair = scheduling_->repair_after_machine_down(as(model::Role::kPlanner), down, from, to);
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_EQ((*repair)["trigger"], "repair");
  EXPECT_FALSE((*repair)["moved_operation_ids"].empty());
  EXPECT_TRUE((*repair)["conflicts"].empty()) << (*repair)["conflicts"].dump();
  for (const auto& s : (*repair)["slots"]) {
    if (s["work_center_id"] != down || s["frozen"].get<bool>()) continue;
    auto start = *parse_iso8601(s["start"].get<std::string>());
    auto end = *parse_iso8601(s["end"].get<std::string>());
    EXPECT_FALSE(start < to && end > from) << s.dump();
  }
  auto event = events.try_pop();
  ASSERT_TRUE(event.has_value());
  auto payload = json::parse(event->payload_json);
  EXPECT_EQ(payload["work_center_id"], down);
  EXPECT_EQ(payload["moved_operation_ids"], (*repair)["moved_operation_ids"]);
  EXPECT_EQ(stored_slots(), before);  // a proposal only
}

TEST_F(SchedulingTest, RepairDoesNotWaitForALongBackgroundRun) {
  json run = run_ok();
  ASSERT_TRUE(scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>()).ok());
  const int64_t down = run["slots"][0]["work_center_id"].get<int64_t>();
  const int64_t id = start_long_optimize();  // 120 s of search
  ASSERT_GT(id, 0);
  auto repair = scheduling_->repair_after_machine_down(
      as(model::Role::kPlanner), down, clock_.now(), clock_.now() + std::chrono::hours(4));
  ASSERT_TRUE(repair.ok()) << repair.error().message;
  EXPECT_EQ((*repair)["trigger"], "repair");
  // Had the repair waited for the search, the search would be over by now.
  EXPECT_EQ(scheduling_->get_run(as(model::Role::kLead), id).value()["status"], "running");
  EXPECT_TRUE(scheduling_->cancel(as(model::Role::kPlanner), id).ok());
}

TEST_F(SchedulingTest, WorkCenterDownEventTriggersARepairProposal) {
  auto events = bus_.subscribe("schedule.repair_proposed");
  auto wc = services_->master_data().get<model::WorkCenter>(system_principal(), 1);
  ASSERT_TRUE(wc.ok());
  EXPECT_EQ(scheduling_->process_pending_events().value(), 0);
  model::WorkCenter down = *wc;
  down.status = model::WorkCenterStatus::kDown;
  ASSERT_TRUE(services_->master_data().update(as(model::Role::kPlanner), down).ok());
  EXPECT_EQ(scheduling_->process_pending_events().value(), 1);
  auto event = events.try_pop();
  ASSERT_TRUE(event.has_value());
  EXPECT_EQ(json::parse(event->payload_json)["work_center_id"], wc->id);
}

TEST_F(SchedulingTest, RolesAreEnforced) {
  auto denied = scheduling_->run(as(model::Role::kOperator), RunRequest{});
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  json run = run_ok();
  const int64_t id = run["id"].get<int64_t>();
  // Every authenticated user reads runs (docs/api.md); only planners commit.
  for (auto role : {model::Role::kLead, model::Role::kQuality, model::Role::kOperator,
                    model::Role::kShipping}) {
    EXPECT_TRUE(scheduling_->get_run(as(role), id).ok());
    auto commit = scheduling_->commit(as(role), id);
    ASSERT_FALSE(commit.ok());
    EXPECT_EQ(commit.error().code, ErrorCode::kPermissionDenied);
  }
  EXPECT_TRUE(scheduling_->commit(as(model::Role::kAdmin), id).ok());
}

TEST_F(SchedulingTest, OptimizeRunReportsProgressOnTheBus) {
  auto progress = bus_.subscribe("schedule.run.progress");
  RunRequest req;
  req.mode = RunMode::kOptimize;
  req.time_limit_s = 0.5;
  req.what_if = true;
  RunRequest dispatch_req;
  dispatch_req.what_if = true;
  json dispatched = run_ok(dispatch_req);
  json run = run_ok(req);
  EXPECT_EQ(run["mode"], "optimize");
  EXPECT_EQ(run["engine"], "search");
  // The search starts from the best dispatch rule and never ends worse.
  EXPECT_LE(run["metrics_after"]["objective"].get<std::vector<double>>(),
            dispatched["metrics_after"]["objective"].get<std::vector<double>>());
  EXPECT_TRUE(run["conflicts"].empty()) << run["conflicts"].dump();
  auto events = progress.drain();
  ASSERT_FALSE(events.empty());
  EXPECT_DOUBLE_EQ(json::parse(events.back().payload_json)["percent"].get<double>(), 100.0);
}

TEST_F(SchedulingTest, LoadOfTheCommittedScheduleStaysWithinCapacity) {
  json run = run_ok();
  ASSERT_TRUE(scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>()).ok());
  auto load = scheduling_->load(as(model::Role::kLead), clock_.now(),
                                clock_.now() + std::chrono::hours(24 * 7), 86400);
  ASSERT_TRUE(load.ok()) << load.error().message;
  int64_t planned = 0;
  for (const auto& b : *load) {
    EXPECT_LE(b.planned_s, b.available_s) << b.work_center_code;
    planned += b.planned_s;
  }
  EXPECT_GT(planned, 0);
  auto conflicts = scheduling_->conflicts(as(model::Role::kOperator));
  ASSERT_TRUE(conflicts.ok()) << conflicts.error().message;
  EXPECT_TRUE((*conflicts)["conflicts"].empty()) << (*conflicts)["conflicts"].dump();
}

TEST_F(SchedulingTest, AsyncRunIsStoredRunningThenCompletesLikeASyncRun) {
  RunRequest req;
  req.rule = schedule::DispatchRule::kEdd;
  auto started = scheduling_->start_run(as(model::Role::kPlanner), req);
  ASSERT_TRUE(started.ok()) << started.error().message;
  EXPECT_EQ((*started)["status"], "running");
  EXPECT_EQ((*started)["rule"], "edd");
  const int64_t id = (*started)["id"].get<int64_t>();
  ASSERT_GT(id, 0);
  json done = wait_until_ended(id);
  EXPECT_EQ(done["status"], "succeeded");
  EXPECT_EQ(done["id"], id);
  EXPECT_EQ(done["created_at"], (*started)["created_at"]);
  EXPECT_TRUE(done["conflicts"].empty()) << done["conflicts"].dump();
  EXPECT_GT(done["slots"].size(), 0u);
  EXPECT_EQ(done["slots"], run_ok(req)["slots"]);  // the same engine result as a sync run
  EXPECT_TRUE(scheduling_->commit(as(model::Role::kPlanner), id).ok());
}

TEST_F(SchedulingTest, CancelStopsALongOptimizeRunWithItsBestValidSchedule) {
  auto progress = bus_.subscribe("schedule.run.progress");
  const int64_t id = start_long_optimize();
  ASSERT_GT(id, 0);
  // One run at a time: both modes are refused while the background run is in progress.
  auto sync = scheduling_->run(as(model::Role::kPlanner), RunRequest{});
  ASSERT_FALSE(sync.ok());
  EXPECT_EQ(sync.error().code, ErrorCode::kFailedPrecondition);
  auto second = scheduling_->start_run(as(model::Role::kPlanner), RunRequest{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kFailedPrecondition);
  auto denied = scheduling_->cancel(as(model::Role::kOperator), id);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);

  auto cancelled = scheduling_->cancel(as(model::Role::kPlanner), id);
  ASSERT_TRUE(cancelled.ok()) << cancelled.error().message;
  json done = wait_until_ended(id);
  EXPECT_EQ(done["status"], "cancelled");
  EXPECT_EQ(done["engine"], "search");
  EXPECT_LT(done["seconds"].get<double>(), 120.0);
  EXPECT_TRUE(done["conflicts"].empty()) << done["conflicts"].dump();
  EXPECT_EQ(done["metrics_after"]["unscheduled"], 0);
  EXPECT_GT(done["slots"].size(), 0u);
  auto events = progress.drain();
  ASSERT_FALSE(events.empty());
  EXPECT_EQ(json::parse(events.back().payload_json)["run_id"], id);

  auto twice = scheduling_->cancel(as(model::Role::kPlanner), id);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_NE(twice.error().message.find("cancelled"), std::string::npos) << twice.error().message;
  auto unknown = scheduling_->cancel(as(model::Role::kPlanner), 999999);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);

  auto audit = audit_rows("schedule_run", "cancel");
  ASSERT_EQ(audit.items.size(), 1u);
  EXPECT_EQ(audit.items.front().entity_id, id);
  // A cancelled run with a valid schedule may be committed; the service runs again.
  EXPECT_TRUE(scheduling_->commit(as(model::Role::kPlanner), id).ok());
  EXPECT_TRUE(scheduling_->run(as(model::Role::kPlanner), RunRequest{}).ok());
}

TEST_F(SchedulingTest, DestructorCancelsAndJoinsARunningBackgroundRun) {
  const int64_t id = start_long_optimize();
  ASSERT_GT(id, 0);
  scheduling_.reset();
  scheduling_ = std::make_unique<SchedulingService>(*services_);
  json done = scheduling_->get_run(as(model::Role::kLead), id).value();
  EXPECT_EQ(done["status"], "cancelled");
  EXPECT_TRUE(done["conflicts"].empty()) << done["conflicts"].dump();
}

TEST_F(SchedulingTest, LoadBucketsStartAtPlantLocalMidnight) {
  // New York in November: UTC - 5 h, so 02:00 UTC on Monday 23 Nov is 21:00 on Sunday 22 Nov.
  const TimeZone new_york = TimeZone::load("America/New_York").value();
  EXPECT_EQ(plant_bucket_floor(at("2026-11-23T02:00:00Z"), 86400, new_york),
            at("2026-11-22T05:00:00Z"));
  EXPECT_EQ(plant_bucket_floor(at("2026-11-23T05:00:00Z"), 86400, new_york),
            at("2026-11-23T05:00:00Z"));
  EXPECT_EQ(plant_bucket_floor(at("2026-11-23T02:00:00Z"), 7 * 86400, new_york),
            at("2026-11-16T05:00:00Z"));
  EXPECT_EQ(plant_bucket_floor(at("2026-11-25T12:00:00Z"), 7 * 86400,
                               TimeZone::load("Europe/Berlin").value()),
            at("2026-11-22T23:00:00Z"));
  auto updated = db_->transact([&](store::Tx& tx) -> Status {
    store::ListQuery q;
    auto plants = store::list_plants(tx, q);
    if (!plants.ok()) return plants.error();
    model::Plant plant = plants->items.at(0);
    plant.time_zone = "America/New_York";
    auto saved = store::update_plant(tx, plant);
    if (!saved.ok()) return saved.error();
    return ok_status();
  });
  ASSERT_TRUE(updated.ok()) << updated.error().message;
  EXPECT_EQ(scheduling_->plant_bucket_start(at("2026-11-23T02:00:00Z"), 86400).value(),
            at("2026-11-22T05:00:00Z"));
  json run = run_ok();
  ASSERT_TRUE(scheduling_->commit(as(model::Role::kPlanner), run["id"].get<int64_t>()).ok());
  // A slot at 02:00 UTC falls into the bucket of the previous plant day, which ends at 05:00.
  auto load = scheduling_->load(as(model::Role::kLead), at("2026-11-23T02:00:00Z"),
                                at("2026-11-25T02:00:00Z"), 86400);
  ASSERT_TRUE(load.ok()) << load.error().message;
  std::set<std::pair<TimePoint, TimePoint>> buckets;
  for (const auto& b : *load) buckets.insert({b.start, b.end});
  EXPECT_EQ(buckets, (std::set<std::pair<TimePoint, TimePoint>>{
                         {at("2026-11-23T02:00:00Z"), at("2026-11-23T05:00:00Z")},
                         {at("2026-11-23T05:00:00Z"), at("2026-11-24T05:00:00Z")},
                         {at("2026-11-24T05:00:00Z"), at("2026-11-25T02:00:00Z")}}));
  auto weekly = scheduling_->load(as(model::Role::kLead), at("2026-11-23T02:00:00Z"),
                                  at("2026-12-07T05:00:00Z"), 7 * 86400);
  ASSERT_TRUE(weekly.ok()) << weekly.error().message;
  std::set<TimePoint> week_starts;
  for (const auto& b : *weekly) week_starts.insert(b.start);
  EXPECT_EQ(week_starts,
            (std::set<TimePoint>{at("2026-11-23T02:00:00Z"), at("2026-11-23T05:00:00Z"),
                                 at("2026-11-30T05:00:00Z")}));
}

}  // namespace
}  // namespace kerf::app::scheduling
