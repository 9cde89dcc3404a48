// Schedule runs: one row per scheduler invocation (for history and explanations).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

enum class ScheduleRunStatus { kRunning, kSucceeded, kFailed };
std::string_view to_string(ScheduleRunStatus s);  // "running", "succeeded", "failed"
Result<ScheduleRunStatus> parse_schedule_run_status(std::string_view text);

struct ScheduleRun {
  int64_t id = 0;
  TimePoint started_at;
  std::optional<TimePoint> finished_at;
  ScheduleRunStatus status = ScheduleRunStatus::kRunning;
  std::string trigger_reason;  // "manual", "repair", "nightly", ...
  int64_t slot_count = 0;
  std::optional<double> objective;
  std::string message;
  int64_t created_by = 0;  // user id; 0 = system
  // Last sign of life of a running run's node (migration 2); nullopt = none since started_at.
  std::optional<TimePoint> heartbeat_at;
  TimePoint last_sign_of_life() const { return heartbeat_at.value_or(started_at); }
  friend bool operator==(const ScheduleRun&, const ScheduleRun&) = default;
};

// Inserts a run and returns it with its id.
Result<ScheduleRun> insert_schedule_run(Tx& tx, const ScheduleRun& run);
// Overwrites a run (no version check: runs are written by the one scheduler). kNotFound.
Result<ScheduleRun> update_schedule_run(Tx& tx, const ScheduleRun& run);
Result<ScheduleRun> get_schedule_run(Tx& tx, int64_t id);
// list_schedule_runs: filters {status, trigger_reason}; sort by {id, started_at}; date range on
// started_at.
Result<Page<ScheduleRun>> list_schedule_runs(Tx& tx, const ListQuery& query);
// Sets heartbeat_at of run `id` if it is still running; returns whether a row was touched.
Result<bool> heartbeat_schedule_run(Tx& tx, int64_t id, TimePoint at);
// Running runs whose last sign of life (heartbeat_at, else started_at) is before `cutoff`, by id.
Result<std::vector<ScheduleRun>> list_silent_running_runs(Tx& tx, TimePoint cutoff);

}  // namespace kerf::store
