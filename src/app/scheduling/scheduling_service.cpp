#include "kerf/app/scheduling/scheduling_service.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "app/scheduling/engine_runner.h"
#include "app/scheduling/run_guard.h"
#include "app/util.h"
#include "kerf/app/background.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/validate.h"
#include "kerf/store/audit_repo.h"
#include "kerf/store/nest_slot_repo.h"
#include "kerf/store/schedule_run_repo.h"
#include "kerf/store/schedule_slot_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

using model::Role;
using nlohmann::json;
using schedule::kInfinity;

json violations_json(const MappedProblem& mapped, const schedule::CheckReport& report,
                     const std::set<schedule::ViolationKind>& kinds, size_t max = 200) {
  json out = json::array();
  for (const auto& v : report.violations) {
    if (!kinds.empty() && !kinds.count(v.kind)) continue;
    if (out.size() >= max) break;
    int64_t op_id = v.operation >= 0 && v.operation < static_cast<int>(mapped.operation_ids.size())
                        ? mapped.operation_ids[static_cast<size_t>(v.operation)]
                        : 0;
    json item = {{"kind", schedule::violation_kind_name(v.kind)},
                 {"operation_id", op_id},
                 {"message", v.message}};
    if (int64_t nest = nest_of(mapped, v.operation); nest > 0) item["nest_id"] = nest;
    out.push_back(std::move(item));
  }
  return out;
}

json late_jobs_json(const std::vector<LateJob>& jobs) {
  json out = json::array();
  for (const auto& j : jobs) out.push_back(to_json(j));
  return out;
}

json load_json(const std::vector<LoadBucket>& buckets) {
  json out = json::array();
  for (const auto& b : buckets) out.push_back(to_json(b));
  return out;
}

// What the engine produced for one run or repair: the figures the service acts on, typed, and
// the run document (the stored and returned JSON form) built from them.
struct RunReport {
  RunMetrics before;
  RunMetrics after;
  int64_t slot_count = 0;  // proposed slots starting inside the horizon
  json document;
};

RunReport run_report(const MappedProblem& mapped, const schedule::Schedule& before,
                     const EngineOutcome& outcome) {
  RunReport r;
  r.before = run_metrics(mapped, before);
  r.after = run_metrics(mapped, outcome.schedule);
  json slots = json::array();
  for (const auto& s : proposed_slots(mapped, outcome.schedule, mapped.horizon_s)) {
    slots.push_back(to_json(s));
  }
  r.slot_count = static_cast<int64_t>(slots.size());
  json warnings = mapped.warnings;
  // Per job: the end of its last operation in the proposed schedule (beyond the horizon too),
  // or the operations that do not fit the calendars.
  int unplaced = 0;
  std::map<size_t, std::vector<int64_t>> unplaced_ops;  // job index -> unplaced operation ids
  std::vector<std::optional<schedule::Time>> job_end(mapped.job_ids.size());
  for (size_t o = 0; o < outcome.schedule.slots.size(); ++o) {
    const schedule::Slot& slot = outcome.schedule.slots[o];
    const int j = mapped.problem.operations[o].job;
    if (slot.start >= kInfinity) ++unplaced;
    if (j < 0) continue;
    const auto job = static_cast<size_t>(j);
    if (slot.start < kInfinity) {
      job_end[job] = std::max(job_end[job].value_or(slot.end), slot.end);
    } else if (mapped.operation_ids[o] != 0) {
      unplaced_ops[job].push_back(mapped.operation_ids[o]);
    }
  }
  json unplaced_jobs = json::array();
  for (const auto& [j, ops] : unplaced_ops) {
    unplaced_jobs.push_back({{"job_id", mapped.job_ids[j]},
                             {"job_number", mapped.job_numbers[j]},
                             {"operation_ids", ops}});
  }
  json job_ends = json::array();
  for (size_t j = 0; j < job_end.size(); ++j) {
    if (!job_end[j] || unplaced_ops.count(j)) continue;
    job_ends.push_back({{"job_id", mapped.job_ids[j]},
                        {"job_number", mapped.job_numbers[j]},
                        {"end", format_iso8601(mapped.to_time(*job_end[j]))}});
  }
  if (unplaced > 0) {
    warnings.push_back(std::to_string(unplaced) +
                       " operations do not fit the calendars of the planning data");
  }
  for (const auto& note : outcome.notes) warnings.push_back(note);
  auto report = schedule::check(mapped.problem, outcome.schedule);
  r.document = {
      {"status", outcome.cancelled ? "cancelled" : "succeeded"},
      {"engine", outcome.engine},
      {"rule", outcome.rule},
      {"seconds", outcome.seconds},
      {"iterations", outcome.iterations},
      {"operations", mapped.problem.operations.size()},
      {"jobs", mapped.problem.jobs.size()},
      {"metrics_before", to_json(r.before)},
      {"metrics_after", to_json(r.after)},
      {"slots", std::move(slots)},
      {"late_jobs", late_jobs_json(explain_late_jobs(mapped, outcome.schedule))},
      {"conflicts", violations_json(mapped, report, {})},
      {"load", load_json(load_vs_capacity(mapped, outcome.schedule, 0, mapped.horizon_s, 86400))},
      {"calendar_end", format_iso8601(mapped.calendar_end)},
      {"job_ends", std::move(job_ends)},
      {"unplaced_jobs", std::move(unplaced_jobs)},
      {"warnings", std::move(warnings)}};
  return r;
}

Result<json> parse_document(const store::ScheduleRun& run) {
  try {
    json doc = json::parse(run.message);
    if (!doc.is_object()) throw json::type_error::create(302, "not an object", nullptr);
    return doc;
  } catch (const json::exception&) {
    return json{{"id", run.id},
                {"status", std::string(store::to_string(run.status))},
                {"trigger", run.trigger_reason},
                {"message", run.message}};
  }
}

}  // namespace

SchedulingService::SchedulingService(Services& services, SchedulingOptions options)
    : services_(services), options_(options) {
  work_center_events_ = services_.bus().subscribe("work_center.updated");
}

SchedulingService::~SchedulingService() {
  cancel_ = true;
  std::thread worker;
  {
    std::lock_guard state(state_mu_);
    worker = std::move(worker_);
  }
  if (worker.joinable()) worker.join();
}

Result<MappedProblem> SchedulingService::build(Horizon horizon, std::vector<Downtime> downtimes,
                                               std::map<int64_t, int32_t> priority_overrides,
                                               std::set<int64_t> excluded_jobs) {
  BuildOptions bo;
  bo.priority_overrides = std::move(priority_overrides);
  bo.excluded_jobs = std::move(excluded_jobs);
  bo.now = services_.env().now();
  bo.horizon_s = horizon_seconds(horizon);
  bo.calendar_days = options_.calendar_days;
  bo.assumed_down_s = options_.assumed_down_s;
  bo.downtimes = std::move(downtimes);
  auto mapped = services_.db().read([&](store::Tx& tx) { return build_problem(tx, bo); });
  if (!mapped.ok()) return mapped.error();
  if (auto valid = schedule::validate(mapped->problem); !valid.ok()) {
    Error e = valid.error();
    e.code = ErrorCode::kInternal;
    e.message = "the mapped problem is invalid: " + e.message;
    return e;
  }
  return mapped;
}

Result<json> SchedulingService::store_run(const Principal& who, const std::string& trigger,
                                          json document, double objective, int64_t slot_count,
                                          const std::string& event_topic, const json& event_payload,
                                          int64_t run_id) {
  return services_.changes().run(who, [&](Change& c) -> Result<json> {
    store::ScheduleRun row;
    row.started_at = c.now();
    row.created_by = who.user_id;
    row.message = "{}";
    std::string created_at = format_iso8601(c.now());
    if (run_id > 0) {
      auto stored = store::get_schedule_run(c.tx(), run_id);
      if (!stored.ok()) return stored.error();
      row = *stored;
      created_at = format_iso8601(row.started_at);
    } else {
      auto saved = store::insert_schedule_run(c.tx(), row);
      if (!saved.ok()) return saved.error();
      row = *saved;
    }
    row.finished_at = c.now();
    row.status = store::ScheduleRunStatus::kSucceeded;
    row.trigger_reason = trigger;
    row.slot_count = slot_count;
    row.objective = objective;
    document["id"] = row.id;
    document["trigger"] = trigger;
    document["created_at"] = created_at;
    document["created_by"] = who.username;
    document["committed"] = false;
    row.message = document.dump();
    auto updated = store::update_schedule_run(c.tx(), row);
    if (!updated.ok()) return updated.error();
    json payload = event_payload;
    payload["run_id"] = row.id;
    KERF_TRY(c.emit(event_topic, payload));
    return document;
  });
}

Result<SchedulingService::ComputedRun> SchedulingService::compute_run(
    const RunRequest& request, const std::atomic<bool>* cancel, int64_t run_id) {
  auto mapped = build(request.horizon, {}, request.priority_overrides, request.excluded_jobs);
  if (!mapped.ok()) return mapped.error();
  const schedule::Schedule before = current_schedule(*mapped);

  EngineRequest er;
  er.mode = request.mode;
  er.rule = request.rule;
  er.time_limit_s = request.horizon == Horizon::kRealtime ? std::min(request.time_limit_s, 2.0)
                                                          : request.time_limit_s;
  er.seed = request.seed;
  er.threads = options_.threads;
  er.clock = options_.search_clock;
  er.cancel = cancel;
  EventBus& bus = services_.bus();
  Env& env = services_.env();
  int last_percent = -100;
  TimePoint last_beat = env.now();
  er.progress = [&](double percent, double best) {
    if (run_id > 0 && env.now() - last_beat >= std::chrono::seconds(options_.heartbeat_s)) {
      last_beat = env.now();
      // A missed beat only brings the next sweep closer, but it is worth knowing about.
      auto beat = services_.db().transact(
          [&](store::Tx& tx) { return store::heartbeat_schedule_run(tx, run_id, last_beat); });
      if (!beat.ok()) {
        spdlog::warn("schedule run {}: heartbeat not written: {}", run_id, beat.error().message);
      }
    }
    if (static_cast<int>(percent) < last_percent + 5 && percent < 100) return;
    last_percent = static_cast<int>(percent);
    json progress = {
        {"percent", percent}, {"best", best}, {"horizon", horizon_name(request.horizon)}};
    if (run_id > 0) progress["run_id"] = run_id;
    bus.publish("schedule.run.progress", progress.dump(), env.now());
  };
  auto outcome = run_engine(mapped->problem, er);
  if (!outcome.ok()) return outcome.error();

  RunReport report = run_report(*mapped, before, *outcome);
  ComputedRun out;
  out.document = std::move(report.document);
  out.document["horizon"] = horizon_name(request.horizon);
  out.document["mode"] = run_mode_name(request.mode);
  out.document["what_if"] = request.what_if;
  if (!request.excluded_jobs.empty()) {
    out.document["excluded_jobs"] = request.excluded_jobs;
  }
  if (!request.priority_overrides.empty()) {
    json overrides = json::array();
    for (const auto& [job_id, priority] : request.priority_overrides) {
      overrides.push_back({{"job_id", job_id}, {"priority", priority}});
    }
    out.document["priority_overrides"] = std::move(overrides);
  }
  out.document["time_limit_s"] = request.time_limit_s;
  out.objective = report.after.weighted_tardiness_h;
  out.slot_count = report.slot_count;
  out.payload = {{"status", outcome->cancelled ? "cancelled" : "succeeded"},
                 {"horizon", horizon_name(request.horizon)},
                 {"mode", run_mode_name(request.mode)},
                 {"what_if", request.what_if},
                 {"late_jobs_before", report.before.late_jobs},
                 {"late_jobs_after", report.after.late_jobs}};
  return out;
}

Result<json> SchedulingService::run(const Principal& who, const RunRequest& request, bool commit) {
  KERF_TRY(authorize_run(who, request));
  KERF_TRY(validate_run_request(request, commit));
  {
    std::lock_guard state(state_mu_);
    if (active_run_id_ > 0) return busy_error(active_run_id_);
  }
  std::lock_guard lock(run_mu_);
  auto computed = compute_run(request, nullptr, 0);
  if (!computed.ok()) return computed.error();
  auto stored = store_run(who, request.what_if ? "what_if" : "manual",
                          std::move(computed->document), computed->objective, computed->slot_count,
                          "schedule.run.completed", computed->payload);
  if (!stored.ok() || !commit) return stored;
  auto committed = this->commit(who, (*stored)["id"].get<int64_t>());
  if (!committed.ok()) return committed.error();
  return get_run(who, (*stored)["id"].get<int64_t>());
}

Result<json> SchedulingService::get_run(const Principal& who, int64_t run_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  auto read = [&] {
    return services_.db().read([&](store::Tx& tx) { return store::get_schedule_run(tx, run_id); });
  };
  auto run = read();
  if (!run.ok()) return run.error();
  if (run->status == store::ScheduleRunStatus::kRunning && is_silent(*run)) {
    auto swept = sweep_silent_runs();
    if (!swept.ok()) return swept.error();
    run = read();
    if (!run.ok()) return run.error();
  }
  return parse_document(*run);
}

Result<json> SchedulingService::commit(const Principal& who, int64_t run_id) {
  KERF_TRY(authorize(who, Permission::kRunScheduler));
  return services_.changes().run(who, [&](Change& c) -> Result<json> {
    store::Tx& tx = c.tx();
    auto run = store::get_schedule_run(tx, run_id);
    if (!run.ok()) return run.error();
    auto doc = parse_document(*run);
    if (!doc.ok()) return doc.error();
    if (run->status != store::ScheduleRunStatus::kSucceeded || !doc->contains("slots")) {
      return Error::precondition("schedule run " + std::to_string(run_id) +
                                 " did not succeed and cannot be committed");
    }
    if (doc->value("committed", false)) {
      return Error::precondition("schedule run " + std::to_string(run_id) +
                                 " is already committed");
    }
    // Stale: another run was committed after this one was computed.
    store::ListQuery aq;
    aq.filters["entity"] = std::string("schedule_run");
    aq.filters["action"] = std::string("commit");
    aq.sort = "id";
    aq.descending = true;
    aq.limit = 1;
    auto last = store::list_audit(tx, aq);
    if (!last.ok()) return last.error();
    if (!last->items.empty() && last->items.front().at > run->started_at) {
      return Error::precondition("schedule run " + std::to_string(run_id) + " is stale: run " +
                                 std::to_string(last->items.front().entity_id) +
                                 " was committed after it; run the scheduler again");
    }
    std::vector<ProposedSlot> proposed;
    std::set<int64_t> run_ops, run_nests;
    for (const auto& js : (*doc)["slots"]) {
      auto s = proposed_slot_from_json(js);
      if (!s.ok()) return s.error();
      if (s->nest_id > 0) {
        run_nests.insert(s->nest_id);
      } else {
        run_ops.insert(s->operation_id);
      }
      proposed.push_back(*s);
    }
    // Delete movable slots that start from now on or belong to the run's operations.
    std::vector<model::ScheduleSlot> existing;
    store::ListQuery q;
    q.limit = 1000;
    for (q.offset = 0;; q.offset += q.limit) {
      auto page = store::list_schedule_slots(tx, q);
      if (!page.ok()) return page.error();
      for (auto& s : page->items) existing.push_back(std::move(s));
      if (static_cast<int64_t>(page->items.size()) < q.limit) break;
    }
    std::vector<int64_t> doomed;
    std::set<int64_t> kept_ops;
    for (const auto& s : existing) {
      const bool movable = !s.pinned && !s.locked;
      if (movable && (s.start >= c.now() || run_ops.count(s.operation_id))) {
        doomed.push_back(s.id);
      } else if (run_ops.count(s.operation_id)) {
        kept_ops.insert(s.operation_id);
      }
    }
    auto deleted_rows = store::delete_schedule_slots(tx, doomed);
    if (!deleted_rows.ok()) return deleted_rows.error();
    // Nest slots alike: movable ones from now on or of the run's nests go.
    auto nest_slots = store::list_nest_slots(tx);
    if (!nest_slots.ok()) return nest_slots.error();
    std::vector<int64_t> doomed_nest_slots;
    std::set<int64_t> kept_nests;
    for (const auto& s : *nest_slots) {
      const bool movable = !s.pinned && !s.locked;
      if (movable && (s.start >= c.now() || run_nests.count(s.nest_id))) {
        doomed_nest_slots.push_back(s.id);
      } else if (run_nests.count(s.nest_id)) {
        kept_nests.insert(s.nest_id);
      }
    }
    auto deleted_nest_rows = store::delete_nest_slots(tx, doomed_nest_slots);
    if (!deleted_nest_rows.ok()) return deleted_nest_rows.error();
    const int64_t deleted = *deleted_rows + *deleted_nest_rows;
    int64_t inserted = 0;
    json slot_ids = json::array();
    for (const auto& p : proposed) {
      if (p.nest_id > 0) {
        if (kept_nests.count(p.nest_id)) continue;  // pinned/locked meanwhile: the pin wins
        model::NestSlot slot;
        slot.nest_id = p.nest_id;
        slot.work_center_id = p.work_center_id;
        slot.start = p.start;
        slot.end = std::max(p.end, p.start + std::chrono::seconds(1));
        auto saved = store::insert_nest_slot(tx, slot);
        if (!saved.ok()) {
          if (saved.error().code == ErrorCode::kFailedPrecondition) continue;  // nest deleted
          return saved.error();
        }
        ++inserted;
        continue;
      }
      if (kept_ops.count(p.operation_id)) continue;  // pinned/locked meanwhile: the pin wins
      model::ScheduleSlot slot;
      slot.operation_id = p.operation_id;
      slot.work_center_id = p.work_center_id;
      slot.start = p.start;
      slot.end = std::max(p.end, p.start + std::chrono::seconds(1));
      slot.pinned = false;
      slot.locked = false;
      auto saved = store::insert_schedule_slot(tx, slot);
      if (!saved.ok()) {
        if (saved.error().code == ErrorCode::kFailedPrecondition) continue;  // op deleted
        return saved.error();
      }
      slot_ids.push_back(saved->id);
      ++inserted;
    }
    json summary = {{"run_id", run_id},
                    {"inserted", inserted},
                    {"deleted", deleted},
                    {"kept", static_cast<int64_t>(kept_ops.size() + kept_nests.size())}};
    KERF_TRY(c.audit("schedule_run", run_id, "commit", nullptr, summary));
    (*doc)["committed"] = true;
    (*doc)["committed_at"] = format_iso8601(c.now());
    (*doc)["committed_by"] = who.username;
    run->message = doc->dump();
    auto updated = store::update_schedule_run(tx, *run);
    if (!updated.ok()) return updated.error();
    KERF_TRY(c.emit("schedule.committed", summary));
    return summary;
  });
}

Result<json> SchedulingService::repair_after_machine_down(const Principal& who,
                                                          int64_t work_center_id, TimePoint from,
                                                          TimePoint to) {
  KERF_TRY(authorize(who, Permission::kRunScheduler));
  if (to <= from) return Error::invalid("to", "must be after from");
  // No run_mu_: a repair takes milliseconds and must not wait behind a long search; it only
  // stores a proposal, which a later commit of another run makes stale.
  auto wc = services_.db().read(
      [&](store::Tx& tx) { return store::get_work_center(tx, work_center_id); });
  if (!wc.ok()) {
    if (wc.error().code == ErrorCode::kNotFound) {
      return Error::invalid("work_center_id", "work center not found");
    }
    return wc.error();
  }
  auto mapped = build(Horizon::kWeekly, {{work_center_id, from, to}});
  if (!mapped.ok()) return mapped.error();
  int missing = 0;
  const schedule::Schedule before = current_schedule(*mapped, &missing);
  const int down = mapped->machine_index.at(work_center_id);
  auto outcome = repair_engine(mapped->problem, before, missing, down,
                               {mapped->to_tick(from), mapped->to_tick(to)});
  if (!outcome.ok()) return outcome.error();

  json moved = json::array();
  json moved_nests = json::array();
  for (size_t i = 0; i < before.slots.size(); ++i) {
    const auto& a = before.slots[i];
    const auto& b = outcome->schedule.slots[i];
    if (a.machine != b.machine || a.start != b.start || a.end != b.end) {
      if (int64_t nest = nest_of(*mapped, static_cast<int>(i)); nest > 0) {
        moved_nests.push_back(nest);
      } else {
        moved.push_back(mapped->operation_ids[i]);
      }
    }
  }
  RunReport report = run_report(*mapped, before, *outcome);
  json doc = std::move(report.document);
  doc["horizon"] = horizon_name(Horizon::kWeekly);
  doc["mode"] = "repair";
  doc["what_if"] = false;
  doc["repair"] = {{"work_center_id", work_center_id},
                   {"work_center_code", wc->code},
                   {"from", format_iso8601(from)},
                   {"to", format_iso8601(to)}};
  doc["moved_operation_ids"] = moved;
  doc["moved_nest_ids"] = moved_nests;
  json payload = {{"work_center_id", work_center_id}, {"from", format_iso8601(from)},
                  {"to", format_iso8601(to)},         {"moved", moved.size() + moved_nests.size()},
                  {"moved_operation_ids", moved},     {"moved_nest_ids", moved_nests}};
  return store_run(who, "repair", std::move(doc), report.after.weighted_tardiness_h,
                   report.slot_count, "schedule.repair_proposed", payload);
}

Result<int> SchedulingService::process_pending_events() {
  return handle_work_center_events(work_center_events_.drain());
}

Result<int> SchedulingService::handle_work_center_events(const std::vector<Event>& events) {
  int proposed = 0;
  std::vector<std::string> failures;
  for (const auto& event : events) {
    int64_t id = 0;
    try {
      id = json::parse(event.payload_json).value("id", int64_t{0});
    } catch (const json::exception&) {
      failures.push_back("event " + std::to_string(event.id) + ": payload is not a JSON object");
      continue;
    }
    auto wc = services_.db().read([&](store::Tx& tx) { return store::get_work_center(tx, id); });
    if (!wc.ok()) {
      failures.push_back("work center " + std::to_string(id) + ": " + wc.error().message);
      continue;
    }
    if (wc->status != model::WorkCenterStatus::kDown &&
        wc->status != model::WorkCenterStatus::kMaintenance) {
      continue;
    }
    const TimePoint now = services_.env().now();
    auto r = repair_after_machine_down(system_principal(), id, now,
                                       now + std::chrono::seconds(options_.assumed_down_s));
    if (!r.ok()) {
      failures.push_back("repair after work center " + wc->code +
                         " went down: " + r.error().message);
      continue;
    }
    ++proposed;
  }
  if (failures.empty()) return proposed;
  std::string message;
  for (const auto& f : failures) message += (message.empty() ? "" : "; ") + f;
  return Error::unavailable(std::to_string(failures.size()) + " of " +
                            std::to_string(events.size()) + " work-center events not handled (" +
                            std::to_string(proposed) + " repairs proposed): " + message);
}

void SchedulingService::add_background_tasks(Background& background) {
  background.add_periodic("schedule.sweep", std::chrono::seconds(options_.silent_after_s) / 2,
                          [this] { return status_of(sweep_silent_runs()); });
  background.add_periodic("schedule.repair_listener", std::chrono::milliseconds(200),
                          [this] { return status_of(process_pending_events()); });
}

}  // namespace kerf::app::scheduling
