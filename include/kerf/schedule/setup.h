// Sequence-dependent setup rule shared by the dispatcher, the checker and the search.
#pragma once

#include "kerf/schedule/problem.h"

namespace kerf::schedule {

// The alternative of `op` on `machine`, or nullptr when the op cannot run there.
const Alternative* find_alternative(const Problem& problem, int op, int machine);

// Setup ticks incurred by `op` on `machine` when `prev_op` (-1 = none / unknown state) ran just
// before it on that machine:
//   same known setup family as prev_op             -> 0
//   both families known and the machine has a matrix covering them -> matrix(from, to)
//   otherwise                                      -> the alternative's own `setup`.
// Returns 0 when `op` has no alternative on `machine` (callers validate eligibility first).
Time setup_time(const Problem& problem, int machine, int prev_op, int op);

}  // namespace kerf::schedule
