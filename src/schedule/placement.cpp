#include "placement.h"

#include <algorithm>

#include "kerf/schedule/calendar.h"
#include "kerf/schedule/setup.h"

namespace kerf::schedule::detail {
namespace {

const Calendar kAlwaysOpen{"always", true, {}};

}  // namespace

Graph build_graph(const Problem& problem) {
  size_t n = problem.operations.size();
  Graph g;
  g.preds.resize(n);
  g.succs.resize(n);
  std::vector<int> indegree(n, 0);
  for (size_t i = 0; i < problem.precedences.size(); ++i) {
    const Precedence& p = problem.precedences[i];
    g.preds[static_cast<size_t>(p.to)].push_back(static_cast<int>(i));
    g.succs[static_cast<size_t>(p.from)].push_back(static_cast<int>(i));
    ++indegree[static_cast<size_t>(p.to)];
  }
  g.topo.reserve(n);
  for (size_t o = 0; o < n; ++o) {
    if (indegree[o] == 0) g.topo.push_back(static_cast<int>(o));
  }
  for (size_t head = 0; head < g.topo.size(); ++head) {
    int o = g.topo[head];
    for (int pi : g.succs[static_cast<size_t>(o)]) {
      int to = problem.precedences[static_cast<size_t>(pi)].to;
      if (--indegree[static_cast<size_t>(to)] == 0) g.topo.push_back(to);
    }
  }
  return g;
}

Bounds bounds_of(const Problem& problem, const Graph& graph, const std::vector<Slot>& slots,
                 int op) {
  Bounds b;
  const Operation& o = problem.operations[static_cast<size_t>(op)];
  if (o.job >= 0) b.start = std::max(b.start, problem.jobs[static_cast<size_t>(o.job)].release);
  for (int pi : graph.preds[static_cast<size_t>(op)]) {
    const Precedence& p = problem.precedences[static_cast<size_t>(pi)];
    const Slot& from = slots[static_cast<size_t>(p.from)];
    if (p.kind == PrecedenceKind::kFinishStart) {
      b.start = std::max(b.start, std::min(kInfinity, from.end + p.lag));
    } else {
      b.start = std::max(b.start, std::min(kInfinity, from.start + p.lag));
      b.min_end = std::max(b.min_end, std::min(kInfinity, from.end + p.end_lag));
    }
  }
  return b;
}

const Calendar& calendar_of(const Problem& problem, int machine) {
  int c = problem.machines[static_cast<size_t>(machine)].calendar;
  return c < 0 ? kAlwaysOpen : problem.calendars[static_cast<size_t>(c)];
}

Interval place_with_min_end(const Calendar& calendar, Time earliest, Time work, bool splittable,
                            Time min_end) {
  if (earliest >= kInfinity || min_end >= kInfinity) return {kInfinity, kInfinity};
  Interval iv = place_work(calendar, earliest, work, splittable);
  if (iv.start >= kInfinity || iv.end >= min_end) return iv;
  if (calendar.always_open) {
    Time s = std::max(earliest, min_end - work);
    return {s, s + work};
  }
  // place_work's end is monotone in `earliest`: binary search the first start reaching min_end.
  Time lo = earliest;  // fails
  Time hi = min_end;   // succeeds (end >= start >= min_end) unless it does not fit at all
  while (hi - lo > 1) {
    Time mid = lo + (hi - lo) / 2;
    Interval m = place_work(calendar, mid, work, splittable);
    if (m.end >= min_end) {
      hi = mid;
    } else {
      lo = mid;
    }
  }
  return place_work(calendar, hi, work, splittable);
}

Time run_time(const Problem& problem, int op, int machine) {
  const Alternative* alt = find_alternative(problem, op, machine);
  return alt == nullptr ? 0 : alt->run;
}

Time min_work(const Problem& problem, int op) {
  const Operation& o = problem.operations[static_cast<size_t>(op)];
  Time best = kInfinity;
  for (const Alternative& a : o.alternatives) {
    if (o.pinned_machine >= 0 && a.machine != o.pinned_machine) continue;
    best = std::min(best, a.setup + a.run);
  }
  return best == kInfinity ? 0 : best;
}

std::vector<int> eligible_machines(const Problem& problem, int op) {
  const Operation& o = problem.operations[static_cast<size_t>(op)];
  if (o.pinned_machine >= 0) return {o.pinned_machine};
  std::vector<int> out;
  out.reserve(o.alternatives.size());
  for (const Alternative& a : o.alternatives) out.push_back(a.machine);
  return out;
}

Candidate try_machine(const Problem& problem, const std::vector<Slot>& slots,
                      const MachineState& state, int machine, int op, Bounds bounds) {
  const Operation& o = problem.operations[static_cast<size_t>(op)];
  const Calendar& cal = calendar_of(problem, machine);
  Time run = run_time(problem, op, machine);
  Time t = std::max(bounds.start, state.cursor);
  int prev = state.last;
  size_t k = state.next_fixed;
  while (true) {
    Candidate c;
    c.machine = machine;
    c.setup = setup_time(problem, machine, prev, op);
    Interval iv = place_with_min_end(cal, t, c.setup + run, o.splittable, bounds.min_end);
    if (iv.start >= kInfinity) return c;
    if (k < state.fixed.size()) {
      int f = state.fixed[k];
      const Slot& fs = slots[static_cast<size_t>(f)];
      if (!(iv.end <= fs.start && setup_time(problem, machine, op, f) == fs.setup)) {
        t = std::max(t, fs.end);
        prev = f;
        ++k;
        continue;
      }
    }
    c.feasible = true;
    c.start = iv.start;
    c.end = iv.end;
    c.next_fixed = k;
    return c;
  }
}

void commit(MachineState& state, const Candidate& c, int op, std::vector<Slot>& slots) {
  slots[static_cast<size_t>(op)] = Slot{op, c.machine, c.start, c.end, c.setup};
  state.cursor = c.end;
  state.last = op;
  state.next_fixed = c.next_fixed;
}

std::vector<int> place_fixed(const Problem& problem, std::vector<MachineState>& states,
                             std::vector<Slot>& slots) {
  std::vector<int> fixed;
  for (size_t o = 0; o < problem.operations.size(); ++o) {
    const Operation& op = problem.operations[o];
    if (op.pinned_start == kNoTime) continue;
    int m = op.pinned_machine >= 0 ? op.pinned_machine : op.alternatives.front().machine;
    states[static_cast<size_t>(m)].fixed.push_back(static_cast<int>(o));
    fixed.push_back(static_cast<int>(o));
  }
  for (size_t m = 0; m < states.size(); ++m) {
    auto& list = states[m].fixed;
    std::sort(list.begin(), list.end(), [&](int a, int b) {
      Time sa = problem.operations[static_cast<size_t>(a)].pinned_start;
      Time sb = problem.operations[static_cast<size_t>(b)].pinned_start;
      return sa != sb ? sa < sb : a < b;
    });
    const Calendar& cal = calendar_of(problem, static_cast<int>(m));
    int prev = -1;
    for (int f : list) {
      const Operation& op = problem.operations[static_cast<size_t>(f)];
      Time setup = setup_time(problem, static_cast<int>(m), prev, f);
      Time work = setup + run_time(problem, f, static_cast<int>(m));
      Interval iv = place_work(cal, op.pinned_start, work, op.splittable);
      Time end = iv.start >= kInfinity ? kInfinity : iv.end;
      // The pin wins over the calendar: a pin in non-working time is reported by the checker.
      slots[static_cast<size_t>(f)] =
          Slot{f, static_cast<int>(m), op.pinned_start, std::max(end, op.pinned_start), setup};
      prev = f;
    }
  }
  return fixed;
}

}  // namespace kerf::schedule::detail
