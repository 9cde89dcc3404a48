// Improvement search for the scheduler.
//
// Makespan mode (the fast engine): a disjunctive-graph tabu search in the style of TSAB / i-TSAB
// and TS/PR for the (flexible) job shop: N7 moves on critical blocks with head/tail move
// estimates, machine reassignment of critical operations (Mastrolilli-Gambardella style
// insertion), tabu list with aspiration, restarts from an elite pool with path relinking and
// deterministic elite sharing between threads at fixed iteration counts. It applies to problems
// with always-open calendars, no setup families, finish-start precedences along job routings
// (lag 0), no pins; see fast_makespan_supported().
//
// General mode (real shops): moves on machine sequences evaluated by decode() + evaluate() with
// the lexicographic objective; pinned and frozen operations never move.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule::search {

struct SearchOptions {
  double time_limit_s = 10.0;   // wall-clock budget; <= 0 means none (needs iteration_limit)
  int64_t iteration_limit = 0;  // per thread; 0 = unlimited (use for deterministic tests)
  int threads = 1;              // independent seeded searches sharing elites
  uint64_t seed = 1;
  Time target = 0;  // stop as soon as the makespan is <= target (e.g. a lower bound)
  const std::atomic<bool>* cancel = nullptr;  // set to true to stop promptly
  const Clock* clock = nullptr;               // null = system clock
  // Called from the search (one thread at a time) with percent of the time (or iteration) budget
  // used and the best objective (makespan in makespan mode, first criterion otherwise).
  std::function<void(double percent, double best)> progress;

  // Percent of the budget used after `elapsed_s` seconds and `iterations` iterations (per
  // thread): the larger of the time and the iteration share, at most 100.
  double percent_done(double elapsed_s, int64_t iterations) const {
    double pct = time_limit_s > 0 ? 100.0 * elapsed_s / time_limit_s : 0;
    if (iteration_limit > 0) {
      pct = std::max(
          pct, 100.0 * static_cast<double>(iterations) / static_cast<double>(iteration_limit));
    }
    return std::min(100.0, pct);
  }
};

struct SearchResult {
  Schedule schedule;
  Time makespan = 0;
  Time start_makespan = 0;  // makespan of the constructive start
  std::string start_rule;   // name of the constructive rule that seeded the search
  ObjectiveValue value;     // objective value (general mode) / {makespan} (makespan mode)
  ObjectiveValue start_value;
  int64_t iterations = 0;      // summed over threads
  double seconds = 0;          // wall time spent
  double seconds_to_best = 0;  // wall time when the final best was first found
  bool cancelled = false;
  bool fast_mode = false;  // true when the makespan engine ran
};

// True when `problem` fits the fast makespan engine (see the header comment); otherwise `why`
// (when given) receives the reason.
bool fast_makespan_supported(const Problem& problem, std::string* why = nullptr);

// Minimises the makespan of a supported problem with the tabu search. Errors:
// kInvalidArgument when the problem is not supported or options are unusable (no time and no
// iteration limit). The result is deterministic for a given seed, thread count and
// iteration_limit when the time limit does not bind.
Result<SearchResult> minimise_makespan(const Problem& problem, const SearchOptions& options);

// General improvement search for any validated problem under `objective`: starts from the best
// dispatch rule, then local search with tabu memory over machine-sequence moves (swap / insert of
// adjacent ops, machine reassignment), each evaluated exactly by decode() + evaluate(). Pinned
// and frozen operations keep their machine; frozen operations keep their place.
Result<SearchResult> improve(const Problem& problem, const Objective& objective,
                             const SearchOptions& options);

// Uses minimise_makespan() when the objective is makespan-only and the problem is supported,
// improve() otherwise.
Result<SearchResult> solve(const Problem& problem, const Objective& objective,
                           const SearchOptions& options);

}  // namespace kerf::schedule::search
