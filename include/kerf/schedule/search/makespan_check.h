// Stand-alone validation of a schedule for a benchmark-style problem (always-open machines,
// sequence-independent setups): used by the benchmark harness as a second opinion next to the
// module's checker.
#pragma once

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule::search {

// OK when every op is placed once on one of its machines for exactly setup + run ticks, no two
// ops overlap on a machine, finish-start precedences (with lags) and job releases hold.
// Otherwise kFailedPrecondition naming the first violation.
Status check_makespan_schedule(const Problem& problem, const Schedule& schedule);

// Largest slot end (0 for an empty schedule).
Time schedule_makespan(const Schedule& schedule);

}  // namespace kerf::schedule::search
