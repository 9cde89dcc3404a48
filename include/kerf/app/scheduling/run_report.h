// Scheduling run requests and reports: what a run was asked, what it proposes (slots, metrics
// before/after, late jobs with their critical chain and suggestions, load vs capacity), and the
// JSON form in which runs are stored (schedule_runs.message) and served by the API.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/problem.h"

namespace kerf::app::scheduling {

// weekly = 7 days, daily = 1 day, realtime = 1 day with a short search budget.
enum class Horizon { kWeekly, kDaily, kRealtime };
enum class RunMode { kDispatch, kOptimize };

// Stable names "weekly"/"daily"/"realtime" and "dispatch"/"optimize"; parse fails with
// kInvalidArgument naming `field`.
const char* horizon_name(Horizon h);
Result<Horizon> parse_horizon(std::string_view text, const std::string& field = "horizon");
const char* run_mode_name(RunMode m);
Result<RunMode> parse_run_mode(std::string_view text, const std::string& field = "mode");
// Seconds covered by a horizon.
int64_t horizon_seconds(Horizon h);

inline constexpr double kMaxTimeLimitS = 600;

struct RunRequest {
  Horizon horizon = Horizon::kWeekly;
  RunMode mode = RunMode::kDispatch;
  double time_limit_s = 5;                      // optimize only; (0, kMaxTimeLimitS]
  std::optional<schedule::DispatchRule> rule;   // nullopt = best of every rule
  bool what_if = false;                         // never committed automatically
  uint64_t seed = 1;
  // What-if only (field error "priority_overrides" otherwise): job id -> priority (1..5) used
  // instead of the stored one while building the problem; recorded in the run document as
  // "priority_overrides": [{job_id, priority}]. Never written to the jobs.
  std::map<int64_t, int32_t> priority_overrides;
  // What-if only (field error "excluded_jobs" otherwise): jobs left out of the problem, e.g. the
  // plan without a rush order; recorded in the run document as "excluded_jobs".
  std::set<int64_t> excluded_jobs;
};

// A nest batch op's slot has operation_id 0, job_id 0 and its nest_id (JSON "nest_id" only
// then); commit stores it as a nest_slots row.
struct ProposedSlot {
  int64_t operation_id = 0;
  int64_t job_id = 0;
  int64_t nest_id = 0;
  int64_t work_center_id = 0;
  TimePoint start;
  TimePoint end;
  int64_t setup_s = 0;
  bool pinned = false;  // the op had a pinned machine + start
  bool frozen = false;  // running op
};

// Summary metrics of a schedule. With unscheduled ops the tardiness figures are not finite and
// `complete` is false (JSON writes them as null).
struct RunMetrics {
  int64_t operations = 0;
  int64_t unscheduled = 0;
  bool complete = true;
  int64_t late_jobs = 0;
  double on_time_rate = 1;
  double weighted_tardiness_h = 0;
  int64_t total_tardiness_s = 0;
  int64_t flow_time_s = 0;
  int64_t total_setup_s = 0;
  int64_t makespan_s = 0;
  std::vector<double> objective;  // shop default lexicographic objective
};

// One link of a late job's critical chain, from its last op backwards: why the op starts when it
// does. reason: "job" (waits for the job's previous op), "machine" (waits for the op before it on
// its work center), "release" (starts as early as its calendar/release allows).
struct ChainLink {
  int64_t operation_id = 0;  // 0 for a nest (then nest_id)
  int64_t nest_id = 0;
  std::string operation;
  int64_t work_center_id = 0;
  TimePoint start;
  TimePoint end;
  std::string reason;
};

struct LateJob {
  int64_t job_id = 0;
  std::string number;
  TimePoint due;
  TimePoint completion;
  int64_t tardiness_s = 0;
  std::vector<ChainLink> critical_chain;
  std::vector<std::string> suggestions;
};

// Planned working seconds vs available working seconds of a work center in one bucket.
struct LoadBucket {
  int64_t work_center_id = 0;
  std::string work_center_code;
  TimePoint start;
  TimePoint end;
  int64_t available_s = 0;
  int64_t planned_s = 0;
};

// The nest id of engine op `op` (0 for a job operation or out of range).
int64_t nest_of(const MappedProblem& mapped, int op);

// Metrics of `schedule` over `mapped` (ops with infinite times count as unscheduled).
RunMetrics run_metrics(const MappedProblem& mapped, const schedule::Schedule& schedule);

// Late jobs (tardiness > 0, at most `max_jobs`, most tardy first) with critical chains and
// suggestions (overtime on a blocking work center, moving an op to an alternative, priority).
std::vector<LateJob> explain_late_jobs(const MappedProblem& mapped,
                                       const schedule::Schedule& schedule, size_t max_jobs = 20);

// The plant-local bucket [start, end) containing `t`: buckets are bucket_s / 86400 whole local
// days (at least 1) counted from a local Monday, each from local midnight to local midnight in
// `zone`, so 86400 gives plant days (23 h / 25 h on DST change days) and 604800 plant weeks
// starting on Monday 00:00.
struct PlantBucket {
  TimePoint start;
  TimePoint end;
};
PlantBucket plant_bucket(TimePoint t, int64_t bucket_s, const TimeZone& zone);
// plant_bucket(t, bucket_s, zone).start.
TimePoint plant_bucket_floor(TimePoint t, int64_t bucket_s, const TimeZone& zone);

// Load vs capacity per work center per plant_bucket of `bucket_s` over [from, to) (ticks) in
// the plant's zone (the first and last are clipped to [from, to)). Planned = working time of
// the machine covered by its slots.
std::vector<LoadBucket> load_vs_capacity(const MappedProblem& mapped,
                                         const schedule::Schedule& schedule,
                                         schedule::Time from, schedule::Time to, int64_t bucket_s);

// The placed slots of `schedule` starting before `until` (tick) as database slots.
std::vector<ProposedSlot> proposed_slots(const MappedProblem& mapped,
                                         const schedule::Schedule& schedule,
                                         schedule::Time until);

// JSON forms (times ISO 8601).
nlohmann::json to_json(const RunMetrics& m);
nlohmann::json to_json(const ProposedSlot& s);
nlohmann::json to_json(const LateJob& j);
nlohmann::json to_json(const LoadBucket& b);
// Parses a slot written by to_json(ProposedSlot).
Result<ProposedSlot> proposed_slot_from_json(const nlohmann::json& j);

}  // namespace kerf::app::scheduling
