#include "kerf/schedule/search/makespan_check.h"

#include <algorithm>
#include <string>
#include <tuple>

namespace kerf::schedule::search {

Time schedule_makespan(const Schedule& schedule) {
  Time m = 0;
  for (const Slot& s : schedule.slots) m = std::max(m, s.end);
  return m;
}

Status check_makespan_schedule(const Problem& problem, const Schedule& schedule) {
  const size_t n = problem.operations.size();
  auto fail = [](std::string message) { return Error::precondition(std::move(message)); };
  if (schedule.slots.size() != n) return fail("slot count differs from operation count");
  std::vector<std::vector<size_t>> by_machine(problem.machines.size());
  for (size_t o = 0; o < n; ++o) {
    const Slot& s = schedule.slots[o];
    const Operation& op = problem.operations[o];
    if (s.operation != static_cast<int>(o))
      return fail("slot " + std::to_string(o) + " names another op");
    const Alternative* alt = nullptr;
    for (const Alternative& a : op.alternatives) {
      if (a.machine == s.machine) alt = &a;
    }
    if (!alt || s.machine < 0 || s.machine >= static_cast<int>(problem.machines.size())) {
      return fail("op " + std::to_string(o) + " on an ineligible machine");
    }
    if (s.start < 0 || s.end - s.start != alt->setup + alt->run) {
      return fail("op " + std::to_string(o) + " has the wrong duration");
    }
    if (op.job >= 0 && s.start < problem.jobs[static_cast<size_t>(op.job)].release) {
      return fail("op " + std::to_string(o) + " starts before its release");
    }
    by_machine[static_cast<size_t>(s.machine)].push_back(o);
  }
  for (auto& ops : by_machine) {
    std::sort(ops.begin(), ops.end(), [&](size_t a, size_t b) {
      const Slot& x = schedule.slots[a];
      const Slot& y = schedule.slots[b];
      return std::tie(x.start, x.end, x.operation) < std::tie(y.start, y.end, y.operation);
    });
    for (size_t k = 1; k < ops.size(); ++k) {
      if (schedule.slots[ops[k]].start < schedule.slots[ops[k - 1]].end) {
        return fail("ops " + std::to_string(ops[k - 1]) + " and " + std::to_string(ops[k]) +
                    " overlap");
      }
    }
  }
  for (const Precedence& p : problem.precedences) {
    const Slot& a = schedule.slots[static_cast<size_t>(p.from)];
    const Slot& b = schedule.slots[static_cast<size_t>(p.to)];
    bool ok = p.kind == PrecedenceKind::kFinishStart
                  ? b.start >= a.end + p.lag
                  : b.start >= a.start + p.lag && b.end >= a.end + p.end_lag;
    if (!ok)
      return fail("precedence " + std::to_string(p.from) + " -> " + std::to_string(p.to) +
                  " violated");
  }
  return ok_status();
}

}  // namespace kerf::schedule::search
