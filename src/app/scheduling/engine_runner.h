// Runs the schedule engine for the scheduling service: dispatch rules, the improvement search,
// and the sequence-preserving repair after a machine went down.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/scheduling/run_report.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/problem.h"

namespace kerf::app::scheduling {

struct EngineRequest {
  RunMode mode = RunMode::kDispatch;
  std::optional<schedule::DispatchRule> rule;  // nullopt = best of all rules
  double time_limit_s = 5;
  uint64_t seed = 1;
  int threads = 1;
  const Clock* clock = nullptr;  // measures the budget; null = system clock
  const std::atomic<bool>* cancel = nullptr;  // optimize: set to true to stop the search early
  std::function<void(double percent, double best)> progress;
};

struct EngineOutcome {
  schedule::Schedule schedule;
  std::string engine;  // "dispatch", "search", "repair"
  std::string rule;    // dispatch rule that produced (or seeded) the schedule
  double seconds = 0;
  int64_t iterations = 0;
  bool cancelled = false;  // the search stopped on `cancel` (the schedule is its best so far)
  std::vector<std::string> notes;
};

// Schedules a validated problem as requested.
Result<EngineOutcome> run_engine(const schedule::Problem& problem, const EngineRequest& request);

// Repair: keeps the machine sequences of `current` (complete when `missing` is 0), moves the ops
// placed on `down_machine` during `down` to their least loaded other alternative (inserted by
// start time) and decodes the sequences; falls back to EDD dispatch when that is impossible.
Result<EngineOutcome> repair_engine(const schedule::Problem& problem,
                                    const schedule::Schedule& current, int missing,
                                    int down_machine, schedule::Interval down);

}  // namespace kerf::app::scheduling
