#include "app/scheduling/engine_runner.h"

#include <algorithm>
#include <chrono>
#include <map>

#include "kerf/schedule/metrics.h"
#include "kerf/schedule/search/tabu.h"

namespace kerf::app::scheduling {
namespace {

using schedule::kInfinity;

const Clock& clock_or_system(const Clock* clock) {
  static const SystemClock kSystem;
  return clock != nullptr ? *clock : kSystem;
}

double seconds_since(const Clock& clock, std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(clock.steady_now() - t0).count();
}

EngineOutcome dispatch_outcome(const schedule::Problem& problem,
                               std::optional<schedule::DispatchRule> rule) {
  EngineOutcome out;
  out.engine = "dispatch";
  if (rule) {
    out.schedule = schedule::dispatch(problem, *rule);
    out.rule = schedule::dispatch_rule_name(*rule);
  } else {
    auto best = schedule::best_dispatch(problem, schedule::Objective::shop_default());
    out.schedule = std::move(best.schedule);
    out.rule = schedule::dispatch_rule_name(best.rule);
  }
  return out;
}

}  // namespace

Result<EngineOutcome> run_engine(const schedule::Problem& problem, const EngineRequest& request) {
  const Clock& clock = clock_or_system(request.clock);
  const auto t0 = clock.steady_now();
  if (request.mode == RunMode::kDispatch) {
    EngineOutcome out = dispatch_outcome(problem, request.rule);
    out.seconds = seconds_since(clock, t0);
    return out;
  }
  schedule::search::SearchOptions options;
  options.time_limit_s = request.time_limit_s;
  options.threads = std::max(1, request.threads);
  options.seed = request.seed;
  options.clock = request.clock;
  options.cancel = request.cancel;
  options.progress = request.progress;
  const auto objective = schedule::Objective::shop_default();
  auto found = schedule::search::solve(problem, objective, options);
  if (!found.ok()) return found.error();
  EngineOutcome out;
  out.engine = "search";
  out.rule = found->start_rule;
  out.schedule = std::move(found->schedule);
  out.iterations = found->iterations;
  out.cancelled = found->cancelled;
  // The final figure, so listeners always see the run reach 100 %.
  if (request.progress) {
    const auto value = schedule::score(problem, out.schedule, objective).values;
    request.progress(100.0, value.empty() ? 0.0 : value.front());
  }
  out.seconds = seconds_since(clock, t0);
  return out;
}

Result<EngineOutcome> repair_engine(const schedule::Problem& problem,
                                    const schedule::Schedule& current, int missing,
                                    int down_machine, schedule::Interval down) {
  auto fallback = [&](const std::string& why) {
    EngineOutcome out = dispatch_outcome(problem, schedule::DispatchRule::kEdd);
    out.engine = "repair";
    out.notes.push_back(why + "; repaired by EDD dispatch");
    return out;
  };
  if (missing > 0) return fallback("no complete stored schedule");
  for (const auto& s : current.slots) {
    if (s.start >= kInfinity) return fallback("the stored schedule has unplaced operations");
    const auto& alts = problem.operations[static_cast<size_t>(s.operation)].alternatives;
    if (std::none_of(alts.begin(), alts.end(), [&](const auto& a) { return a.machine == s.machine; }))
      return fallback("a stored slot is on a work center no longer eligible");
  }
  // Work per machine, to pick the least loaded alternative.
  std::vector<schedule::Time> work(problem.machines.size(), 0);
  for (const auto& s : current.slots) work[static_cast<size_t>(s.machine)] += s.end - s.start;
  std::vector<std::pair<schedule::Time, int>> moved;  // (start, op) to re-insert
  std::vector<int> machine_of(current.slots.size());
  for (const auto& s : current.slots) {
    machine_of[static_cast<size_t>(s.operation)] = s.machine;
    const auto& op = problem.operations[static_cast<size_t>(s.operation)];
    const bool hit = s.machine == down_machine && s.start < down.end && s.end > down.start;
    if (!hit || op.pinned_machine >= 0) continue;
    int best = -1;
    for (const auto& a : op.alternatives) {
      if (a.machine == down_machine) continue;
      if (best < 0 || work[static_cast<size_t>(a.machine)] < work[static_cast<size_t>(best)]) {
        best = a.machine;
      }
    }
    if (best < 0) continue;  // no alternative: it waits on the down machine until `to`
    machine_of[static_cast<size_t>(s.operation)] = best;
    work[static_cast<size_t>(best)] += s.end - s.start;
  }
  // Sequences by the stored start times (moved ops slot in by their old start).
  std::vector<std::vector<int>> seqs(problem.machines.size());
  std::vector<int> order(current.slots.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = current.slots[static_cast<size_t>(a)];
    const auto& y = current.slots[static_cast<size_t>(b)];
    return std::tie(x.start, x.end, a) < std::tie(y.start, y.end, b);
  });
  for (int op : order) seqs[static_cast<size_t>(machine_of[static_cast<size_t>(op)])].push_back(op);
  auto decoded = schedule::decode(problem, seqs);
  if (!decoded.ok()) return fallback("the stored sequence cannot be kept (" + decoded.error().message + ")");
  EngineOutcome out;
  out.engine = "repair";
  out.rule = "keep_sequence";
  out.schedule = std::move(*decoded);
  return out;
}

}  // namespace kerf::app::scheduling
