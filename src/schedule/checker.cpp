#include "kerf/schedule/checker.h"

#include <algorithm>
#include <string>

#include "kerf/schedule/calendar.h"
#include "kerf/schedule/setup.h"

namespace kerf::schedule {
namespace {

std::string t(Time v) { return v == kNoTime ? "none" : std::to_string(v); }

class Checker {
 public:
  Checker(const Problem& p, const Schedule& s) : p_(p), s_(s) {}

  CheckReport run() {
    if (s_.slots.size() != p_.operations.size()) {
      add(ViolationKind::kMissing, -1,
          "schedule has " + std::to_string(s_.slots.size()) + " slots for " +
              std::to_string(p_.operations.size()) + " operations");
      return std::move(report_);
    }
    std::vector<bool> usable(s_.slots.size(), false);
    for (size_t i = 0; i < s_.slots.size(); ++i) usable[i] = check_slot(static_cast<int>(i));
    check_machines(usable);
    check_precedences(usable);
    return std::move(report_);
  }

 private:
  void add(ViolationKind kind, int op, std::string message) {
    report_.violations.push_back({kind, op, std::move(message)});
  }

  const Calendar* calendar_of(int machine) const {
    int c = p_.machines[static_cast<size_t>(machine)].calendar;
    return c < 0 ? nullptr : &p_.calendars[static_cast<size_t>(c)];
  }

  // Per-slot rules; returns whether the slot is sound enough for pairwise checks.
  bool check_slot(int i) {
    const Slot& slot = s_.slots[static_cast<size_t>(i)];
    const Operation& op = p_.operations[static_cast<size_t>(i)];
    if (slot.operation != i) {
      add(ViolationKind::kMissing, i, "slot holds operation " + std::to_string(slot.operation));
      return false;
    }
    if (slot.start >= kInfinity || slot.end >= kInfinity || slot.start == kNoTime) {
      add(ViolationKind::kMissing, i, "operation not placed (infinite time)");
      return false;
    }
    if (slot.machine < 0 || static_cast<size_t>(slot.machine) >= p_.machines.size()) {
      add(ViolationKind::kMachine, i, "machine " + std::to_string(slot.machine) + " out of range");
      return false;
    }
    const Alternative* alt = nullptr;
    for (const Alternative& a : op.alternatives) {
      if (a.machine == slot.machine) alt = &a;
    }
    if (alt == nullptr) {
      add(ViolationKind::kMachine, i,
          "machine " + std::to_string(slot.machine) + " is not an alternative");
      return false;
    }
    if (op.pinned_machine >= 0 && slot.machine != op.pinned_machine) {
      add(op.frozen ? ViolationKind::kFrozen : ViolationKind::kMachine, i,
          "pinned to machine " + std::to_string(op.pinned_machine) + " but placed on " +
              std::to_string(slot.machine));
    }
    if (op.pinned_start != kNoTime && slot.start != op.pinned_start) {
      add(op.frozen ? ViolationKind::kFrozen : ViolationKind::kPinned, i,
          "pinned start " + t(op.pinned_start) + " but starts at " + t(slot.start));
    }
    if (op.job >= 0) {
      Time release = p_.jobs[static_cast<size_t>(op.job)].release;
      if (slot.start < release) {
        add(ViolationKind::kRelease, i,
            "starts at " + t(slot.start) + " before job release " + t(release));
      }
    }
    if (slot.setup < 0 || slot.end < slot.start) {
      add(ViolationKind::kCalendar, i, "negative setup or end before start");
      return false;
    }
    Time work = slot.setup + alt->run;
    const Calendar* cal = calendar_of(slot.machine);
    if (work == 0) {
      if (slot.end != slot.start) add(ViolationKind::kCalendar, i, "zero work but end != start");
      return true;
    }
    if (cal == nullptr || cal->always_open) {
      if (slot.end - slot.start != work) {
        add(ViolationKind::kCalendar, i,
            "span " + t(slot.end - slot.start) + " != work " + t(work) + " on an open machine");
      }
      return true;
    }
    if (!is_working(*cal, slot.start)) {
      add(ViolationKind::kCalendar, i, "starts at " + t(slot.start) + " outside working time");
    }
    if (!is_working(*cal, slot.end - 1)) {
      add(ViolationKind::kCalendar, i, "ends at " + t(slot.end) + " after non-working time");
    }
    Time worked = working_time_between(*cal, slot.start, slot.end);
    if (worked != work) {
      add(ViolationKind::kCalendar, i,
          "working time in [" + t(slot.start) + ", " + t(slot.end) + ") is " + t(worked) +
              ", work is " + t(work));
    }
    if (!op.splittable && slot.end - slot.start != work) {
      add(ViolationKind::kCalendar, i, "unsplittable op interrupted by non-working time");
    }
    return true;
  }

  void check_machines(const std::vector<bool>& usable) {
    std::vector<std::vector<int>> by_machine(p_.machines.size());
    for (size_t i = 0; i < s_.slots.size(); ++i) {
      if (usable[i]) by_machine[static_cast<size_t>(s_.slots[i].machine)].push_back(static_cast<int>(i));
    }
    for (size_t m = 0; m < by_machine.size(); ++m) {
      auto& ops = by_machine[m];
      std::sort(ops.begin(), ops.end(), [&](int a, int b) {
        const Slot& x = s_.slots[static_cast<size_t>(a)];
        const Slot& y = s_.slots[static_cast<size_t>(b)];
        if (x.start != y.start) return x.start < y.start;
        if (x.end != y.end) return x.end < y.end;
        return a < b;
      });
      int prev = -1;
      for (int o : ops) {
        const Slot& slot = s_.slots[static_cast<size_t>(o)];
        if (prev >= 0 && slot.start < s_.slots[static_cast<size_t>(prev)].end) {
          add(ViolationKind::kOverlap, o,
              "overlaps operation " + std::to_string(prev) + " on machine " + std::to_string(m));
        }
        Time expected = setup_time(p_, static_cast<int>(m), prev, o);
        if (slot.setup != expected) {
          add(ViolationKind::kSetup, o,
              "setup " + t(slot.setup) + " but rule gives " + t(expected) + " after " +
                  (prev < 0 ? std::string("nothing") : "operation " + std::to_string(prev)));
        }
        prev = o;
      }
    }
  }

  void check_precedences(const std::vector<bool>& usable) {
    for (const Precedence& pr : p_.precedences) {
      if (!usable[static_cast<size_t>(pr.from)] || !usable[static_cast<size_t>(pr.to)]) continue;
      const Slot& a = s_.slots[static_cast<size_t>(pr.from)];
      const Slot& b = s_.slots[static_cast<size_t>(pr.to)];
      std::string rel = " after operation " + std::to_string(pr.from);
      if (pr.kind == PrecedenceKind::kFinishStart) {
        if (b.start < a.end + pr.lag) {
          add(ViolationKind::kPrecedence, pr.to,
              "starts at " + t(b.start) + ", needs >= " + t(a.end + pr.lag) + rel);
        }
        continue;
      }
      if (b.start < a.start + pr.lag) {
        add(ViolationKind::kPrecedence, pr.to,
            "starts at " + t(b.start) + ", overlap needs >= " + t(a.start + pr.lag) + rel);
      }
      if (b.end < a.end + pr.end_lag) {
        add(ViolationKind::kPrecedence, pr.to,
            "ends at " + t(b.end) + ", overlap needs >= " + t(a.end + pr.end_lag) + rel);
      }
    }
  }

  const Problem& p_;
  const Schedule& s_;
  CheckReport report_;
};

}  // namespace

const char* violation_kind_name(ViolationKind kind) {
  switch (kind) {
    case ViolationKind::kMissing: return "missing";
    case ViolationKind::kMachine: return "machine";
    case ViolationKind::kCalendar: return "calendar";
    case ViolationKind::kOverlap: return "overlap";
    case ViolationKind::kSetup: return "setup";
    case ViolationKind::kPrecedence: return "precedence";
    case ViolationKind::kRelease: return "release";
    case ViolationKind::kPinned: return "pinned";
    case ViolationKind::kFrozen: return "frozen";
  }
  return "unknown";
}

std::string CheckReport::summary(size_t max_lines) const {
  std::string out;
  for (size_t i = 0; i < violations.size() && i < max_lines; ++i) {
    const Violation& v = violations[i];
    out += std::string(violation_kind_name(v.kind)) + " op " + std::to_string(v.operation) + ": " +
           v.message + "\n";
  }
  if (violations.size() > max_lines) {
    out += "... " + std::to_string(violations.size() - max_lines) + " more\n";
  }
  return out;
}

CheckReport check(const Problem& problem, const Schedule& schedule) {
  return Checker(problem, schedule).run();
}

}  // namespace kerf::schedule
