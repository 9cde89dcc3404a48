// Scheduling use cases: run the engine over the shop (dispatch or optimize, what-if or not),
// keep every run in schedule_runs (its full report as JSON in the `message` column), commit a
// run's slots in one audited transaction, propose a repair when a work center goes down, and
// read the current schedule (slots, load vs capacity, conflicts).
//
// Roles: planner (and admin) run, commit and repair; planner, lead, quality and operator read.
// Runs are synchronous (run) or asynchronous (start_run: one background run at a time, owned by
// this service, cancellable with cancel; the destructor cancels and joins it). While it
// searches, a background run stamps heartbeat_at every heartbeat_s; a "running" row silent for
// silent_after_s belongs to a node that stopped, and any node marks it failed
// (sweep_silent_runs), so several nodes may share one PostgreSQL database.
// Events: "schedule.run.progress" (published live on the bus while a run searches: percent,
// best, horizon, and run_id for background runs), "schedule.run.completed" (outbox),
// "schedule.committed" (outbox, with the audit row of entity "schedule_run", action "commit"),
// "schedule.repair_proposed" (outbox).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/scheduling/run_report.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"
#include "kerf/model/schedule_slot.h"

namespace kerf::app {
class Background;
class Services;
}  // namespace kerf::app
namespace kerf::store {
struct ScheduleRun;
}

namespace kerf::app::scheduling {

struct SchedulingOptions {
  int64_t calendar_days = 56;         // calendars are built this far ahead (see BuildOptions)
  int64_t assumed_down_s = 8 * 3600;  // repair window when a work center is reported down
  int threads = 1;                    // optimize mode search threads
  int64_t heartbeat_s = 10;           // a background run's node stamps heartbeat_at this often
  int64_t silent_after_s = 60;        // a running run silent this long belongs to a stopped node
  // Clock measuring the optimize time budget; null = the system clock (a ManualClock would
  // never let a time-limited search end).
  const Clock* search_clock = nullptr;
};

// A stored slot with what a Gantt view needs beside it.
struct SlotView {
  model::ScheduleSlot slot;
  std::string work_center_code;
  std::string department;
  std::string operation;
  int64_t job_id = 0;
  std::string job_number;
};

// GET /schedule/runs filters.
struct RunListQuery {
  int64_t limit = 50;   // 1..1000
  int64_t offset = 0;   // >= 0
  std::string trigger;  // "" or manual, what_if, repair
  std::string status;   // "" or running, succeeded, failed (the stored row's status)
};

// Longest span of the planner board.
inline constexpr int64_t kMaxBoardDays = 62;

struct SlotFilter {
  std::optional<int64_t> work_center_id;
  std::optional<model::Department> department;
  std::optional<TimePoint> from;  // slots ending after `from`
  std::optional<TimePoint> to;    // slots starting before `to`
};

class SchedulingService {
 public:
  explicit SchedulingService(Services& services, SchedulingOptions options = {});
  ~SchedulingService();
  SchedulingService(const SchedulingService&) = delete;
  SchedulingService& operator=(const SchedulingService&) = delete;

  // Runs the engine and stores the run. Returns the run document: id, status, trigger, horizon,
  // mode, rule, what_if, committed, created_at, seconds, metrics_before (stored slots),
  // metrics_after, slots (proposed, starting inside the horizon), late_jobs (critical chain +
  // suggestions), conflicts (checker violations), load (daily), warnings. Stored slots are not
  // touched; with `commit` the run is committed right away (refused for what-if runs: field
  // "commit"). Field errors: "time_limit_s". kFailedPrecondition while a background run is in
  // progress (another synchronous run waits for the first).
  Result<nlohmann::json> run(const Principal& who, const RunRequest& request, bool commit = false);
  // Stores a run with status "running" and runs the engine on the background thread; returns
  // the stored document at once (id, status "running", trigger, horizon, mode, rule, what_if,
  // time_limit_s, created_at, created_by, committed). When the engine ends the document is
  // completed as run() would return it, with status "succeeded", "cancelled" (search stopped by
  // cancel: the best schedule so far, checker-validated and committable) or "failed" (error).
  // kFailedPrecondition while another background run is in progress; field errors as run().
  Result<nlohmann::json> start_run(const Principal& who, const RunRequest& request);
  // Stops the background run `run_id` (planner): one audit row (entity "schedule_run", action
  // "cancel"), sets the search's cancel flag and waits up to `wait` for the run to end; returns
  // the run document (status "cancelled", or "succeeded" for a dispatch run that ended first).
  // kNotFound; kFailedPrecondition when the run is not running here (naming its status) or a
  // cancel is already pending.
  Result<nlohmann::json> cancel(const Principal& who, int64_t run_id,
                                std::chrono::milliseconds wait = std::chrono::seconds(30));
  // The stored run document; kNotFound. A silent running run of another node is swept first
  // (see sweep_silent_runs), so its document says "failed".
  Result<nlohmann::json> get_run(const Principal& who, int64_t run_id);
  // Marks failed every "running" run, other than this service's own, whose last sign of life
  // (heartbeat_at, else started_at) is more than silent_after_s ago: its node stopped. Per run:
  // status "failed" with the reason in "error", one audit row (entity "schedule_run", action
  // "abandon", by the system principal), event "schedule.run.completed". Returns how many.
  // The background sweep (add_background_tasks) runs it at once and every silent_after_s / 2.
  Result<int> sweep_silent_runs();
  // Replaces the unpinned, unlocked slots that start from now on (and every unpinned, unlocked
  // slot of the run's operations) with the run's slots, in one transaction; operations that
  // meanwhile got a pinned/locked slot or were completed keep theirs. One audit row, event
  // "schedule.committed". kFailedPrecondition for failed, already committed or stale runs (a
  // newer run was committed since it was created). Returns {run_id, inserted, deleted, kept}.
  Result<nlohmann::json> commit(const Principal& who, int64_t run_id);
  // Repair proposal after `work_center_id` went down during [from, to): the stored schedule is
  // kept in sequence, ops on the down work center move to an alternative (or after `to`) and
  // everything is right-shifted as needed (dispatch when no complete schedule is stored). Never
  // waits for a run in progress (synchronous or background). Stored
  // as a run (trigger "repair", never committed automatically); emits
  // "schedule.repair_proposed" {run_id, work_center_id, from, to, moved_operation_ids}.
  Result<nlohmann::json> repair_after_machine_down(const Principal& who, int64_t work_center_id,
                                                   TimePoint from, TimePoint to);

  // Stored slots matching `filter` (at most 5000, by start).
  Result<std::vector<SlotView>> slots(const Principal& who, const SlotFilter& filter);
  // Load vs capacity of the stored schedule over [from, to) in buckets of `bucket_s` aligned on
  // plant-local midnight (86400) or plant-local Monday 00:00 (604800); the first and last
  // buckets are clipped to [from, to).
  Result<std::vector<LoadBucket>> load(const Principal& who, TimePoint from, TimePoint to,
                                       int64_t bucket_s);
  // Conflicts of the stored schedule: {conflicts: [{kind, operation_id, message}],
  // unscheduled_operations, late_jobs: [...]} (checker violations of kinds overlap, precedence,
  // machine, pinned, frozen, release, calendar).
  Result<nlohmann::json> conflicts(const Principal& who);
  // The planner board over [from, to) (defaults: plant-local yesterday 00:00, and the
  // plant-local midnight 14 days after from): {from, to, now, time_zone, departments (model
  // order, work centers by code), slots overlapping the range with their job, part, customer,
  // operation and lateness (job's last slot end - due), off_shift (non-working intervals of each
  // work center's shift calendar, as the scheduler builds it), downtime (down/maintenance work
  // centers: [now, now + assumed_down_s))}. Field errors "to" (not after from, or more than
  // kMaxBoardDays after it). Reads in a handful of batched statements.
  Result<nlohmann::json> board(const Principal& who, std::optional<TimePoint> from,
                               std::optional<TimePoint> to);
  // Run summaries newest first: {items: [{id, status, trigger, horizon, mode, what_if,
  // committed, created_at, created_by, objective, metrics_after (+ work_center_id, moved for
  // repairs)}], total}. Field errors "limit", "offset", "trigger", "status".
  Result<nlohmann::json> list_runs(const Principal& who, const RunListQuery& query);
  // The dispatch list of a work center: its open (not completed) operations scheduled on it,
  // running ones first, then by slot start; at most `limit` (1..500) items with job, part
  // (material, thickness) and customer, plus total. kNotFound for an unknown work center.
  Result<nlohmann::json> dispatch_list(const Principal& who, int64_t work_center_id, int64_t limit);
  // The supervisor's dashboard over the last `days` (1..366) days and the current plant week:
  // on_time, late_jobs (top 20), departments (wip, queue, queue/load/capacity hours,
  // utilisation), bottleneck, adherence. See docs/api.md. Field error "days".
  Result<nlohmann::json> dashboard(const Principal& who, int days);

  // Start of the plant-local bucket (day for 86400, week from Monday for 604800) containing `t`.
  Result<TimePoint> plant_bucket_start(TimePoint t, int64_t bucket_s);

  // Work-center events: "work_center.updated" events whose work center is now down or in
  // maintenance trigger repair_after_machine_down(now, now + assumed_down_s) as the system
  // principal. Handles the queued events now and returns how many repairs it proposed; an error
  // (after handling every event) names each event that could not be handled.
  Result<int> process_pending_events();
  // Registers this service's background work with `background`: the sweep of silent runs
  // (every silent_after_s / 2, at once on start) and the machine-down listener (queued
  // work-center events every 200 ms).
  void add_background_tasks(Background& background);

 private:
  // An engine run ready to be stored.
  struct ComputedRun {
    nlohmann::json document;
    double objective = 0;
    int64_t slot_count = 0;
    nlohmann::json payload;  // of "schedule.run.completed"
  };

  Result<MappedProblem> build(Horizon horizon, std::vector<Downtime> downtimes = {},
                              std::map<int64_t, int32_t> priority_overrides = {},
                              std::set<int64_t> excluded_jobs = {});
  // Maps the shop and runs the engine (caller holds run_mu_); `run_id` 0 = not stored yet.
  Result<ComputedRun> compute_run(const RunRequest& request, const std::atomic<bool>* cancel,
                                  int64_t run_id);
  // Inserts the run (`run_id` 0) or completes the stored running run `run_id`.
  Result<nlohmann::json> store_run(const Principal& who, const std::string& trigger,
                                   nlohmann::json document, double objective, int64_t slot_count,
                                   const std::string& event_topic,
                                   const nlohmann::json& event_payload, int64_t run_id = 0);
  // Marks the stored running run `run_id` failed with `error`.
  Status store_failed_run(const Principal& who, int64_t run_id, const Error& error);
  // Runs whose last sign of life is before this instant are silent.
  TimePoint silence_cutoff() const;
  // Whether the running row `run` is not ours and has been silent too long.
  bool is_silent(const store::ScheduleRun& run);
  // This service's background run (0 = none).
  int64_t own_run_id();
  // Body of the background thread for the stored running run `run_id`.
  void run_in_background(Principal who, RunRequest request, int64_t run_id);
  Result<int> handle_work_center_events(const std::vector<Event>& events);

  Services& services_;
  SchedulingOptions options_;
  std::mutex run_mu_;    // one run/start_run engine run at a time (repairs do not wait)
  std::mutex state_mu_;  // guards active_run_id_ and worker_
  std::condition_variable run_ended_;
  int64_t active_run_id_ = 0;  // background run in progress; 0 = none
  std::atomic<bool> cancel_{false};
  std::thread worker_;
  EventSubscription work_center_events_;
};

}  // namespace kerf::app::scheduling
