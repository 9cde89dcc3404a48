#include "kerf/schedule/repair.h"

#include <algorithm>

#include "kerf/schedule/calendar.h"
#include "kerf/schedule/calendar_builder.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/setup.h"
#include "placement.h"

namespace kerf::schedule {
namespace {

using Sequences = std::vector<std::vector<int>>;

class Repairer {
 public:
  Repairer(const Problem& p, const Schedule& previous, const RepairOptions& options)
      : p_(p), prev_(previous), options_(options), graph_(detail::build_graph(p)) {}

  Result<RepairResult> run() {
    size_t n = p_.operations.size();
    size_t n_old = prev_.slots.size();
    if (n_old > n) {
      return Error::invalid("previous", "schedule has more slots than the problem has operations");
    }
    seqs_.assign(p_.machines.size(), {});
    lower_.assign(n, options_.now);
    std::vector<bool> displaced(n, true);
    for (size_t o = 0; o < n_old; ++o) {
      const Slot& slot = prev_.slots[o];
      int op = static_cast<int>(o);
      const Operation& operation = p_.operations[o];
      if (operation.pinned_start != kNoTime) {
        // Pinned ops stay in time order on their pinned (else previous) machine.
        int m = operation.pinned_machine >= 0 ? operation.pinned_machine : slot.machine;
        if (m < 0 || find_alternative(p_, op, m) == nullptr) m = operation.alternatives[0].machine;
        seqs_[static_cast<size_t>(m)].push_back(op);
        displaced[o] = false;
        continue;
      }
      if (!fits(slot, op)) continue;
      seqs_[static_cast<size_t>(slot.machine)].push_back(op);
      displaced[o] = false;
      Time s = slot.start;
      lower_[o] = options_.allow_left_shift ? (s < options_.now ? s : options_.now) : s;
    }
    for (auto& seq : seqs_) {
      std::sort(seq.begin(), seq.end(), [&](int a, int b) {
        Time sa = start_key(a), sb = start_key(b);
        return sa != sb ? sa < sb : a < b;
      });
    }
    RepairResult result;
    for (int o : graph_.topo) {
      if (!displaced[static_cast<size_t>(o)]) continue;
      if (!insert(o)) {
        return Error::precondition("cannot re-insert operation " + std::to_string(o));
      }
      result.reinserted_ops.push_back(o);
    }
    std::sort(result.reinserted_ops.begin(), result.reinserted_ops.end());
    auto timed = detail::time_sequences(p_, graph_, seqs_, &lower_, false);
    if (!timed.ok()) return timed.error();
    result.schedule = std::move(*timed);
    for (size_t o = 0; o < n; ++o) {
      const Slot& now = result.schedule.slots[o];
      if (o >= n_old) {
        result.changed_ops.push_back(static_cast<int>(o));
        continue;
      }
      const Slot& before = prev_.slots[o];
      if (now.machine != before.machine || now.start != before.start || now.end != before.end) {
        ++result.ops_moved;
        result.changed_ops.push_back(static_cast<int>(o));
      }
      if (now.machine != before.machine) result.reassigned_ops.push_back(static_cast<int>(o));
    }
    return result;
  }

 private:
  Time start_key(int op) const {
    const Operation& o = p_.operations[static_cast<size_t>(op)];
    if (o.pinned_start != kNoTime) return o.pinned_start;
    return prev_.slots[static_cast<size_t>(op)].start;
  }

  bool fits(const Slot& slot, int op) const {
    if (slot.machine < 0 || static_cast<size_t>(slot.machine) >= p_.machines.size()) return false;
    if (slot.start >= kInfinity || slot.end >= kInfinity || slot.end < slot.start) return false;
    const Operation& o = p_.operations[static_cast<size_t>(op)];
    if (o.pinned_machine >= 0 && o.pinned_machine != slot.machine) return false;
    if (find_alternative(p_, op, slot.machine) == nullptr) return false;
    const Calendar& cal = detail::calendar_of(p_, slot.machine);
    if (cal.always_open || slot.end == slot.start) return true;
    // The old slot must still offer the op's work in working time (a downtime cutting into it
    // displaces the op); unsplittable ops must not be interrupted.
    Time worked = working_time_between(cal, slot.start, slot.end);
    if (!is_working(cal, slot.start)) return false;
    if (!o.splittable && worked != slot.end - slot.start) return false;
    return worked >= slot.setup + find_alternative(p_, op, slot.machine)->run;
  }

  // Inserts `op` at the best (machine, position) by the objective on the partial schedule.
  bool insert(int op) {
    bool found = false;
    ObjectiveValue best_value;
    int best_machine = -1;
    size_t best_pos = 0;
    auto current = detail::time_sequences(p_, graph_, seqs_, &lower_, true);
    if (!current.ok()) return false;
    const std::vector<Slot>& cur = current->slots;
    Time est = lower_[static_cast<size_t>(op)];
    for (int pi : graph_.preds[static_cast<size_t>(op)]) {
      const Precedence& pr = p_.precedences[static_cast<size_t>(pi)];
      const Slot& from = cur[static_cast<size_t>(pr.from)];
      if (from.machine < 0) continue;
      est = std::max(est, pr.kind == PrecedenceKind::kFinishStart ? from.end + pr.lag
                                                                  : from.start + pr.lag);
    }
    for (int m : detail::eligible_machines(p_, op)) {
      auto& seq = seqs_[static_cast<size_t>(m)];
      // Positions allowed by precedences inside this sequence.
      size_t lo = 0, hi = seq.size();
      for (size_t k = 0; k < seq.size(); ++k) {
        if (depends(seq[k], op)) lo = k + 1;
      }
      for (size_t k = seq.size(); k-- > 0;) {
        if (depends(op, seq[k])) hi = k;
      }
      if (lo > hi) continue;
      size_t by_time = lo;
      while (by_time < hi && cur[static_cast<size_t>(seq[by_time])].start < est) ++by_time;
      for (size_t pos : {hi, by_time, lo}) {  // ties keep the least disruptive
        seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(pos), op);
        auto trial = detail::time_sequences(p_, graph_, seqs_, &lower_, true);
        seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(pos));
        if (!trial.ok()) continue;
        ObjectiveValue v = score(p_, *trial, options_.objective);
        if (!found || v < best_value) {
          found = true;
          best_value = v;
          best_machine = m;
          best_pos = pos;
        }
      }
    }
    if (!found) return false;
    auto& seq = seqs_[static_cast<size_t>(best_machine)];
    seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(best_pos), op);
    return true;
  }

  // Whether a precedence from -> to exists.
  bool depends(int from, int to) const {
    for (int pi : graph_.succs[static_cast<size_t>(from)]) {
      if (p_.precedences[static_cast<size_t>(pi)].to == to) return true;
    }
    return false;
  }

  const Problem& p_;
  const Schedule& prev_;
  RepairOptions options_;
  detail::Graph graph_;
  Sequences seqs_;
  std::vector<Time> lower_;
};

}  // namespace

Result<RepairResult> repair(const Problem& problem, const Schedule& previous,
                            const RepairOptions& options) {
  return Repairer(problem, previous, options).run();
}

void apply_machine_down(Problem& problem, int machine, Interval down) {
  Machine& m = problem.machines[static_cast<size_t>(machine)];
  Calendar cal;
  if (m.calendar >= 0 && !problem.calendars[static_cast<size_t>(m.calendar)].always_open) {
    cal = problem.calendars[static_cast<size_t>(m.calendar)];
  } else {
    cal.windows = {{-kInfinity / 2, kInfinity / 2}};
  }
  cal.name = (cal.name.empty() ? m.name : cal.name) + " (down)";
  cal.always_open = false;
  cal.windows = subtract_intervals(cal.windows, {down});
  problem.calendars.push_back(std::move(cal));
  m.calendar = static_cast<int>(problem.calendars.size()) - 1;
}

Status apply_actual_end(Problem& problem, const Schedule& previous, int op, Time actual_end) {
  if (op < 0 || static_cast<size_t>(op) >= previous.slots.size()) {
    return Error::invalid("op", "not in the previous schedule");
  }
  const Slot& slot = previous.slots[static_cast<size_t>(op)];
  if (slot.machine < 0 || slot.start >= kInfinity) {
    return Error::invalid("op", "operation was not placed");
  }
  const Calendar& cal = detail::calendar_of(problem, slot.machine);
  Time worked = working_time_between(cal, slot.start, actual_end);
  if (worked < slot.setup) return Error::invalid("actual_end", "ends before its setup is done");
  Operation& o = problem.operations[static_cast<size_t>(op)];
  Alternative alt = *find_alternative(problem, op, slot.machine);
  alt.run = worked - slot.setup;
  o.alternatives = {alt};
  o.pinned_machine = slot.machine;
  o.pinned_start = slot.start;
  o.frozen = true;
  return ok_status();
}

int add_rework_op(Problem& problem, int after_op, std::vector<Alternative> alternatives,
                  std::string name) {
  Operation op;
  op.job = problem.operations[static_cast<size_t>(after_op)].job;
  op.name = std::move(name);
  op.alternatives = std::move(alternatives);
  problem.operations.push_back(op);
  int rework = static_cast<int>(problem.operations.size()) - 1;
  for (Precedence& pr : problem.precedences) {
    if (pr.from == after_op) pr.from = rework;
  }
  problem.precedences.push_back(Precedence{after_op, rework, PrecedenceKind::kFinishStart, 0, 0});
  if (op.job >= 0) {
    auto& ops = problem.jobs[static_cast<size_t>(op.job)].operations;
    auto it = std::find(ops.begin(), ops.end(), after_op);
    ops.insert(it == ops.end() ? ops.end() : it + 1, rework);
  }
  return rework;
}

}  // namespace kerf::schedule
