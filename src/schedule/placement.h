// Internal placement primitives shared by dispatch, decode and repair (NOT by the checker, which
// stays an independent oracle).
#pragma once

#include <vector>

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule::detail {

inline constexpr Time kMinusInfinity = -kInfinity;

// Precedence adjacency: indices into Problem::precedences.
struct Graph {
  std::vector<std::vector<int>> preds;  // per op: precedences ending at it
  std::vector<std::vector<int>> succs;  // per op: precedences starting at it
  std::vector<int> topo;                // ops in a topological order (all ops when acyclic)
};

Graph build_graph(const Problem& problem);

// Earliest start and minimum end of `op` from its job release, tick 0 and its (placed)
// predecessors' slots.
struct Bounds {
  Time start = 0;
  Time min_end = kMinusInfinity;
};
Bounds bounds_of(const Problem& problem, const Graph& graph, const std::vector<Slot>& slots,
                 int op);

// The machine's calendar (an always-open one for machines without a calendar).
const Calendar& calendar_of(const Problem& problem, int machine);

// Earliest placement of `work` at or after `earliest` whose end is >= min_end.
// {kInfinity, kInfinity} when it does not fit.
Interval place_with_min_end(const Calendar& calendar, Time earliest, Time work, bool splittable,
                            Time min_end);

// The run time of `op` on `machine` (0 when not eligible).
Time run_time(const Problem& problem, int op, int machine);

// Smallest setup + run over the op's eligible alternatives.
Time min_work(const Problem& problem, int op);

// Machines `op` may use: the pinned machine, else all alternatives' machines.
std::vector<int> eligible_machines(const Problem& problem, int op);

// Append-only machine timeline with pre-placed fixed (pinned-start) operations.
struct MachineState {
  Time cursor = kMinusInfinity;  // end of the last appended op
  int last = -1;                 // last op in sequence before the cursor
  std::vector<int> fixed;        // fixed ops on this machine, sorted by start
  size_t next_fixed = 0;         // first fixed op not yet passed
};

struct Candidate {
  bool feasible = false;
  int machine = -1;
  Time start = kInfinity;
  Time end = kInfinity;
  Time setup = 0;
  size_t next_fixed = 0;  // MachineState::next_fixed after committing
};

// Where `op` would go when appended to `state` on `machine` no earlier than `bounds`: before the
// next fixed op if it fits there without changing that op's setup, else after it.
Candidate try_machine(const Problem& problem, const std::vector<Slot>& slots,
                      const MachineState& state, int machine, int op, Bounds bounds);

// Appends the candidate: writes slots[op] and advances the state.
void commit(MachineState& state, const Candidate& c, int op, std::vector<Slot>& slots);

// Pre-places every op with a pinned start on its pinned (else first) machine; fills `states`
// fixed lists and `slots`. Returns the list of fixed ops.
std::vector<int> place_fixed(const Problem& problem, std::vector<MachineState>& states,
                             std::vector<Slot>& slots);

// Semi-active timing of machine sequences (assumed well formed: each listed op once, on an
// eligible machine). Ops start no earlier than `lower_bounds[op]` when given. With
// `allow_missing`, ops absent from every sequence are skipped (slot machine -1, times 0) and
// precedences from them ignored. kFailedPrecondition on deadlock or a pinned op pushed past its
// pin. With `yield_to_pins`, an unpinned op that would end after the start of the next pinned
// op of its machine moves right behind that pinned op in the sequence instead (repair).
Result<Schedule> time_sequences(const Problem& problem, const Graph& graph,
                                const std::vector<std::vector<int>>& machine_sequences,
                                const std::vector<Time>* lower_bounds, bool allow_missing,
                                bool yield_to_pins);

}  // namespace kerf::schedule::detail
