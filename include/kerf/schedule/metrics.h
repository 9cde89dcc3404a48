// Schedule quality metrics and the lexicographic objective used to compare schedules.
#pragma once

#include <compare>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

struct Metrics {
  Time makespan = 0;                 // max slot end (0 when there are no ops)
  std::vector<Time> job_completion;  // per job: max end of its ops (release when it has none)
  std::vector<Time> job_tardiness;   // per job: max(0, completion - due)
  Time total_tardiness = 0;
  double weighted_tardiness = 0;     // sum weight * tardiness
  int late_jobs = 0;                 // jobs with tardiness > 0
  double on_time_rate = 1.0;         // (jobs - late) / jobs; 1 when there are no jobs
  Time total_flow_time = 0;          // sum (completion - release)
  Time total_setup = 0;              // sum of slot.setup
  Interval horizon;                  // [0, makespan) unless given
  // Busy working time / available working time inside `horizon`; 0 when nothing is available.
  std::vector<double> machine_utilisation;
  std::vector<double> department_utilisation;  // pooled over the department's machines
};

// Metrics of `schedule` (slots with infinite times count as completing at kInfinity).
Metrics evaluate(const Problem& problem, const Schedule& schedule);
// Same, with utilisation measured over an explicit horizon.
Metrics evaluate(const Problem& problem, const Schedule& schedule, Interval horizon);

// Criteria of the lexicographic objective; all are minimised.
enum class Criterion {
  kLateJobs,
  kWeightedTardiness,
  kTotalTardiness,
  kFlowTime,
  kSetup,
  kMakespan,
};

// Stable names: "late_jobs", "weighted_tardiness", "total_tardiness", "flow_time", "setup",
// "makespan"; parse returns kInvalidArgument for unknown names.
const char* criterion_name(Criterion criterion);
Result<Criterion> parse_criterion(const std::string& name);

// Criteria in priority order.
struct Objective {
  std::vector<Criterion> criteria;
  // Late jobs, then weighted tardiness, then flow time, then total setup.
  static Objective shop_default();
  // Makespan only (benchmark mode).
  static Objective makespan_only();
};

// Numbers compared lexicographically; smaller is better.
struct ObjectiveValue {
  std::vector<double> values;
  friend auto operator<=>(const ObjectiveValue&, const ObjectiveValue&) = default;
  friend bool operator==(const ObjectiveValue&, const ObjectiveValue&) = default;
};

// The objective value of already computed metrics.
ObjectiveValue objective_value(const Metrics& metrics, const Objective& objective);
// evaluate() + objective_value().
ObjectiveValue score(const Problem& problem, const Schedule& schedule, const Objective& objective);

}  // namespace kerf::schedule
