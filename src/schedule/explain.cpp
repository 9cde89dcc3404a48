#include "kerf/schedule/explain.h"

#include <algorithm>

#include "kerf/schedule/calendar.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/setup.h"
#include "placement.h"

namespace kerf::schedule {
namespace {

std::string name_of_op(const Problem& p, int op) {
  const std::string& n = p.operations[static_cast<size_t>(op)].name;
  return "op " + std::to_string(op) + (n.empty() ? "" : " (" + n + ")");
}

std::string name_of_machine(const Problem& p, int m) {
  const std::string& n = p.machines[static_cast<size_t>(m)].name;
  return n.empty() ? "machine " + std::to_string(m) : n;
}

bool placed(const Slot& s) { return s.machine >= 0 && s.start < kInfinity && s.end < kInfinity; }

// Earliest end of `work` on `machine` no earlier than `earliest`, in the gaps between the
// machine's existing slots (other than `skip`).
Time earliest_end_in_gaps(const Problem& p, const Schedule& s,
                          const std::vector<int>& machine_ops, int machine, int skip,
                          Time earliest, Time work, bool splittable) {
  const Calendar& cal = detail::calendar_of(p, machine);
  Time t = earliest;
  for (int o : machine_ops) {
    if (o == skip) continue;
    const Slot& slot = s.slots[static_cast<size_t>(o)];
    if (slot.end <= t) continue;
    Interval iv = place_work(cal, t, work, splittable);
    if (iv.end <= slot.start) return iv.end;
    t = std::max(t, slot.end);
  }
  return place_work(cal, t, work, splittable).end;
}

}  // namespace

LoadReport load_report(const Problem& problem, const Schedule& schedule, Time bucket_origin,
                       Time bucket_length, int buckets) {
  LoadReport r;
  r.bucket_origin = bucket_origin;
  r.bucket_length = bucket_length;
  size_t nb = static_cast<size_t>(std::max(0, buckets));
  for (size_t k = 0; k < nb; ++k) {
    Time s = bucket_origin + static_cast<Time>(k) * bucket_length;
    r.buckets.push_back({s, s + bucket_length});
  }
  size_t nm = problem.machines.size();
  size_t nd = problem.departments.size();
  r.machine_load.assign(nm, std::vector<Time>(nb, 0));
  r.machine_capacity.assign(nm, std::vector<Time>(nb, 0));
  r.department_load.assign(nd, std::vector<Time>(nb, 0));
  r.department_capacity.assign(nd, std::vector<Time>(nb, 0));
  if (nb == 0 || bucket_length <= 0) return r;
  Time horizon_end = r.buckets.back().end;
  for (size_t m = 0; m < nm; ++m) {
    const Calendar& cal = detail::calendar_of(problem, static_cast<int>(m));
    for (size_t k = 0; k < nb; ++k) {
      r.machine_capacity[m][k] = working_time_between(cal, r.buckets[k].start, r.buckets[k].end);
    }
  }
  for (const Slot& slot : schedule.slots) {
    if (!placed(slot) || static_cast<size_t>(slot.machine) >= nm) continue;
    Time from = std::max(slot.start, bucket_origin);
    Time to = std::min(slot.end, horizon_end);
    if (to <= from) continue;
    const Calendar& cal = detail::calendar_of(problem, slot.machine);
    size_t first = static_cast<size_t>((from - bucket_origin) / bucket_length);
    for (size_t k = first; k < nb && r.buckets[k].start < to; ++k) {
      r.machine_load[static_cast<size_t>(slot.machine)][k] += working_time_between(
          cal, std::max(from, r.buckets[k].start), std::min(to, r.buckets[k].end));
    }
  }
  for (size_t m = 0; m < nm; ++m) {
    int d = problem.machines[m].department;
    if (d < 0 || static_cast<size_t>(d) >= nd) continue;
    for (size_t k = 0; k < nb; ++k) {
      r.department_load[static_cast<size_t>(d)][k] += r.machine_load[m][k];
      r.department_capacity[static_cast<size_t>(d)][k] += r.machine_capacity[m][k];
    }
  }
  return r;
}

std::vector<Bottleneck> bottlenecks(const Problem& problem, const Schedule& schedule,
                                    Interval horizon) {
  std::vector<Bottleneck> out(problem.machines.size());
  for (size_t m = 0; m < out.size(); ++m) {
    out[m].machine = static_cast<int>(m);
    out[m].available = working_time_between(detail::calendar_of(problem, static_cast<int>(m)),
                                            horizon.start, horizon.end);
  }
  for (const Slot& slot : schedule.slots) {
    if (!placed(slot) || static_cast<size_t>(slot.machine) >= out.size()) continue;
    Bottleneck& b = out[static_cast<size_t>(slot.machine)];
    ++b.operations;
    Time from = std::max(slot.start, horizon.start);
    Time to = std::min(slot.end, horizon.end);
    if (to > from) {
      b.busy += working_time_between(detail::calendar_of(problem, slot.machine), from, to);
    }
  }
  for (Bottleneck& b : out) {
    b.utilisation = b.available > 0 ? static_cast<double>(b.busy) / static_cast<double>(b.available)
                                    : 0.0;
  }
  std::stable_sort(out.begin(), out.end(), [](const Bottleneck& a, const Bottleneck& b) {
    return a.utilisation > b.utilisation;
  });
  return out;
}

const char* binding_name(Binding binding) {
  switch (binding) {
    case Binding::kMachine: return "machine";
    case Binding::kPrecedence: return "precedence";
    case Binding::kRelease: return "release";
    case Binding::kPinned: return "pinned";
    case Binding::kOrigin: return "origin";
  }
  return "unknown";
}

const char* fix_kind_name(FixKind kind) {
  switch (kind) {
    case FixKind::kOvertime: return "overtime";
    case FixKind::kAlternateMachine: return "alternate_machine";
    case FixKind::kSplitLot: return "split_lot";
  }
  return "unknown";
}

LateJobExplanation explain_job(const Problem& p, const Schedule& s, int job) {
  LateJobExplanation e;
  e.job = job;
  const Job& j = p.jobs[static_cast<size_t>(job)];
  e.due = j.due;
  e.completion = j.release;
  int last = -1;
  for (int o : j.operations) {
    const Slot& slot = s.slots[static_cast<size_t>(o)];
    if (!placed(slot)) continue;
    if (last < 0 || slot.end > e.completion) {
      e.completion = slot.end;
      last = o;
    }
  }
  e.tardiness = j.due >= kInfinity ? 0 : std::max<Time>(0, e.completion - j.due);
  auto sequences = machine_sequences(p, s);
  std::vector<int> machine_prev(p.operations.size(), -1);
  for (const auto& seq : sequences) {
    for (size_t k = 1; k < seq.size(); ++k) machine_prev[static_cast<size_t>(seq[k])] = seq[k - 1];
  }
  detail::Graph graph = detail::build_graph(p);
  std::vector<bool> seen(p.operations.size(), false);
  for (int cur = last; cur >= 0 && !seen[static_cast<size_t>(cur)];) {
    seen[static_cast<size_t>(cur)] = true;
    const Slot& slot = s.slots[static_cast<size_t>(cur)];
    const Operation& op = p.operations[static_cast<size_t>(cur)];
    ChainLink link{cur, slot.machine, slot.start, slot.end, Binding::kOrigin, -1, 0, 0};
    auto consider = [&](Binding b, int blocking, Time bound) {
      if (bound > link.bound || (bound == link.bound && link.binding == Binding::kOrigin)) {
        link.binding = b;
        link.blocking_op = blocking;
        link.bound = bound;
      }
    };
    if (op.job >= 0 && p.jobs[static_cast<size_t>(op.job)].release > 0) {
      consider(Binding::kRelease, -1, p.jobs[static_cast<size_t>(op.job)].release);
    }
    int mp = machine_prev[static_cast<size_t>(cur)];
    if (mp >= 0) consider(Binding::kMachine, mp, s.slots[static_cast<size_t>(mp)].end);
    for (int pi : graph.preds[static_cast<size_t>(cur)]) {
      const Precedence& pr = p.precedences[static_cast<size_t>(pi)];
      const Slot& from = s.slots[static_cast<size_t>(pr.from)];
      Time bound = pr.kind == PrecedenceKind::kFinishStart ? from.end + pr.lag : from.start + pr.lag;
      if (pr.kind == PrecedenceKind::kOverlap && slot.end == from.end + pr.end_lag) {
        bound = std::max(bound, slot.start);  // the end lag holds the op back
      }
      consider(Binding::kPrecedence, pr.from, bound);
    }
    if (op.pinned_start != kNoTime) {
      link.binding = Binding::kPinned;
      link.blocking_op = -1;
      link.bound = op.pinned_start;
    }
    link.bound = std::min(link.bound, slot.start);
    link.calendar_wait = slot.start - link.bound;
    e.chain.push_back(link);
    if (link.binding != Binding::kMachine && link.binding != Binding::kPrecedence) break;
    cur = link.blocking_op;
  }
  if (e.tardiness <= 0) {
    e.text = "job " + j.name + " is on time";
    return e;
  }
  // Fixes.
  int longest = -1;
  for (const ChainLink& link : e.chain) {
    const Operation& op = p.operations[static_cast<size_t>(link.operation)];
    if (link.calendar_wait > 0) {
      Time n = std::min(link.calendar_wait, e.tardiness);
      e.fixes.push_back({FixKind::kOvertime, link.operation, link.machine, n, n,
                         "overtime on " + name_of_machine(p, link.machine) + " of " +
                             std::to_string(n) + " ticks before " + std::to_string(link.start) +
                             " lets " + name_of_op(p, link.operation) + " start earlier"});
    }
    if (link.binding == Binding::kMachine) {
      Time earliest = op.job >= 0 ? p.jobs[static_cast<size_t>(op.job)].release : 0;
      for (int pi : graph.preds[static_cast<size_t>(link.operation)]) {
        const Precedence& pr = p.precedences[static_cast<size_t>(pi)];
        const Slot& from = s.slots[static_cast<size_t>(pr.from)];
        earliest = std::max(earliest, pr.kind == PrecedenceKind::kFinishStart
                                          ? from.end + pr.lag
                                          : from.start + pr.lag);
      }
      for (const Alternative& alt : op.alternatives) {
        if (alt.machine == link.machine || op.pinned_machine >= 0) continue;
        Time end = earliest_end_in_gaps(p, s, sequences[static_cast<size_t>(alt.machine)],
                                        alt.machine, link.operation, earliest,
                                        alt.setup + alt.run, op.splittable);
        if (end >= link.end) continue;
        e.fixes.push_back({FixKind::kAlternateMachine, link.operation, alt.machine, end,
                           link.end - end,
                           "alternate machine " + name_of_machine(p, alt.machine) +
                               " is free earlier: " + name_of_op(p, link.operation) +
                               " would end at " + std::to_string(end) + " instead of " +
                               std::to_string(link.end)});
      }
    }
    if (link.binding != Binding::kPinned && op.pinned_start == kNoTime &&
        (longest < 0 || link.end - link.start > s.slots[static_cast<size_t>(longest)].end -
                                                    s.slots[static_cast<size_t>(longest)].start)) {
      longest = link.operation;
    }
  }
  if (longest >= 0) {
    const Slot& slot = s.slots[static_cast<size_t>(longest)];
    Time run = slot.end - slot.start - slot.setup;
    if (run >= 2) {
      e.fixes.push_back({FixKind::kSplitLot, longest, slot.machine, run / 2, run / 2,
                         "split the lot of " + name_of_op(p, longest) + " in two halves of " +
                             std::to_string(run / 2) + " ticks (second machine or lot streaming)"});
    }
  }
  std::stable_sort(e.fixes.begin(), e.fixes.end(),
                   [](const Fix& a, const Fix& b) { return a.estimated_gain > b.estimated_gain; });
  e.text = "job " + j.name + " is " + std::to_string(e.tardiness) + " ticks late (ends " +
           std::to_string(e.completion) + ", due " + std::to_string(e.due) + "). Critical chain:";
  for (const ChainLink& link : e.chain) {
    e.text += " " + name_of_op(p, link.operation) + " on " + name_of_machine(p, link.machine) +
              " [" + std::to_string(link.start) + "," + std::to_string(link.end) + ") after " +
              binding_name(link.binding);
    if (link.blocking_op >= 0) e.text += " " + std::to_string(link.blocking_op);
    if (link.calendar_wait > 0) {
      e.text += " +" + std::to_string(link.calendar_wait) + " non-working";
    }
    e.text += ";";
  }
  if (!e.fixes.empty()) e.text += " Best fix: " + e.fixes.front().text + ".";
  return e;
}

std::vector<LateJobExplanation> explain_late_jobs(const Problem& problem,
                                                  const Schedule& schedule) {
  std::vector<LateJobExplanation> out;
  for (size_t j = 0; j < problem.jobs.size(); ++j) {
    LateJobExplanation e = explain_job(problem, schedule, static_cast<int>(j));
    if (e.tardiness > 0) out.push_back(std::move(e));
  }
  std::stable_sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.tardiness > b.tardiness;
  });
  return out;
}

}  // namespace kerf::schedule
