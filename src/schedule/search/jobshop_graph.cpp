#include "jobshop_graph.h"

#include <algorithm>

namespace kerf::schedule::search::detail {

Result<JobShopModel> build_model(const Problem& problem) {
  JobShopModel model;
  model.n = static_cast<int>(problem.operations.size());
  model.m = static_cast<int>(problem.machines.size());
  model.jobs = static_cast<int>(problem.jobs.size());
  for (const Machine& machine : problem.machines) {
    if (machine.calendar >= 0 &&
        !problem.calendars[static_cast<size_t>(machine.calendar)].always_open) {
      return Error::invalid("machines", "machine " + machine.name + " has a working calendar");
    }
  }
  model.jp.assign(static_cast<size_t>(model.n), -1);
  model.js.assign(static_cast<size_t>(model.n), -1);
  model.release.assign(static_cast<size_t>(model.n), 0);
  model.job_of.assign(static_cast<size_t>(model.n), -1);
  model.alts.resize(static_cast<size_t>(model.n));
  for (int o = 0; o < model.n; ++o) {
    const Operation& op = problem.operations[static_cast<size_t>(o)];
    if (op.setup_family >= 0)
      return Error::invalid("operations", "setup families are sequence dependent");
    if (op.pinned_machine >= 0 || op.pinned_start != kNoTime || op.frozen) {
      return Error::invalid("operations", "pinned or frozen operations");
    }
    if (op.alternatives.empty())
      return Error::invalid("operations", "operation without alternative");
    for (const Alternative& alt : op.alternatives) {
      if (alt.machine < 0 || alt.machine >= model.m)
        return Error::invalid("operations", "bad machine");
      model.alts[static_cast<size_t>(o)].push_back({alt.machine, alt.setup + alt.run});
    }
    if (op.alternatives.size() > 1) model.flexible = true;
    model.job_of[static_cast<size_t>(o)] = op.job;
    if (op.job >= 0 && op.job < model.jobs) {
      model.release[static_cast<size_t>(o)] =
          std::max<Time>(0, problem.jobs[static_cast<size_t>(op.job)].release);
    }
  }
  for (const Precedence& pr : problem.precedences) {
    if (pr.kind != PrecedenceKind::kFinishStart || pr.lag != 0) {
      return Error::invalid("precedences", "only finish-start precedences with lag 0");
    }
    if (pr.from < 0 || pr.from >= model.n || pr.to < 0 || pr.to >= model.n || pr.from == pr.to) {
      return Error::invalid("precedences", "precedence out of range");
    }
    if (model.js[static_cast<size_t>(pr.from)] >= 0 || model.jp[static_cast<size_t>(pr.to)] >= 0) {
      return Error::invalid("precedences",
                            "precedences must form chains (one predecessor/successor)");
    }
    model.js[static_cast<size_t>(pr.from)] = pr.to;
    model.jp[static_cast<size_t>(pr.to)] = pr.from;
  }
  // Chains must be acyclic.
  std::vector<char> seen(static_cast<size_t>(model.n), 0);
  for (int o = 0; o < model.n; ++o) {
    if (model.jp[static_cast<size_t>(o)] >= 0) continue;
    for (int x = o; x >= 0; x = model.js[static_cast<size_t>(x)]) seen[static_cast<size_t>(x)] = 1;
  }
  if (std::find(seen.begin(), seen.end(), 0) != seen.end()) {
    return Error::invalid("precedences", "cyclic precedences");
  }
  return model;
}

Time shortest_duration(const JobShopModel& model, int o) {
  Time best = kInfinity;
  for (const Alt& a : model.alts[static_cast<size_t>(o)]) best = std::min(best, a.duration);
  return best;
}

uint64_t Solution::hash() const {
  uint64_t h = 1469598103934665603ull;
  for (const auto& s : seq) {
    for (int o : s) h = (h ^ static_cast<uint64_t>(o + 1)) * 1099511628211ull;
    h = (h ^ 0xffu) * 1099511628211ull;
  }
  return h;
}

int distance(const Solution& a, const Solution& b) {
  int d = 0;
  for (size_t m = 0; m < a.seq.size(); ++m) {
    const auto& x = a.seq[m];
    const auto& y = b.seq[m];
    size_t common = std::min(x.size(), y.size());
    for (size_t k = 0; k < common; ++k) d += x[k] != y[k];
    d += static_cast<int>(std::max(x.size(), y.size()) - common);
  }
  return d;
}

Graph::Graph(const JobShopModel& model) : model_(&model) {
  size_t n = static_cast<size_t>(model.n);
  mach.assign(n, 0);
  pos.assign(n, 0);
  mp.assign(n, -1);
  ms.assign(n, -1);
  p.assign(n, 0);
  r.assign(n, 0);
  q.assign(n, 0);
  topo.reserve(n);
  topo_index.assign(n, 0);
  indeg_.assign(n, 0);
  prefix_max_.assign(n, 0);
  mark_.assign(n, 0);
  seq.resize(static_cast<size_t>(model.m));
}

Time Graph::duration_on(int o, int machine) const {
  for (const Alt& a : model_->alts[static_cast<size_t>(o)]) {
    if (a.machine == machine) return a.duration;
  }
  return kInfinity;
}

void Graph::relink(int machine) {
  const auto& s = seq[static_cast<size_t>(machine)];
  for (size_t k = 0; k < s.size(); ++k) {
    int o = s[k];
    pos[static_cast<size_t>(o)] = static_cast<int>(k);
    mp[static_cast<size_t>(o)] = k > 0 ? s[k - 1] : -1;
    ms[static_cast<size_t>(o)] = k + 1 < s.size() ? s[k + 1] : -1;
  }
}

bool Graph::load(const Solution& s) {
  mach = s.mach;
  seq = s.seq;
  for (int o = 0; o < model_->n; ++o)
    p[static_cast<size_t>(o)] = duration_on(o, mach[static_cast<size_t>(o)]);
  for (int m = 0; m < model_->m; ++m) relink(m);
  return evaluate();
}

void Graph::store(Solution& s) const {
  s.mach = mach;
  s.seq = seq;
  s.makespan = makespan;
}

bool Graph::evaluate() {
  const int n = model_->n;
  const int* jp = model_->jp.data();
  const int* js = model_->js.data();
  topo.clear();
  for (int o = 0; o < n; ++o) {
    indeg_[static_cast<size_t>(o)] = (jp[o] >= 0) + (mp[static_cast<size_t>(o)] >= 0);
    if (indeg_[static_cast<size_t>(o)] == 0) topo.push_back(o);
  }
  for (size_t head = 0; head < topo.size(); ++head) {
    int o = topo[head];
    Time t = model_->release[static_cast<size_t>(o)];
    int a = jp[o];
    if (a >= 0 && r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)] > t)
      t = r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)];
    a = mp[static_cast<size_t>(o)];
    if (a >= 0 && r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)] > t)
      t = r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)];
    r[static_cast<size_t>(o)] = t;
    int b = js[o];
    if (b >= 0 && --indeg_[static_cast<size_t>(b)] == 0) topo.push_back(b);
    b = ms[static_cast<size_t>(o)];
    if (b >= 0 && --indeg_[static_cast<size_t>(b)] == 0) topo.push_back(b);
  }
  if (static_cast<int>(topo.size()) != n) return false;
  Time running = 0;
  for (int k = 0; k < n; ++k) {
    const size_t o = static_cast<size_t>(topo[static_cast<size_t>(k)]);
    running = std::max(running, r[o] + p[o]);
    prefix_max_[static_cast<size_t>(k)] = running;
  }
  makespan = 0;
  for (int k = n - 1; k >= 0; --k) {
    int o = topo[static_cast<size_t>(k)];
    topo_index[static_cast<size_t>(o)] = k;
    Time t = 0;
    int b = js[o];
    if (b >= 0) t = q[static_cast<size_t>(b)] + p[static_cast<size_t>(b)];
    b = ms[static_cast<size_t>(o)];
    if (b >= 0 && q[static_cast<size_t>(b)] + p[static_cast<size_t>(b)] > t)
      t = q[static_cast<size_t>(b)] + p[static_cast<size_t>(b)];
    q[static_cast<size_t>(o)] = t;
    Time end = r[static_cast<size_t>(o)] + p[static_cast<size_t>(o)];
    if (end > makespan) makespan = end;
  }
  return true;
}

void Graph::move(int op, int machine, int index) {
  int old = mach[static_cast<size_t>(op)];
  auto& from = seq[static_cast<size_t>(old)];
  from.erase(from.begin() + pos[static_cast<size_t>(op)]);
  auto& to = seq[static_cast<size_t>(machine)];
  to.insert(to.begin() + index, op);
  mach[static_cast<size_t>(op)] = machine;
  p[static_cast<size_t>(op)] = duration_on(op, machine);
  relink(old);
  if (machine != old) relink(machine);
}

bool Graph::apply(int op, int machine, int index) {
  const size_t u = static_cast<size_t>(op);
  const int old_machine = mach[u], old_index = pos[u];
  move(op, machine, index);
  const int a = mp[u], b = ms[u];
  // Heads change from u on, tails up to u: the other ends of changed arcs lie after u
  // (old_succ, b) or before it (old_pred, a) unless their arc is inverted, and then reorder()
  // widens [lo, hi] over them.
  int lo = topo_index[u], hi = topo_index[u];
  bool ok = true;
  if (a >= 0 && topo_index[static_cast<size_t>(a)] > topo_index[u]) ok = reorder(a, op, lo, hi);
  if (ok && b >= 0 && topo_index[u] > topo_index[static_cast<size_t>(b)]) {
    ok = reorder(op, b, lo, hi);
  }
  if (!ok) {
    move(op, old_machine, old_index);
    evaluate();  // an aborted reorder may have left an order that only fits the new arcs
    return false;
  }
  update_times(lo, hi);
  return true;
}

bool Graph::reorder(int x, int y, int& lo, int& hi) {
  const int lb = topo_index[static_cast<size_t>(y)], ub = topo_index[static_cast<size_t>(x)];
  if (++stamp_ == 0) {
    std::fill(mark_.begin(), mark_.end(), 0);
    stamp_ = 1;
  }
  // Depth-first search from `from` over the arcs `job[w]` / `machine[w]`, staying inside the
  // window; collects the visited ops in `out`. False when it reaches `stop` (a cycle).
  auto collect = [&](int from, const int* job, const std::vector<int>& machine, auto inside,
                     int stop, std::vector<int>& out) {
    out.clear();
    stack_.assign(1, from);
    mark_[static_cast<size_t>(from)] = stamp_;
    while (!stack_.empty()) {
      const int w = stack_.back();
      stack_.pop_back();
      out.push_back(w);
      for (int s : {job[w], machine[static_cast<size_t>(w)]}) {
        if (s < 0) continue;
        if (s == stop) return false;
        if (inside(topo_index[static_cast<size_t>(s)]) && mark_[static_cast<size_t>(s)] != stamp_) {
          mark_[static_cast<size_t>(s)] = stamp_;
          stack_.push_back(s);
        }
      }
    }
    return true;
  };
  if (!collect(
          y, model_->js.data(), ms, [ub](int k) { return k < ub; }, x, fwd_))
    return false;
  // Backward from x: no stop (x was not reached forward, so y cannot be reached backward).
  collect(
      x, model_->jp.data(), mp, [lb](int k) { return k > lb; }, -1, bwd_);
  auto by_index = [&](int l, int r) {
    return topo_index[static_cast<size_t>(l)] < topo_index[static_cast<size_t>(r)];
  };
  std::sort(fwd_.begin(), fwd_.end(), by_index);
  std::sort(bwd_.begin(), bwd_.end(), by_index);
  slots_.clear();
  for (int w : bwd_) slots_.push_back(topo_index[static_cast<size_t>(w)]);
  for (int w : fwd_) slots_.push_back(topo_index[static_cast<size_t>(w)]);
  std::sort(slots_.begin(), slots_.end());
  size_t k = 0;
  for (const auto* part : {&bwd_, &fwd_}) {
    for (int w : *part) {
      const int at = slots_[k++];
      topo[static_cast<size_t>(at)] = w;
      topo_index[static_cast<size_t>(w)] = at;
    }
  }
  lo = std::min(lo, slots_.front());
  hi = std::max(hi, slots_.back());
  return true;
}

void Graph::update_times(int lo, int hi) {
  const int n = model_->n;
  const int* jp = model_->jp.data();
  const int* js = model_->js.data();
  Time running = lo > 0 ? prefix_max_[static_cast<size_t>(lo - 1)] : 0;
  for (int k = lo; k < n; ++k) {
    const int o = topo[static_cast<size_t>(k)];
    Time t = model_->release[static_cast<size_t>(o)];
    int a = jp[o];
    if (a >= 0) t = std::max(t, r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)]);
    a = mp[static_cast<size_t>(o)];
    if (a >= 0) t = std::max(t, r[static_cast<size_t>(a)] + p[static_cast<size_t>(a)]);
    r[static_cast<size_t>(o)] = t;
    running = std::max(running, t + p[static_cast<size_t>(o)]);
    prefix_max_[static_cast<size_t>(k)] = running;
  }
  makespan = running;
  for (int k = hi; k >= 0; --k) {
    const int o = topo[static_cast<size_t>(k)];
    Time t = 0;
    int b = js[o];
    if (b >= 0) t = q[static_cast<size_t>(b)] + p[static_cast<size_t>(b)];
    b = ms[static_cast<size_t>(o)];
    if (b >= 0) t = std::max(t, q[static_cast<size_t>(b)] + p[static_cast<size_t>(b)]);
    q[static_cast<size_t>(o)] = t;
  }
}

const char* construct_rule_name(int rule) {
  switch (rule) {
    case 0:
      return "gt-mwkr";
    case 1:
      return "gt-spt";
    case 2:
      return "gt-mopnr";
    default:
      return "gt-ect";
  }
}

Solution construct(const JobShopModel& model, int rule) {
  const size_t n = static_cast<size_t>(model.n);
  // Remaining work (min durations) and remaining op counts along each chain.
  std::vector<Time> min_p(n), work(n, 0);
  std::vector<int> ops_left(n, 0);
  for (size_t o = 0; o < n; ++o) min_p[o] = shortest_duration(model, static_cast<int>(o));
  std::vector<int> fronts;
  for (size_t o = 0; o < n; ++o) {
    if (model.jp[o] >= 0) continue;
    fronts.push_back(static_cast<int>(o));
    std::vector<int> chain;
    for (int x = static_cast<int>(o); x >= 0; x = model.js[static_cast<size_t>(x)])
      chain.push_back(x);
    Time acc = 0;
    int cnt = 0;
    for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
      acc += min_p[static_cast<size_t>(*it)];
      work[static_cast<size_t>(*it)] = acc;
      ops_left[static_cast<size_t>(*it)] = ++cnt;
    }
  }
  Solution s;
  s.mach.assign(n, 0);
  s.seq.assign(static_cast<size_t>(model.m), {});
  std::vector<Time> machine_free(static_cast<size_t>(model.m), 0);
  std::vector<Time> ready(n, 0);
  for (size_t o = 0; o < n; ++o) ready[o] = model.release[o];
  Time makespan = 0;
  while (!fronts.empty()) {
    // Earliest completion over all fronts and their machines.
    Time best_c = kInfinity;
    int best_m = -1;
    for (int o : fronts) {
      for (const Alt& a : model.alts[static_cast<size_t>(o)]) {
        Time c =
            std::max(ready[static_cast<size_t>(o)], machine_free[static_cast<size_t>(a.machine)]) +
            a.duration;
        if (c < best_c) {
          best_c = c;
          best_m = a.machine;
        }
      }
    }
    // Conflict set on best_m: fronts that can start there before best_c.
    int chosen = -1;
    size_t chosen_k = 0;
    double chosen_key = 0;
    for (size_t k = 0; k < fronts.size(); ++k) {
      int o = fronts[k];
      Time d = kInfinity;
      for (const Alt& a : model.alts[static_cast<size_t>(o)]) {
        if (a.machine == best_m) d = a.duration;
      }
      if (d == kInfinity) continue;
      Time start =
          std::max(ready[static_cast<size_t>(o)], machine_free[static_cast<size_t>(best_m)]);
      if (start >= best_c && !(d == 0 && start == best_c)) continue;
      double key = 0;
      switch (rule) {
        case 0:
          key = -static_cast<double>(work[static_cast<size_t>(o)]);
          break;
        case 1:
          key = static_cast<double>(d);
          break;
        case 2:
          key = -static_cast<double>(ops_left[static_cast<size_t>(o)]);
          break;
        default:
          key = static_cast<double>(start + d);
          break;
      }
      if (chosen < 0 || key < chosen_key) {
        chosen = o;
        chosen_k = k;
        chosen_key = key;
      }
    }
    if (chosen < 0) {  // defensive: cannot happen, take the first front on its first machine
      chosen = fronts[0];
      chosen_k = 0;
      best_m = model.alts[static_cast<size_t>(chosen)][0].machine;
    }
    // In flexible instances the chosen op goes to its own earliest-completion machine.
    Time c_best = kInfinity;
    int m_best = best_m;
    for (const Alt& a : model.alts[static_cast<size_t>(chosen)]) {
      Time c = std::max(ready[static_cast<size_t>(chosen)],
                        machine_free[static_cast<size_t>(a.machine)]) +
               a.duration;
      if (c < c_best || (c == c_best && a.machine == best_m)) {
        c_best = c;
        m_best = a.machine;
      }
    }
    s.mach[static_cast<size_t>(chosen)] = m_best;
    s.seq[static_cast<size_t>(m_best)].push_back(chosen);
    machine_free[static_cast<size_t>(m_best)] = c_best;
    makespan = std::max(makespan, c_best);
    int next = model.js[static_cast<size_t>(chosen)];
    if (next >= 0) {
      ready[static_cast<size_t>(next)] = std::max(ready[static_cast<size_t>(next)], c_best);
      fronts[chosen_k] = next;
    } else {
      fronts[chosen_k] = fronts.back();
      fronts.pop_back();
    }
  }
  s.makespan = makespan;
  return s;
}

void make_feasible(const JobShopModel& model, Solution& s) {
  const size_t n = static_cast<size_t>(model.n);
  const size_t machines = s.seq.size();
  std::vector<std::vector<int>> order = std::move(s.seq);
  s.seq.assign(machines, {});
  std::vector<size_t> ptr(machines, 0);
  std::vector<char> placed(n, 0);
  size_t count = 0;
  auto job_ready = [&](int o) {
    int a = model.jp[static_cast<size_t>(o)];
    return a < 0 || placed[static_cast<size_t>(a)];
  };
  auto place = [&](int o) {
    placed[static_cast<size_t>(o)] = 1;
    s.seq[static_cast<size_t>(s.mach[static_cast<size_t>(o)])].push_back(o);
    ++count;
  };
  while (count < n) {
    bool progress = false;
    for (size_t m = 0; m < machines; ++m) {
      auto& ord = order[m];
      while (ptr[m] < ord.size()) {
        int o = ord[ptr[m]];
        if (placed[static_cast<size_t>(o)]) {
          ++ptr[m];
          continue;
        }
        if (!job_ready(o)) break;
        place(o);
        ++ptr[m];
        progress = true;
      }
    }
    if (progress) continue;
    // Deadlock: the job-ready unplaced op with the smallest offset from its machine's pointer.
    int best = -1;
    long best_offset = 0;
    for (size_t m = 0; m < machines; ++m) {
      for (size_t k = ptr[m]; k < order[m].size(); ++k) {
        int o = order[m][k];
        if (placed[static_cast<size_t>(o)] || !job_ready(o)) continue;
        long offset = static_cast<long>(k - ptr[m]);
        if (best < 0 || offset < best_offset) {
          best = o;
          best_offset = offset;
        }
        break;
      }
    }
    if (best < 0) break;  // cannot happen with acyclic chains
    place(best);
  }
}

}  // namespace kerf::schedule::search::detail
