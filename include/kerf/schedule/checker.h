// Independent schedule checker: the oracle every produced schedule is tested against. It shares
// no placement code with the dispatcher (only calendar.h primitives and the setup rule).
#pragma once

#include <string>
#include <vector>

#include "kerf/schedule/problem.h"

namespace kerf::schedule {

enum class ViolationKind {
  kMissing,     // slot count / slot.operation mismatch, op not placed, infinite times
  kMachine,     // machine out of range or not among the op's alternatives / not the pinned one
  kCalendar,    // work does not match the machine's working windows (start, end, splitting)
  kOverlap,     // two ops overlap on one machine
  kSetup,       // slot.setup differs from the setup rule for the machine sequence
  kPrecedence,  // a precedence (incl. lag / overlap end lag) is violated
  kRelease,     // op starts before its job's release
  kPinned,      // pinned start not respected
  kFrozen,      // frozen op moved
};

// Stable lower-case name ("missing", "machine", ...).
const char* violation_kind_name(ViolationKind kind);

struct Violation {
  ViolationKind kind = ViolationKind::kMissing;
  int operation = -1;
  std::string message;
};

struct CheckReport {
  std::vector<Violation> violations;
  bool ok() const { return violations.empty(); }
  // Up to `max_lines` violations, one per line: "<kind> op <n>: <message>".
  std::string summary(size_t max_lines = 20) const;
};

// Checks `schedule` against `problem` (which must pass validate()). Rules:
//  - slots.size() == operations.size(), slots[i].operation == i, finite times;
//  - machine among the alternatives (and == pinned_machine when set);
//  - work = slot.setup + alternative.run occupies the machine's working time exactly:
//    work > 0: start is a working instant, end - 1 is a working instant and the working time in
//    [start, end) equals work; unsplittable ops need end - start == work; work == 0: start == end;
//  - per machine, slots ordered by (start, end, operation) do not overlap, and each slot's setup
//    equals setup_time(machine, previous op in that order or -1, op);
//  - precedences: finish-start start(to) >= end(from) + lag; overlap start(to) >= start(from) +
//    lag and end(to) >= end(from) + end_lag;
//  - start >= release of the op's job; pinned_start respected; frozen ops exactly at their pins.
CheckReport check(const Problem& problem, const Schedule& schedule);

}  // namespace kerf::schedule
