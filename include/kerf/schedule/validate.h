// Structural validation of a Problem before it is scheduled.
#pragma once

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

// OK when `problem` is well formed: every index (machine, calendar, matrix, department, job,
// operation, precedence end) in range; every operation has >= 1 alternative, at most one per
// machine, no negative setup/run; job.operations reference ops of that job exactly once and every
// op with job >= 0 is listed by its job; setup families in range of machine matrices; matrices
// square with non-negative entries; precedence graph acyclic without self loops; pinned machine
// among the alternatives; frozen ops pinned on machine and start; calendars sorted, disjoint and
// non-empty windows. Otherwise kInvalidArgument with one FieldError per problem, fields named like
// "operations/12/alternatives" (message "empty").
Status validate(const Problem& problem);

}  // namespace kerf::schedule
