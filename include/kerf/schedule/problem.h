// The scheduling engine's own compact problem type. It knows nothing of SQL, HTTP or the domain
// model: the app layer maps jobs/routings/work centers onto it (see docs/scheduling.md).
//
// Time is an integer tick count from `Problem::origin_epoch_s` (one tick = one second for a real
// shop; unitless for benchmark instances). Everything is indexed by dense ints for speed.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <vector>

namespace kerf::schedule {

using Time = int64_t;
inline constexpr Time kNoTime = std::numeric_limits<Time>::min();
inline constexpr Time kInfinity = std::numeric_limits<Time>::max() / 4;

// Half-open interval [start, end).
struct Interval {
  Time start = 0;
  Time end = 0;
  Time length() const { return end - start; }
  friend bool operator==(const Interval&, const Interval&) = default;
};

// Working time of a resource: sorted, disjoint, non-empty working windows. An empty `windows`
// with `always_open` true means 24/7 (the benchmark case). Downtime and holidays are simply
// absent from `windows`; overtime windows are present.
struct Calendar {
  std::string name;
  bool always_open = true;
  std::vector<Interval> windows;
};

// Sequence-dependent setup times between setup families on one work center:
// times[from * families + to]. A family change not covered uses the alternative's own setup.
struct SetupMatrix {
  int families = 0;
  std::vector<Time> times;
  Time get(int from, int to) const { return times[static_cast<size_t>(from * families + to)]; }
};

struct Machine {
  std::string name;
  int calendar = -1;       // index into Problem::calendars; -1 = always open
  int setup_matrix = -1;   // index into Problem::setup_matrices; -1 = none
  int department = -1;     // free grouping for reports (index into Problem::departments)
};

// One way to run an operation: on `machine`, `setup` ticks of setup then `run` ticks of run
// (run already includes quantity and the machine's efficiency).
struct Alternative {
  int machine = 0;
  Time setup = 0;
  Time run = 0;
  Time per_piece = 0;  // run time of one piece, for lot streaming lags (0 = not streamable)
};

struct Operation {
  int job = -1;                       // owning job; -1 for a shared batch op (nest)
  std::string name;
  std::vector<Alternative> alternatives;  // at least one
  int setup_family = -1;              // -1 = no family: full setup before it every time
  bool splittable = true;             // may be interrupted by non-working time
  // Planner pin / frozen work. A pinned machine restricts the alternatives; a pinned start fixes
  // the start tick. Frozen operations (in progress) have both and are never moved by search.
  int pinned_machine = -1;
  Time pinned_start = kNoTime;
  bool frozen = false;
};

// Precedence between two operations.
//  kFinishStart: start(to) >= end(from) + lag            (transfer/buffer time)
//  kOverlap:     start(to) >= start(from) + lag  and  end(to) >= end(from) + end_lag
//                (lot streaming: `to` may start once the first pieces of `from` are done)
enum class PrecedenceKind { kFinishStart, kOverlap };

struct Precedence {
  int from = 0;
  int to = 0;
  PrecedenceKind kind = PrecedenceKind::kFinishStart;
  Time lag = 0;
  Time end_lag = 0;
};

struct Job {
  std::string name;
  Time release = 0;      // no operation of the job starts before this
  Time due = kInfinity;  // due date (completion of its last operation)
  double weight = 1.0;   // priority weight for weighted tardiness
  std::vector<int> operations;  // indices into Problem::operations, in routing order
};

struct Problem {
  std::string name;
  int64_t origin_epoch_s = 0;  // wall-clock second of tick 0 (0 for benchmarks)
  std::vector<std::string> departments;
  std::vector<Calendar> calendars;
  std::vector<SetupMatrix> setup_matrices;
  std::vector<Machine> machines;
  std::vector<Operation> operations;
  std::vector<Precedence> precedences;
  std::vector<Job> jobs;
};

// A placed operation: setup occupies [start, start+setup work), run follows; when the op is
// splittable and crosses non-working time, `end - start` exceeds setup + run.
struct Slot {
  int operation = -1;
  int machine = -1;
  Time start = 0;
  Time end = 0;
  Time setup = 0;  // setup work actually incurred (sequence dependent)
  friend bool operator==(const Slot&, const Slot&) = default;
};

// A complete schedule: slots[i] is the placement of operation i.
struct Schedule {
  std::vector<Slot> slots;
};

}  // namespace kerf::schedule
