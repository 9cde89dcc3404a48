#include "tabu_worker.h"

#include <algorithm>

namespace kerf::schedule::search::detail {
namespace {

constexpr size_t kEliteSize = 8;
// Iterations without improving the phase best before a restart. Measured on ta21-30 (5M
// iterations, 2 seeds): 7,000 → 1.19 % mean gap, 15,000 → 0.74 %, 25,000 → 0.62 %,
// 50,000 → 0.69 % (docs/benchmarks.md; 25,000 re-measured at 0.81 % after later commits).
constexpr int64_t kMaxStall = 25000;
// Long-term memory (Taillard's frequency penalty): a move that does not improve the current
// makespan is charged kPenaltyWeight mean durations times how much more often than average its
// op has moved so far. Measured at fixed budgets (docs/benchmarks.md): la29 8M iterations, seeds
// 1-6, mean 1164.7 without → 1153.2 with weight 1.0 (0.7: 1159.8, 2.0: 1153.0, 4.0: 1155.5);
// ta21-30 5M iterations, seeds 2-3, 0.81 % → 0.60 % (0.7: 0.65 %, 1.5: 0.76 %, 2.0: 0.83 %).
constexpr double kPenaltyWeight = 1.0;

inline size_t z(int v) { return static_cast<size_t>(v); }

}  // namespace

TabuWorker::TabuWorker(const JobShopModel& model, uint64_t seed, const Solution& start,
                       const Clock& clock)
    : model_(&model), clock_(&clock), g_(model), rng_(seed) {
  g_.load(start);
  g_.store(best_);
  phase_best_ = best_;
  best_time_ = clock_->steady_now();
  tenure_base_ = 10 + (model.m > 0 ? model.jobs / model.m : 0);
  if (tenure_base_ > 40) tenure_base_ = 40;
  tabu_.resize(z(model.n));
  moved_.assign(z(model.n), 0);
  double total = 0;
  for (int o = 0; o < model.n; ++o) total += static_cast<double>(shortest_duration(model, o));
  penalty_unit_ = model.n > 0 ? kPenaltyWeight * total / model.n : 0;
}

void TabuWorker::offer_elite(const Solution& s) {
  uint64_t h = s.hash();
  for (const Solution& e : elite_) {
    if (e.makespan == s.makespan && e.hash() == h) return;
  }
  if (elite_.size() >= kEliteSize) {
    auto worst = std::max_element(
        elite_.begin(), elite_.end(),
        [](const Solution& a, const Solution& b) { return a.makespan < b.makespan; });
    if (worst->makespan <= s.makespan) return;
    *worst = s;
  } else {
    elite_.push_back(s);
  }
  std::stable_sort(elite_.begin(), elite_.end(),
                   [](const Solution& a, const Solution& b) { return a.makespan < b.makespan; });
}

int64_t TabuWorker::run(int64_t iterations, const std::function<bool()>& should_stop, Time target) {
  int64_t done = 0;
  for (; done < iterations; ++done) {
    if ((done & 63) == 0 && should_stop()) break;
    if (optimal_ || best_.makespan <= target) break;
    if (stall_ >= kMaxStall) restart();
    if (!step()) {
      if (optimal_) break;
      restart();
    }
  }
  return done;
}

void TabuWorker::record_improvement() {
  if (g_.makespan < phase_best_.makespan) {
    g_.store(phase_best_);
    stall_ = 0;
  } else {
    ++stall_;
  }
  if (g_.makespan < best_.makespan) {
    g_.store(best_);
    best_time_ = clock_->steady_now();
  }
}

void TabuWorker::critical_path() {
  const int n = model_->n;
  int end = -1, ties = 0;
  for (int o = 0; o < n; ++o) {
    if (g_.r[z(o)] + g_.p[z(o)] == g_.makespan && g_.q[z(o)] == 0) {
      ++ties;
      if (end < 0 || rng_() % static_cast<uint64_t>(ties) == 0) end = o;
    }
  }
  path_.clear();
  for (int o = end; o >= 0;) {
    path_.push_back(o);
    int a = model_->jp[z(o)];
    int b = g_.mp[z(o)];
    bool ca = a >= 0 && g_.r[z(a)] + g_.p[z(a)] == g_.r[z(o)];
    bool cb = b >= 0 && g_.r[z(b)] + g_.p[z(b)] == g_.r[z(o)];
    if (ca && cb) {
      o = (rng_() & 1) ? a : b;
    } else if (ca) {
      o = a;
    } else if (cb) {
      o = b;
    } else {
      o = -1;
    }
  }
  std::reverse(path_.begin(), path_.end());
}

Time TabuWorker::chain_estimate(const int* ops, int len, int moved, Time moved_p, Time head_before,
                                Time tail_after) {
  chain_r_.resize(z(len));
  Time prev_end = head_before;
  for (int k = 0; k < len; ++k) {
    int o = ops[k];
    Time h = g_.job_head(o);
    if (prev_end > h) h = prev_end;
    chain_r_[z(k)] = h;
    prev_end = h + (o == moved ? moved_p : g_.p[z(o)]);
  }
  Time next = tail_after, best = 0;
  for (int k = len - 1; k >= 0; --k) {
    int o = ops[k];
    Time pk = o == moved ? moved_p : g_.p[z(o)];
    Time t = g_.job_tail(o);
    if (next > t) t = next;
    Time through = chain_r_[z(k)] + pk + t;
    if (through > best) best = through;
    next = t + pk;
  }
  return best;
}

bool TabuWorker::is_tabu(const Move& m) const {
  for (const TabuEntry& e : tabu_[z(m.op)]) {
    // Tabu: returning next to its former predecessor or successor on that machine.
    if (e.expire > iter_ && e.machine == m.machine && (e.pred == m.pred || e.succ == m.succ))
      return true;
  }
  return false;
}

void TabuWorker::make_tabu(int op, int machine, int pred, int succ) {
  int tenure = tenure_base_ + static_cast<int>(rng_() % static_cast<uint64_t>(tenure_base_ + 1));
  auto& list = tabu_[z(op)];
  std::erase_if(list, [&](const TabuEntry& e) { return e.expire <= iter_; });
  list.push_back({machine, pred, succ, iter_ + tenure});
}

Time TabuWorker::score(const Move& m) const {
  if (m.estimate < g_.makespan) return m.estimate;
  const double relative_frequency = static_cast<double>(moved_[z(m.op)]) *
                                    static_cast<double>(model_->n) / static_cast<double>(iter_ + 1);
  return m.estimate + static_cast<Time>(penalty_unit_ * relative_frequency);
}

void TabuWorker::consider(Move m) {
  ++candidates_;
  if (collect_all_) {
    all_moves_.push_back(m);
    return;
  }
  const bool tabu = is_tabu(m) && m.estimate >= best_.makespan;  // aspiration by estimate
  m.score = score(m);
  Move& best = tabu ? best_tabu_move_ : best_move_;
  int& ties = tabu ? tabu_ties_ : best_ties_;
  if (best.op < 0 || m.score < best.score) {
    best = m;
    ties = 1;
  } else if (m.score == best.score && rng_() % static_cast<uint64_t>(++ties) == 0) {
    best = m;
  }
}

// N7 moves on the block path_[first..last] (consecutive ops on one machine).
void TabuWorker::add_block_moves(size_t first, size_t last) {
  const int machine = g_.mach[z(path_[first])];
  const auto& s = g_.seq[z(machine)];
  const int i0 = g_.pos[z(path_[first])];
  const int k = static_cast<int>(last - first);  // block spans s[i0..i0+k]
  const int len = static_cast<int>(s.size());
  auto forward = [&](int i, int j) {  // move s[i] right after s[j], j > i
    int u = s[z(i)];
    int js = model_->js[z(u)];
    int v = s[z(j)];
    if (js >= 0 &&
        !(g_.r[z(v)] < g_.r[z(js)] + g_.p[z(js)] || g_.q[z(js)] < g_.p[z(v)] + g_.q[z(v)] ||
          g_.topo_index[z(js)] > g_.topo_index[z(v)])) {
      return;
    }
    chain_.assign(s.begin() + i + 1, s.begin() + j + 1);
    chain_.push_back(u);
    int mpu = g_.mp[z(u)];
    Time head = mpu >= 0 ? g_.r[z(mpu)] + g_.p[z(mpu)] : 0;
    Time tail = j + 1 < len ? g_.q[z(s[z(j + 1)])] + g_.p[z(s[z(j + 1)])] : 0;
    Move m{u, machine, j, v, j + 1 < len ? s[z(j + 1)] : -1, 0};
    m.estimate =
        chain_estimate(chain_.data(), static_cast<int>(chain_.size()), u, g_.p[z(u)], head, tail);
    consider(m);
  };
  auto backward = [&](int i, int j) {  // move s[i] right before s[j], j < i
    int u = s[z(i)];
    int jp = model_->jp[z(u)];
    int v = s[z(j)];
    if (jp >= 0 &&
        !(g_.r[z(jp)] < g_.r[z(v)] + g_.p[z(v)] || g_.q[z(v)] < g_.q[z(jp)] + g_.p[z(jp)] ||
          g_.topo_index[z(v)] > g_.topo_index[z(jp)])) {
      return;
    }
    chain_.clear();
    chain_.push_back(u);
    chain_.insert(chain_.end(), s.begin() + j, s.begin() + i);
    Time head = j > 0 ? g_.r[z(s[z(j - 1)])] + g_.p[z(s[z(j - 1)])] : 0;
    int msu = g_.ms[z(u)];
    Time tail = msu >= 0 ? g_.q[z(msu)] + g_.p[z(msu)] : 0;
    Move m{u, machine, j, j > 0 ? s[z(j - 1)] : -1, v, 0};
    m.estimate =
        chain_estimate(chain_.data(), static_cast<int>(chain_.size()), u, g_.p[z(u)], head, tail);
    consider(m);
  };
  for (int x = 1; x <= k; ++x) backward(i0 + x, i0);     // to the block front
  for (int x = 0; x < k; ++x) forward(i0 + x, i0 + k);   // to the block end
  for (int x = 1; x < k; ++x) forward(i0, i0 + x);       // first op into the block
  for (int x = 1; x < k; ++x) backward(i0 + k, i0 + x);  // last op into the block
}

// Moves critical op u to every safe position of each other eligible machine.
void TabuWorker::add_reassign_moves(int u) {
  const auto& alts = model_->alts[z(u)];
  if (alts.size() < 2) return;
  const int jp = model_->jp[z(u)];
  const int js = model_->js[z(u)];
  const Time head_u = g_.job_head(u);
  const Time tail_u = g_.job_tail(u);
  for (const Alt& alt : alts) {
    if (alt.machine == g_.mach[z(u)]) continue;
    const auto& s = g_.seq[z(alt.machine)];
    const int len = static_cast<int>(s.size());
    for (int k = 0; k <= len; ++k) {
      int a = k > 0 ? s[z(k - 1)] : -1;
      int b = k < len ? s[z(k)] : -1;
      if (a >= 0 && js >= 0 &&
          !(g_.r[z(a)] < g_.r[z(js)] + g_.p[z(js)] || g_.q[z(js)] < g_.p[z(a)] + g_.q[z(a)] ||
            g_.topo_index[z(js)] > g_.topo_index[z(a)])) {
        break;  // later positions are after a as well
      }
      if (b >= 0 && jp >= 0 &&
          !(g_.r[z(jp)] < g_.r[z(b)] + g_.p[z(b)] || g_.q[z(b)] < g_.q[z(jp)] + g_.p[z(jp)] ||
            g_.topo_index[z(b)] > g_.topo_index[z(jp)])) {
        continue;
      }
      Time h = std::max(head_u, a >= 0 ? g_.r[z(a)] + g_.p[z(a)] : Time{0});
      Time t = std::max(tail_u, b >= 0 ? g_.q[z(b)] + g_.p[z(b)] : Time{0});
      consider(Move{u, alt.machine, k, a, b, h + alt.duration + t});
    }
  }
}

bool TabuWorker::step() {
  ++iter_;
  critical_path();
  best_move_ = Move{};
  best_tabu_move_ = Move{};
  candidates_ = 0;
  size_t start = 0;
  for (size_t k = 0; k < path_.size(); ++k) {
    bool block_end = k + 1 == path_.size() || g_.ms[z(path_[k])] != path_[k + 1];
    if (!block_end) continue;
    if (k > start) add_block_moves(start, k);
    start = k + 1;
  }
  if (model_->flexible) {
    for (int u : path_) add_reassign_moves(u);
  }
  if (candidates_ == 0) {
    // No block and no alternative on a critical path: the makespan is a chain length.
    if (!model_->flexible)
      optimal_ = true;
    else {
      bool any_alt = false;
      for (int u : path_) any_alt |= model_->alts[z(u)].size() > 1;
      optimal_ = !any_alt;
    }
    return false;
  }
  Move m = best_move_.op >= 0 ? best_move_ : best_tabu_move_;
  const int u = m.op;
  const int old_machine = g_.mach[z(u)];
  const int old_pred = g_.mp[z(u)];
  const int old_succ = g_.ms[z(u)];
  if (!g_.apply(u, m.machine, m.index)) {
    make_tabu(u, m.machine, m.pred, m.succ);
    ++stall_;
    return true;
  }
  make_tabu(u, old_machine, old_pred, old_succ);
  ++moved_[z(u)];
  // An adjacent swap also forbids the partner from returning behind u.
  if (m.machine == old_machine && (m.pred == old_succ || m.succ == old_pred)) {
    int partner = m.pred == old_succ ? old_succ : old_pred;
    if (partner >= 0) {
      if (m.pred == old_succ) {
        make_tabu(partner, old_machine, u, m.succ);  // before: u, partner, m.succ
      } else {
        make_tabu(partner, old_machine, m.pred, u);  // before: m.pred, partner, u
      }
    }
  }
  record_improvement();
  return true;
}

void TabuWorker::perturb(int moves) {
  collect_all_ = true;
  for (int k = 0; k < moves; ++k) {
    all_moves_.clear();
    candidates_ = 0;
    critical_path();
    size_t start = 0;
    for (size_t i = 0; i < path_.size(); ++i) {
      bool block_end = i + 1 == path_.size() || g_.ms[z(path_[i])] != path_[i + 1];
      if (!block_end) continue;
      if (i > start) add_block_moves(start, i);
      start = i + 1;
    }
    if (model_->flexible) {
      for (int u : path_) add_reassign_moves(u);
    }
    if (all_moves_.empty()) break;
    const Move& m = all_moves_[rng_() % all_moves_.size()];
    g_.apply(m.op, m.machine, m.index);
  }
  collect_all_ = false;
}

void TabuWorker::relink(const Solution& from, const Solution& to) {
  Solution s = from;
  std::vector<int> ops;
  for (int o = 0; o < model_->n; ++o) ops.push_back(o);
  std::shuffle(ops.begin(), ops.end(), rng_);
  // Positions in the guide.
  std::vector<int> guide_pos(z(model_->n), 0);
  for (const auto& seq : to.seq) {
    for (size_t k = 0; k < seq.size(); ++k) guide_pos[z(seq[k])] = static_cast<int>(k);
  }
  int d = distance(from, to);
  int steps = d / 4 + static_cast<int>(rng_() % static_cast<uint64_t>(d / 4 + 1));
  for (int o : ops) {
    if (steps <= 0) break;
    int m_from = s.mach[z(o)];
    int m_to = to.mach[z(o)];
    auto& a = s.seq[z(m_from)];
    auto it = std::find(a.begin(), a.end(), o);
    int cur = static_cast<int>(it - a.begin());
    if (m_from == m_to && cur == guide_pos[z(o)]) continue;
    a.erase(it);
    auto& b = s.seq[z(m_to)];
    int idx = std::min<int>(guide_pos[z(o)], static_cast<int>(b.size()));
    b.insert(b.begin() + idx, o);
    s.mach[z(o)] = m_to;
    --steps;
  }
  make_feasible(*model_, s);
  g_.load(s);
}

void TabuWorker::restart() {
  offer_elite(phase_best_);
  for (auto& list : tabu_) list.clear();
  stall_ = 0;
  if (elite_.size() >= 2) {
    size_t a = rng_() % elite_.size();
    size_t b = rng_() % (elite_.size() - 1);
    if (b >= a) ++b;
    relink(elite_[a], elite_[b]);
  } else {
    // Too few elites to relink: back-jump to the best and shake it.
    g_.load(elite_.empty() ? best_ : elite_.front());
    perturb(3 + static_cast<int>(rng_() % 8));
  }
  g_.store(phase_best_);
  if (g_.makespan < best_.makespan) {
    g_.store(best_);
    best_time_ = clock_->steady_now();
  }
}

}  // namespace kerf::schedule::search::detail
