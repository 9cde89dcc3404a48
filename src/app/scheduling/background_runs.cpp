// SchedulingService background runs: start a stored "running" run on the service's worker
// thread, complete its document when the engine ends, and cancel it.
#include <spdlog/spdlog.h>

#include <chrono>
#include <string>
#include <utility>

#include "app/scheduling/run_guard.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/schedule_run_repo.h"

namespace kerf::app::scheduling {
namespace {

using model::Role;
using nlohmann::json;

// Reads a stored run document; a run whose message is not a document yields an empty object.
json stored_document(const store::ScheduleRun& run) {
  json doc = json::parse(run.message, nullptr, false);
  return doc.is_object() ? doc : json::object();
}

}  // namespace

Result<json> SchedulingService::start_run(const Principal& who, const RunRequest& request) {
  KERF_TRY(authorize_run(who, request));
  KERF_TRY(validate_run_request(request, false));
  std::lock_guard state(state_mu_);
  if (active_run_id_ > 0) return busy_error(active_run_id_);
  const std::string trigger = request.what_if ? "what_if" : "manual";
  auto stored = services_.changes().run(who, [&](Change& c) -> Result<json> {
    store::ScheduleRun row;
    row.started_at = c.now();
    row.status = store::ScheduleRunStatus::kRunning;
    row.trigger_reason = trigger;
    row.created_by = who.user_id;
    row.message = "{}";
    auto saved = store::insert_schedule_run(c.tx(), row);
    if (!saved.ok()) return saved.error();
    json doc = {{"id", saved->id},
                {"status", "running"},
                {"trigger", trigger},
                {"horizon", horizon_name(request.horizon)},
                {"mode", run_mode_name(request.mode)},
                {"rule", request.rule ? schedule::dispatch_rule_name(*request.rule) : "best"},
                {"what_if", request.what_if},
                {"time_limit_s", request.time_limit_s},
                {"created_at", format_iso8601(c.now())},
                {"created_by", who.username},
                {"committed", false}};
    saved->message = doc.dump();
    auto updated = store::update_schedule_run(c.tx(), *saved);
    if (!updated.ok()) return updated.error();
    return doc;
  });
  if (!stored.ok()) return stored.error();
  if (worker_.joinable()) worker_.join();  // the previous run has ended (active_run_id_ is 0)
  active_run_id_ = (*stored)["id"].get<int64_t>();
  cancel_ = false;
  worker_ = std::thread(&SchedulingService::run_in_background, this, who, request, active_run_id_);
  return stored;
}

void SchedulingService::run_in_background(Principal who, RunRequest request, int64_t run_id) {
  {
    std::lock_guard lock(run_mu_);
    auto computed = compute_run(request, &cancel_, run_id);
    Status done = ok_status();
    if (!computed.ok()) {
      done = computed.error();
    } else {
      auto stored =
          store_run(who, request.what_if ? "what_if" : "manual", std::move(computed->document),
                    computed->objective, computed->slot_count, "schedule.run.completed",
                    computed->payload, run_id);
      if (!stored.ok()) done = stored.error();
    }
    if (!done.ok()) {
      spdlog::error("schedule run {} failed: {}", run_id, done.error().message);
      // Should even this write fail, the row stays "running" until a sweep marks it failed.
      if (auto recorded = store_failed_run(who, run_id, done.error()); !recorded.ok()) {
        spdlog::error("schedule run {}: failure not recorded: {}", run_id,
                      recorded.error().message);
      }
    }
  }
  std::lock_guard state(state_mu_);
  active_run_id_ = 0;
  run_ended_.notify_all();
}

Status SchedulingService::store_failed_run(const Principal& who, int64_t run_id,
                                           const Error& error) {
  return services_.changes().run(who, [&](Change& c) -> Status {
    auto run = store::get_schedule_run(c.tx(), run_id);
    if (!run.ok()) return run.error();
    json doc = stored_document(*run);
    doc["status"] = "failed";
    doc["error"] = error.message;
    run->status = store::ScheduleRunStatus::kFailed;
    run->finished_at = c.now();
    run->message = doc.dump();
    auto updated = store::update_schedule_run(c.tx(), *run);
    if (!updated.ok()) return updated.error();
    return c.emit("schedule.run.completed",
                  {{"run_id", run_id}, {"status", "failed"}, {"error", error.message}});
  });
}

int64_t SchedulingService::own_run_id() {
  std::lock_guard state(state_mu_);
  return active_run_id_;
}

TimePoint SchedulingService::silence_cutoff() const {
  return services_.env().now() - std::chrono::seconds(options_.silent_after_s);
}

bool SchedulingService::is_silent(const store::ScheduleRun& run) {
  return run.id != own_run_id() && run.last_sign_of_life() < silence_cutoff();  // ours is alive
}

Result<int> SchedulingService::sweep_silent_runs() {
  const TimePoint cutoff = silence_cutoff();
  // Read before the transaction: start_run holds state_mu_ while it writes.
  const int64_t own = own_run_id();
  return services_.changes().run(system_principal(), [&](Change& c) -> Result<int> {
    auto silent = store::list_silent_running_runs(c.tx(), cutoff);
    if (!silent.ok()) return silent.error();
    int swept = 0;
    for (store::ScheduleRun& run : *silent) {
      if (run.id == own) continue;  // ours is alive while this process is
      const std::string why = "abandoned: no sign of life from the node running it since " +
                              format_iso8601(run.last_sign_of_life()) + " (the node stopped)";
      json doc = stored_document(run);
      doc["status"] = "failed";
      doc["error"] = why;
      run.status = store::ScheduleRunStatus::kFailed;
      run.finished_at = c.now();
      run.message = doc.dump();
      auto updated = store::update_schedule_run(c.tx(), run);
      if (!updated.ok()) return updated.error();
      KERF_TRY(c.audit("schedule_run", run.id, "abandon", json{{"status", "running"}},
                       json{{"status", "failed"}, {"error", why}}));
      KERF_TRY(c.emit("schedule.run.completed",
                      {{"run_id", run.id}, {"status", "failed"}, {"error", why}}));
      ++swept;
    }
    return swept;
  });
}

Result<json> SchedulingService::cancel(const Principal& who, int64_t run_id,
                                       std::chrono::milliseconds wait) {
  KERF_TRY(authorize(who, Permission::kRunScheduler));
  std::unique_lock state(state_mu_);
  if (run_id != active_run_id_ || cancel_) {
    const bool pending = run_id == active_run_id_;
    state.unlock();
    auto doc = get_run(who, run_id);
    if (!doc.ok()) return doc.error();
    const std::string status = doc->value("status", std::string("unknown"));
    const std::string id = "schedule run " + std::to_string(run_id);
    if (status != "running") {
      return Error::precondition(id + " is " + status +
                                 ", not running; only a running run can be cancelled");
    }
    if (pending) {
      return Error::precondition(id + " is running and already being cancelled");
    }
    return Error::precondition(id + " is running, but not on this node (or its node stopped)");
  }
  auto audited = services_.changes().run(who, [&](Change& c) -> Status {
    return c.audit("schedule_run", run_id, "cancel", json{{"status", "running"}},
                   json{{"status", "cancelling"}});
  });
  if (!audited.ok()) return audited.error();
  cancel_ = true;
  run_ended_.wait_for(state, wait, [&] { return active_run_id_ != run_id; });
  state.unlock();
  return get_run(who, run_id);
}

}  // namespace kerf::app::scheduling
