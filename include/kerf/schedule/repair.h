// Incremental schedule repair after a disruption (machine down, rush job, op finishing early or
// late, scrap needing rework): keeps the unaffected ops in place and in sequence.
#pragma once

#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

struct RepairOptions {
  Time now = 0;                   // re-inserted and new ops start no earlier than this
  bool allow_left_shift = false;  // kept ops may start earlier than before (not before `now`)
  Objective objective = Objective::shop_default();  // picks machine/position of moved ops
  // Exact insertion re-times the whole schedule per candidate (O(ops) each). When
  // re-inserted ops x all ops exceeds this budget, a fast insertion is used instead: the
  // time-ordered position on the machine where the op ends earliest by a running estimate.
  size_t exact_budget = 4'000'000;
};

struct RepairResult {
  Schedule schedule;
  int ops_moved = 0;                // old ops whose machine, start or end changed
  std::vector<int> changed_ops;     // those ops plus the new ones, ascending
  std::vector<int> reassigned_ops;  // old ops now on another machine, ascending
  std::vector<int> reinserted_ops;  // ops removed from their sequence and inserted again + new
};

// Repairs `previous` (a schedule of the first previous.slots.size() ops of `problem`; ops
// appended since are new) for the modified, validated `problem`:
//  1. every old op keeps its machine sequence, except ops whose old machine is no longer
//     eligible or whose old slot no longer fits the machine's (changed) calendar: those and new
//     ops are re-inserted one by one in precedence order at the best machine/position by
//     `objective` (time-ordered position or end of sequence on every eligible machine; see
//     exact_budget for large repairs);
//  2. the sequences are re-timed semi-actively with every kept op starting no earlier than
//     before (right-shift only; unless allow_left_shift), pinned/frozen ops at their pins.
// The result passes check() when the problem is feasible; kFailedPrecondition when the kept
// sequences deadlock or a pinned op cannot start at its pin; kInvalidArgument when `previous`
// has more slots than the problem has operations.
Result<RepairResult> repair(const Problem& problem, const Schedule& previous,
                            const RepairOptions& options = {});

// Disruption helpers that edit a problem before repair().

// Removes [down.start, down.end) from `machine`'s working time (the machine gets its own copy
// of its calendar; an always-open machine gets windows [-kInfinity/2, start), [end, kInfinity/2)).
void apply_machine_down(Problem& problem, int machine, Interval down);

// The op ran / will run from its previous start to `actual_end` on its previous machine: freezes
// it there (pinned machine + start) and sets its run so that setup + run fills the working time.
// kInvalidArgument when actual_end leaves less than the setup or the op was not placed.
Status apply_actual_end(Problem& problem, const Schedule& previous, int op, Time actual_end);

// Appends a rework op for scrap found after `after_op` (same job): after_op -> rework, and every
// finish-start/overlap successor of after_op now follows the rework op instead. Returns its index.
int add_rework_op(Problem& problem, int after_op, std::vector<Alternative> alternatives,
                  std::string name = "rework");

}  // namespace kerf::schedule
