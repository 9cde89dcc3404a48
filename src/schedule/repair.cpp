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
    displaced_.assign(n, true);
    std::vector<bool>& displaced = displaced_;
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
    size_t displaced_count = static_cast<size_t>(std::count(displaced.begin(), displaced.end(), true));
    exact_ = displaced_count * n <= options_.exact_budget;
    if (!exact_) {
      auto current = detail::time_sequences(p_, graph_, seqs_, &lower_, true, true);
      if (!current.ok()) return current.error();
      estimate_ = std::move(current->slots);
    }
    RepairResult result;
    Sequences kept = seqs_;
    std::vector<Slot> kept_estimate = estimate_;
    // Fast insertion may push kept ops past a later pin; then retry never inserting before pins.
    for (int attempt = 0; attempt < (exact_ ? 1 : 2); ++attempt) {
      before_pins_ = attempt == 0;
      seqs_ = kept;
      estimate_ = kept_estimate;
      result.reinserted_ops.clear();
      for (int o : graph_.topo) {
        if (!displaced[static_cast<size_t>(o)]) continue;
        if (!insert(o)) {
          return Error::precondition("cannot re-insert operation " + std::to_string(o));
        }
        result.reinserted_ops.push_back(o);
      }
      auto timed = detail::time_sequences(p_, graph_, seqs_, &lower_, false, true);
      if (!timed.ok()) {
        if (exact_ || attempt == 1) return timed.error();
        continue;
      }
      result.schedule = std::move(*timed);
      break;
    }
    std::sort(result.reinserted_ops.begin(), result.reinserted_ops.end());
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
  bool insert(int op) { return exact_ ? insert_exact(op) : insert_fast(op); }

  // Allowed insertion range [lo, hi] of `op` in `seq` given direct precedences inside it.
  // Ops already started before `now` (kept ones) stay ahead of any insertion.
  std::pair<size_t, size_t> allowed_range(const std::vector<int>& seq, int op) const {
    size_t lo = 0, hi = seq.size();
    for (size_t k = 0; k < seq.size(); ++k) {
      size_t o = static_cast<size_t>(seq[k]);
      if (depends(seq[k], op)) lo = k + 1;
      if (o < prev_.slots.size() && !displaced_[o] && prev_.slots[o].start < options_.now) {
        lo = k + 1;
      }
    }
    for (size_t k = seq.size(); k-- > 0;) {
      if (depends(op, seq[k])) hi = k;
    }
    return {lo, hi};
  }

  Time earliest_start(const std::vector<Slot>& cur, int op) const {
    Time est = lower_[static_cast<size_t>(op)];
    for (int pi : graph_.preds[static_cast<size_t>(op)]) {
      const Precedence& pr = p_.precedences[static_cast<size_t>(pi)];
      const Slot& from = cur[static_cast<size_t>(pr.from)];
      if (from.machine < 0) continue;
      est = std::max(est, pr.kind == PrecedenceKind::kFinishStart ? from.end + pr.lag
                                                                  : from.start + pr.lag);
    }
    return est;
  }

  // Whether putting `op` between seq[pos - 1] and seq[pos] of machine `m` closes a cycle of
  // precedence and machine-sequence arcs (op reaches the op before it, or the op after it
  // reaches op).
  bool creates_cycle(int m, size_t pos, int op) {
    const auto& seq = seqs_[static_cast<size_t>(m)];
    int before = pos > 0 ? seq[pos - 1] : -1;
    int after = pos < seq.size() ? seq[pos] : -1;
    if (before < 0 && after < 0) return false;
    size_t n = p_.operations.size();
    std::vector<int> next(n, -1), prev(n, -1);
    for (const auto& sq : seqs_) {
      for (size_t k = 1; k < sq.size(); ++k) {
        next[static_cast<size_t>(sq[k - 1])] = sq[k];
        prev[static_cast<size_t>(sq[k])] = sq[k - 1];
      }
    }
    auto reaches = [&](int from, int target, bool forward) {
      std::vector<char> seen(n, 0);
      std::vector<int> stack{from};
      seen[static_cast<size_t>(from)] = 1;
      while (!stack.empty()) {
        int o = stack.back();
        stack.pop_back();
        if (o == target) return true;
        auto visit = [&](int x) {
          if (x >= 0 && !seen[static_cast<size_t>(x)]) {
            seen[static_cast<size_t>(x)] = 1;
            stack.push_back(x);
          }
        };
        visit(forward ? next[static_cast<size_t>(o)] : prev[static_cast<size_t>(o)]);
        const auto& arcs = forward ? graph_.succs[static_cast<size_t>(o)]
                                   : graph_.preds[static_cast<size_t>(o)];
        for (int pi : arcs) {
          const Precedence& pr = p_.precedences[static_cast<size_t>(pi)];
          visit(forward ? pr.to : pr.from);
        }
      }
      return false;
    };
    return (before >= 0 && reaches(op, before, true)) || (after >= 0 && reaches(op, after, false));
  }

  // Large repairs: time-ordered position on the machine where the op ends earliest, judged on
  // a running estimate of the timing (no full re-timing per candidate).
  bool insert_fast(int op) {
    Time est = earliest_start(estimate_, op);
    const Operation& o = p_.operations[static_cast<size_t>(op)];
    int best_machine = -1;
    size_t best_pos = 0;
    Slot best_slot;
    for (int m : detail::eligible_machines(p_, op)) {
      auto& seq = seqs_[static_cast<size_t>(m)];
      auto [lo, hi] = allowed_range(seq, op);
      if (lo > hi) continue;
      if (!before_pins_) {
        for (size_t k = 0; k < seq.size(); ++k) {
          if (p_.operations[static_cast<size_t>(seq[k])].pinned_start != kNoTime) {
            lo = std::max(lo, k + 1);
          }
        }
        if (lo > hi) continue;
      }
      size_t pos = lo;
      while (pos < hi && estimate_[static_cast<size_t>(seq[pos])].start < est) ++pos;
      Interval iv;
      Time setup = 0;
      while (true) {
        int prev = pos > 0 ? seq[pos - 1] : -1;
        Time after = prev >= 0 ? estimate_[static_cast<size_t>(prev)].end : est;
        setup = setup_time(p_, m, prev, op);
        iv = detail::place_with_min_end(detail::calendar_of(p_, m), std::max(est, after),
                                        setup + detail::run_time(p_, op, m), o.splittable,
                                        detail::kMinusInfinity);
        // Never run into the next pinned op: go after it instead.
        if (pos < hi && p_.operations[static_cast<size_t>(seq[pos])].pinned_start != kNoTime &&
            iv.end > p_.operations[static_cast<size_t>(seq[pos])].pinned_start) {
          ++pos;
          continue;
        }
        break;
      }
      if (pos > hi || iv.start >= kInfinity) continue;
      if (creates_cycle(m, pos, op)) {
        // Fall back to the latest acyclic position at or before the first successor.
        bool placed = false;
        for (size_t k = hi + 1; k-- > lo;) {
          if (creates_cycle(m, k, op)) continue;
          int prev = k > 0 ? seq[k - 1] : -1;
          Time after = prev >= 0 ? estimate_[static_cast<size_t>(prev)].end : est;
          setup = setup_time(p_, m, prev, op);
          iv = detail::place_with_min_end(detail::calendar_of(p_, m), std::max(est, after),
                                          setup + detail::run_time(p_, op, m), o.splittable,
                                          detail::kMinusInfinity);
          pos = k;
          placed = iv.start < kInfinity;
          break;
        }
        if (!placed) continue;
      }
      if (best_machine < 0 || iv.end < best_slot.end) {
        best_machine = m;
        best_pos = pos;
        best_slot = Slot{op, m, iv.start, iv.end, setup};
      }
    }
    if (best_machine < 0) return false;
    auto& seq = seqs_[static_cast<size_t>(best_machine)];
    seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(best_pos), op);
    estimate_[static_cast<size_t>(op)] = best_slot;
    return true;
  }

  bool insert_exact(int op) {
    bool found = false;
    ObjectiveValue best_value;
    int best_machine = -1;
    size_t best_pos = 0;
    auto current = detail::time_sequences(p_, graph_, seqs_, &lower_, true, true);
    if (!current.ok()) return false;
    const std::vector<Slot>& cur = current->slots;
    Time est = earliest_start(cur, op);
    // Objective on the partial schedule, then the op's own end (successors not yet inserted
    // are invisible to the objective), then the least disruptive position.
    auto consider = [&](const Schedule& trial, int m, size_t pos) {
      ObjectiveValue v = score(p_, trial, options_.objective);
      v.values.push_back(static_cast<double>(trial.slots[static_cast<size_t>(op)].end));
      if (!found || v < best_value) {
        found = true;
        best_value = std::move(v);
        best_machine = m;
        best_pos = pos;
      }
    };
    for (int m : detail::eligible_machines(p_, op)) {
      auto& seq = seqs_[static_cast<size_t>(m)];
      auto [lo, hi] = allowed_range(seq, op);
      if (lo > hi) continue;
      size_t by_time = lo;
      while (by_time < hi && cur[static_cast<size_t>(seq[by_time])].start < est) ++by_time;
      for (size_t pos : {hi, by_time, lo}) {  // ties keep the least disruptive
        // Precedence paths through ops not yet re-inserted are invisible to the trial timing.
        if (creates_cycle(m, pos, op)) continue;
        seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(pos), op);
        auto trial = detail::time_sequences(p_, graph_, seqs_, &lower_, true, true);
        seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(pos));
        if (!trial.ok()) continue;
        consider(*trial, m, pos);
      }
    }
    if (!found) {
      // Every tried position closes a cycle through later machine arcs: take the latest
      // acyclic position on each machine.
      for (int m : detail::eligible_machines(p_, op)) {
        auto& seq = seqs_[static_cast<size_t>(m)];
        auto [lo, hi] = allowed_range(seq, op);
        for (size_t k = hi + 1; k-- > lo;) {
          if (creates_cycle(m, k, op)) continue;
          seq.insert(seq.begin() + static_cast<std::ptrdiff_t>(k), op);
          auto trial = detail::time_sequences(p_, graph_, seqs_, &lower_, true, true);
          seq.erase(seq.begin() + static_cast<std::ptrdiff_t>(k));
          if (trial.ok()) consider(*trial, m, k);
          break;
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
  std::vector<bool> displaced_;
  bool exact_ = true;
  bool before_pins_ = true;  // fast insertion may go before pinned ops
  std::vector<Slot> estimate_;
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
