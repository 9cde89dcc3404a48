#include "kerf/schedule/dispatch.h"

#include <algorithm>
#include <cmath>
#include <queue>

#include "placement.h"

namespace kerf::schedule {
namespace {

using detail::Bounds;
using detail::Candidate;
using detail::Graph;
using detail::MachineState;

// Static per-op data the rules need.
struct OpInfo {
  std::vector<double> due;     // job due, batch ops: min over successors
  std::vector<double> weight;  // job weight, batch ops: max over successors
  std::vector<double> work;    // smallest setup + run
  std::vector<double> tail;    // work of the longest chain starting at the op (incl. itself)
  double mean_work = 1.0;
};

OpInfo op_info(const Problem& p, const Graph& g) {
  size_t n = p.operations.size();
  OpInfo info;
  info.due.assign(n, static_cast<double>(kInfinity));
  info.weight.assign(n, 0.0);
  info.work.assign(n, 0.0);
  info.tail.assign(n, 0.0);
  double total = 0;
  for (size_t o = 0; o < n; ++o) {
    info.work[o] = static_cast<double>(detail::min_work(p, static_cast<int>(o)));
    total += info.work[o];
    int j = p.operations[o].job;
    if (j >= 0) {
      info.due[o] = static_cast<double>(p.jobs[static_cast<size_t>(j)].due);
      info.weight[o] = p.jobs[static_cast<size_t>(j)].weight;
    }
  }
  info.mean_work = n == 0 ? 1.0 : std::max(1.0, total / static_cast<double>(n));
  for (auto it = g.topo.rbegin(); it != g.topo.rend(); ++it) {
    size_t o = static_cast<size_t>(*it);
    double best_tail = 0;
    for (int pi : g.succs[o]) {
      size_t s = static_cast<size_t>(p.precedences[static_cast<size_t>(pi)].to);
      best_tail = std::max(best_tail, info.tail[s]);
      if (p.operations[o].job < 0) {
        info.due[o] = std::min(info.due[o], info.due[s]);
        info.weight[o] = std::max(info.weight[o], info.weight[s]);
      }
    }
    info.tail[o] = info.work[o] + best_tail;
    if (p.operations[o].job < 0 && info.weight[o] == 0.0) info.weight[o] = 1.0;
  }
  return info;
}

// Priority key of `op` evaluated at time `now` (its ready time); smaller is more urgent.
double priority(DispatchRule rule, const OpInfo& info, size_t op, Time now) {
  double t = static_cast<double>(now);
  switch (rule) {
    case DispatchRule::kEdd: return info.due[op];
    case DispatchRule::kSpt: return info.work[op];
    case DispatchRule::kMwkr: return -info.tail[op];
    case DispatchRule::kFifo: return t;
    case DispatchRule::kCr: {
      double slack = info.due[op] - t;
      return slack / std::max(1.0, info.tail[op]);
    }
    case DispatchRule::kAtc: {
      constexpr double kLookAhead = 2.0;
      double slack = std::max(0.0, info.due[op] - t - info.tail[op]);
      double index = info.weight[op] / std::max(1.0, info.work[op]) *
                     std::exp(-slack / (kLookAhead * info.mean_work));
      return -index;
    }
  }
  return 0;
}

struct Entry {
  double key;
  Time ready;
  int op;
};
struct ByPriority {  // min-heap on (key, ready, op)
  bool operator()(const Entry& a, const Entry& b) const {
    if (a.key != b.key) return a.key > b.key;
    if (a.ready != b.ready) return a.ready > b.ready;
    return a.op > b.op;
  }
};
struct ByReady {  // min-heap on (ready, op)
  bool operator()(const Entry& a, const Entry& b) const {
    if (a.ready != b.ready) return a.ready > b.ready;
    return a.op > b.op;
  }
};

class Dispatcher {
 public:
  Dispatcher(const Problem& p, DispatchRule rule)
      : p_(p), rule_(rule), graph_(detail::build_graph(p)), info_(op_info(p, graph_)) {}

  Schedule run() {
    size_t n = p_.operations.size();
    slots_.assign(n, Slot{});
    for (size_t o = 0; o < n; ++o) slots_[o].operation = static_cast<int>(o);
    states_.assign(p_.machines.size(), MachineState{});
    remaining_.assign(n, 0);
    bounds_.assign(n, Bounds{});
    for (size_t o = 0; o < n; ++o) remaining_[o] = static_cast<int>(graph_.preds[o].size());
    std::vector<int> fixed = detail::place_fixed(p_, states_, slots_);
    placed_.assign(n, false);
    for (int f : fixed) placed_[static_cast<size_t>(f)] = true;
    for (size_t o = 0; o < n; ++o) {
      if (!placed_[o] && remaining_[o] == 0) make_ready(static_cast<int>(o));
    }
    for (int f : fixed) release_successors(f);
    loop();
    return Schedule{std::move(slots_)};
  }

 private:
  void make_ready(int op) {
    bounds_[static_cast<size_t>(op)] = detail::bounds_of(p_, graph_, slots_, op);
    pending_.push(Entry{0, bounds_[static_cast<size_t>(op)].start, op});
  }

  void release_successors(int op) {
    for (int pi : graph_.succs[static_cast<size_t>(op)]) {
      int to = p_.precedences[static_cast<size_t>(pi)].to;
      if (--remaining_[static_cast<size_t>(to)] == 0 && !placed_[static_cast<size_t>(to)]) {
        make_ready(to);
      }
    }
  }

  void admit_until(Time t, bool inclusive) {
    while (!pending_.empty() &&
           (pending_.top().ready < t || (inclusive && pending_.top().ready == t))) {
      Entry e = pending_.top();
      pending_.pop();
      e.key = priority(rule_, info_, static_cast<size_t>(e.op), e.ready);
      available_.push(e);
    }
  }

  Candidate best_machine(int op) {
    Candidate best;
    for (int m : detail::eligible_machines(p_, op)) {
      Candidate c = detail::try_machine(p_, slots_, states_[static_cast<size_t>(m)], m, op,
                                        bounds_[static_cast<size_t>(op)]);
      if (!c.feasible) continue;
      if (!best.feasible || c.end < best.end || (c.end == best.end && c.start < best.start)) {
        best = c;
      }
    }
    return best;
  }

  void loop() {
    while (!pending_.empty() || !available_.empty()) {
      if (available_.empty()) admit_until(pending_.top().ready, true);
      Entry e = available_.top();
      available_.pop();
      Candidate c = best_machine(e.op);
      if (c.feasible && !pending_.empty() && pending_.top().ready < c.start) {
        // Ops that become ready before this one could start compete with it.
        admit_until(c.start, false);
        if (ByPriority{}(e, available_.top())) {
          available_.push(e);
          continue;
        }
      }
      size_t o = static_cast<size_t>(e.op);
      if (c.feasible) {
        detail::commit(states_[static_cast<size_t>(c.machine)], c, e.op, slots_);
      } else {
        int m = detail::eligible_machines(p_, e.op).front();
        slots_[o] = Slot{e.op, m, kInfinity, kInfinity, 0};
      }
      placed_[o] = true;
      release_successors(e.op);
    }
  }

  const Problem& p_;
  DispatchRule rule_;
  Graph graph_;
  OpInfo info_;
  std::vector<Slot> slots_;
  std::vector<MachineState> states_;
  std::vector<int> remaining_;
  std::vector<Bounds> bounds_;
  std::vector<bool> placed_;
  std::priority_queue<Entry, std::vector<Entry>, ByReady> pending_;
  std::priority_queue<Entry, std::vector<Entry>, ByPriority> available_;
};

}  // namespace

const char* dispatch_rule_name(DispatchRule rule) {
  switch (rule) {
    case DispatchRule::kEdd: return "edd";
    case DispatchRule::kCr: return "cr";
    case DispatchRule::kAtc: return "atc";
    case DispatchRule::kSpt: return "spt";
    case DispatchRule::kMwkr: return "mwkr";
    case DispatchRule::kFifo: return "fifo";
  }
  return "unknown";
}

Result<DispatchRule> parse_dispatch_rule(const std::string& name) {
  for (DispatchRule r : kAllDispatchRules) {
    if (name == dispatch_rule_name(r)) return r;
  }
  return Error::invalid("rule", "unknown dispatch rule '" + name + "'");
}

Schedule dispatch(const Problem& problem, DispatchRule rule) {
  return Dispatcher(problem, rule).run();
}

DispatchResult best_dispatch(const Problem& problem, const Objective& objective) {
  DispatchResult best;
  bool have = false;
  for (DispatchRule rule : kAllDispatchRules) {
    Schedule s = dispatch(problem, rule);
    ObjectiveValue v = score(problem, s, objective);
    if (!have || v < best.value) {
      best = DispatchResult{rule, std::move(s), std::move(v)};
      have = true;
    }
  }
  return best;
}

}  // namespace kerf::schedule
