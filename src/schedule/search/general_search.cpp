// General improvement mode: tabu local search over machine sequences, every candidate decoded
// and scored exactly (SequenceDecoder + score()). Exact for calendars, setups, lags, pins.
#include <algorithm>
#include <memory>
#include <mutex>
#include <random>
#include <thread>

#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/search/tabu.h"
#include "kerf/schedule/validate.h"

namespace kerf::schedule::search {
namespace {

using Sequences = std::vector<std::vector<int>>;

inline size_t z(int v) { return static_cast<size_t>(v); }

struct Candidate {
  Sequences seqs;
  Schedule schedule;
  ObjectiveValue value;
  int op = -1;
};

struct GeneralRun {
  Sequences best_seqs;
  Schedule best_schedule;
  ObjectiveValue best_value;
  int64_t iterations = 0;
  std::chrono::steady_clock::time_point best_time;
};

// Best value over all threads, for progress reports only (the threads search independently).
struct SharedBest {
  std::mutex mu;
  ObjectiveValue value;
  void offer(const ObjectiveValue& v) {
    std::lock_guard lock(mu);
    if (value.values.empty() || v < value) value = v;
  }
  double first() {
    std::lock_guard lock(mu);
    return value.values.empty() ? 0.0 : value.values.front();
  }
};

constexpr auto kProgressEvery = std::chrono::milliseconds(250);

// True when the op may change place: not frozen and without a pinned start.
bool movable(const Operation& op) { return !op.frozen && op.pinned_start == kNoTime; }

// Machines `op` may run on (the pinned one only, when pinned).
std::vector<int> eligible_machines(const Operation& op) {
  if (op.pinned_machine >= 0 || op.frozen) return {op.pinned_machine};
  std::vector<int> out;
  for (const Alternative& a : op.alternatives) out.push_back(a.machine);
  return out;
}

// Picks an op to move: half the time one of the ops finishing last / belonging to a late job.
int pick_op(const Problem& problem, const Schedule& schedule, std::mt19937_64& rng,
            const std::vector<int>& movable_ops) {
  if (movable_ops.empty()) return -1;
  if (rng() & 1) return movable_ops[rng() % movable_ops.size()];
  // Tournament: among a few random movable ops, the one whose job is latest relative to due
  // (or ends latest when nothing is due).
  int best = -1;
  double best_key = 0;
  for (int k = 0; k < 4; ++k) {
    int o = movable_ops[rng() % movable_ops.size()];
    const Operation& op = problem.operations[z(o)];
    double key = static_cast<double>(schedule.slots[z(o)].end);
    if (op.job >= 0) {
      const Job& job = problem.jobs[z(op.job)];
      if (job.due < kInfinity)
        key = static_cast<double>(schedule.slots[z(o)].end - job.due) * job.weight;
    }
    if (best < 0 || key > best_key) {
      best = o;
      best_key = key;
    }
  }
  return best;
}

// Which way an op of this job should move on its machine: -1 (earlier) when the job is late,
// +1 (later) when it finishes more than a day before its due date, 0 when either helps.
int preferred_direction(const Problem& problem, const Schedule& schedule, int op) {
  const Operation& operation = problem.operations[z(op)];
  if (operation.job < 0) return 0;
  const Job& job = problem.jobs[z(operation.job)];
  if (job.due >= kInfinity) return 0;
  Time completion = 0;
  for (int o : job.operations) completion = std::max(completion, schedule.slots[z(o)].end);
  if (completion > job.due) return -1;
  return completion + 86400 < job.due ? 1 : 0;
}

// Builds a random neighbour of `seqs` by moving `op` (same-machine moves go the job's
// preferred direction half of the time); false when no move applies.
bool neighbour(const Problem& problem, const Schedule& schedule, const Sequences& seqs, int op,
               std::mt19937_64& rng, Sequences& out) {
  const Operation& operation = problem.operations[z(op)];
  const int machine = schedule.slots[z(op)].machine;
  const auto& seq = seqs[z(machine)];
  auto it = std::find(seq.begin(), seq.end(), op);
  if (it == seq.end()) return false;
  const int index = static_cast<int>(it - seq.begin());
  std::vector<int> machines = eligible_machines(operation);
  int kind = static_cast<int>(rng() % 3);
  if (kind == 2 && machines.size() < 2) kind = static_cast<int>(rng() % 2);
  out = seqs;
  if (kind == 0 || kind == 1) {
    // Swap with a neighbour (kind 0) or shift by up to 4 places (kind 1) on the same machine.
    int span = kind == 0 ? 1 : 2 + static_cast<int>(rng() % 3);
    int direction = (rng() & 1) ? preferred_direction(problem, schedule, op) : 0;
    if (direction == 0) direction = (rng() & 1) ? 1 : -1;
    int target = index + direction * span;
    if (target < 0 || target >= static_cast<int>(seq.size())) return false;
    // Never jump over a fixed op.
    int lo = std::min(index, target), hi = std::max(index, target);
    for (int k = lo; k <= hi; ++k) {
      if (!movable(problem.operations[z(seq[z(k)])])) return false;
    }
    auto& s = out[z(machine)];
    s.erase(s.begin() + index);
    s.insert(s.begin() + target, op);
    return true;
  }
  int to = machines[rng() % machines.size()];
  if (to == machine) return false;
  auto& from = out[z(machine)];
  from.erase(from.begin() + index);
  auto& dest = out[z(to)];
  // Insert by start time, then jitter by one place.
  Time start = schedule.slots[z(op)].start;
  int pos = 0;
  while (pos < static_cast<int>(dest.size()) && schedule.slots[z(dest[z(pos)])].start <= start)
    ++pos;
  pos += static_cast<int>(rng() % 3) - 1;
  pos = std::clamp(pos, 0, static_cast<int>(dest.size()));
  dest.insert(dest.begin() + pos, op);
  return true;
}

GeneralRun run_general(const Problem& problem, const Objective& objective, const Sequences& start,
                       const Schedule& start_schedule, const ObjectiveValue& start_value,
                       uint64_t seed, const SearchOptions& options, const Clock& clock,
                       std::chrono::steady_clock::time_point t0, SharedBest& shared, bool reporter,
                       const SequenceDecoder& decoder) {
  std::mt19937_64 rng(seed);
  auto last_report = t0;
  GeneralRun run{start, start_schedule, start_value, 0, t0};
  Sequences current = start;
  Schedule current_schedule = start_schedule;
  std::vector<int> movable_ops;
  for (int o = 0; o < static_cast<int>(problem.operations.size()); ++o) {
    if (movable(problem.operations[z(o)])) movable_ops.push_back(o);
  }
  std::vector<int64_t> tabu_until(problem.operations.size(), 0);
  const int samples = 8;
  const int tenure = 5 + static_cast<int>(std::min<size_t>(20, movable_ops.size() / 10));
  Sequences trial;
  for (int64_t iter = 1;; ++iter) {
    if (options.iteration_limit > 0 && iter > options.iteration_limit) break;
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) break;
    if (options.time_limit_s > 0 &&
        std::chrono::duration<double>(clock.steady_now() - t0).count() >= options.time_limit_s) {
      break;
    }
    run.iterations = iter;
    if (reporter && options.progress && (iter & 31) == 0) {
      const auto now = clock.steady_now();
      if (now - last_report >= kProgressEvery) {
        last_report = now;
        options.progress(
            options.percent_done(std::chrono::duration<double>(now - t0).count(), iter),
            shared.first());
      }
    }
    std::unique_ptr<Candidate> chosen;
    for (int k = 0; k < samples; ++k) {
      int op = pick_op(problem, current_schedule, rng, movable_ops);
      if (op < 0) break;
      if (!neighbour(problem, current_schedule, current, op, rng, trial)) continue;
      auto decoded = decoder.decode(trial);
      if (!decoded) continue;
      ObjectiveValue value = score(problem, *decoded, objective);
      bool tabu = tabu_until[z(op)] > iter && !(value < run.best_value);
      if (tabu) continue;
      if (!chosen || value < chosen->value) {
        chosen =
            std::make_unique<Candidate>(Candidate{trial, std::move(decoded).value(), value, op});
      }
    }
    if (!chosen) continue;
    current = std::move(chosen->seqs);
    current_schedule = std::move(chosen->schedule);
    tabu_until[z(chosen->op)] = iter + tenure;
    if (chosen->value < run.best_value) {
      run.best_value = chosen->value;
      run.best_seqs = current;
      run.best_schedule = current_schedule;
      run.best_time = clock.steady_now();
      shared.offer(run.best_value);
    }
  }
  return run;
}

}  // namespace

Result<SearchResult> improve(const Problem& problem, const Objective& objective,
                             const SearchOptions& options) {
  if (options.time_limit_s <= 0 && options.iteration_limit <= 0) {
    return Error::invalid("time_limit_s", "give a time limit or an iteration limit");
  }
  if (Status s = validate(problem); !s) return s.error();
  static const SystemClock kSystemClock;
  const Clock& clock = options.clock ? *options.clock : kSystemClock;
  const auto t0 = clock.steady_now();
  DispatchResult start = best_dispatch(problem, objective);
  Sequences seqs = machine_sequences(problem, start.schedule);
  // Re-decode so that the start is exactly what the search's decoder produces.
  Schedule start_schedule = start.schedule;
  ObjectiveValue start_value = start.value;
  const SequenceDecoder decoder(problem);
  if (auto decoded = decoder.decode(seqs); decoded.ok()) {
    ObjectiveValue v = score(problem, *decoded, objective);
    if (v <= start_value) {
      start_schedule = std::move(decoded).value();
      start_value = v;
    }
  }
  const int threads = std::max(1, options.threads);
  std::vector<GeneralRun> runs(static_cast<size_t>(threads));
  std::vector<std::thread> pool;
  SharedBest shared;
  shared.offer(start_value);
  for (int t = 0; t < threads; ++t) {
    pool.emplace_back([&, t] {
      runs[z(t)] = run_general(problem, objective, seqs, start_schedule, start_value,
                               options.seed * 7919ull + static_cast<uint64_t>(t), options, clock,
                               t0, shared, t == 0, decoder);
    });
  }
  for (auto& th : pool) th.join();
  size_t best = 0;
  for (size_t t = 1; t < runs.size(); ++t) {
    if (runs[t].best_value < runs[best].best_value) best = t;
  }
  SearchResult result;
  result.schedule = std::move(runs[best].best_schedule);
  result.value = runs[best].best_value;
  result.start_value = start.value;
  result.start_rule = dispatch_rule_name(start.rule);
  result.start_makespan = 0;
  for (const Slot& s : start.schedule.slots)
    result.start_makespan = std::max(result.start_makespan, s.end);
  for (const Slot& s : result.schedule.slots) result.makespan = std::max(result.makespan, s.end);
  for (const auto& r : runs) result.iterations += r.iterations;
  result.seconds = std::chrono::duration<double>(clock.steady_now() - t0).count();
  result.seconds_to_best = std::chrono::duration<double>(runs[best].best_time - t0).count();
  result.cancelled = options.cancel && options.cancel->load();
  if (options.progress && !result.value.values.empty())
    options.progress(100.0, result.value.values[0]);
  return result;
}

Result<SearchResult> solve(const Problem& problem, const Objective& objective,
                           const SearchOptions& options) {
  bool makespan_only =
      objective.criteria.size() == 1 && objective.criteria[0] == Criterion::kMakespan;
  if (makespan_only && fast_makespan_supported(problem)) return minimise_makespan(problem, options);
  return improve(problem, objective, options);
}

}  // namespace kerf::schedule::search
