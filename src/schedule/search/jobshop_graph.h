// Internal: compact (flexible) job-shop model and its disjunctive graph with heads and tails.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule::search::detail {

struct Alt {
  int machine = 0;
  Time duration = 0;
};

// Immutable per-instance data shared by all threads.
struct JobShopModel {
  int n = 0;  // operations
  int m = 0;  // machines
  int jobs = 0;
  bool flexible = false;
  std::vector<int> jp, js;    // job predecessor / successor (-1 = none)
  std::vector<Time> release;  // earliest start of each op (job release on first ops)
  std::vector<std::vector<Alt>> alts;
  std::vector<int> job_of;
};

// Duration of op `o` on its fastest eligible machine.
Time shortest_duration(const JobShopModel& model, int o);

// Builds the model, or explains why the problem does not fit the fast engine.
Result<JobShopModel> build_model(const Problem& problem);

// A solution independent of the graph: machine of each op and per-machine sequences.
struct Solution {
  std::vector<int> mach;
  std::vector<std::vector<int>> seq;
  Time makespan = kInfinity;
  uint64_t hash() const;
};

// Positional distance between two solutions (ops at different positions or machines).
int distance(const Solution& a, const Solution& b);

// Mutable disjunctive graph over one Solution.
class Graph {
 public:
  explicit Graph(const JobShopModel& model);

  // Loads `s` (mach/seq) and evaluates; false when the sequences are cyclic.
  bool load(const Solution& s);
  // Recomputes topological order, heads r (start times) and tails q (longest path from the end
  // of an op to the sink); false on a cycle.
  bool evaluate();
  // Copies the current assignment and sequences out.
  void store(Solution& s) const;

  // Removes `op` from its machine and inserts it on `machine` at `index` of the sequence without
  // `op`. Updates links of the touched machines; call evaluate() afterwards.
  void move(int op, int machine, int index);

  // move() plus an incremental update of the topological order (Pearce-Kelly reordering of the
  // affected window), heads, tails and makespan. Returns false, with the graph as before, when
  // the move would close a cycle.
  bool apply(int op, int machine, int index);

  Time job_head(int o) const {
    int a = model_->jp[o];
    Time h = model_->release[o];
    if (a >= 0 && r[a] + p[a] > h) h = r[a] + p[a];
    return h;
  }
  Time job_tail(int o) const {
    int b = model_->js[o];
    return b >= 0 ? q[b] + p[b] : 0;
  }
  Time duration_on(int o, int machine) const;

  const JobShopModel& model() const { return *model_; }

  std::vector<int> mach, pos, mp, ms;
  std::vector<Time> p, r, q;
  std::vector<std::vector<int>> seq;
  std::vector<int> topo, topo_index;
  Time makespan = 0;

 private:
  void relink(int machine);
  // Restores a topological order after adding arc x -> y with topo_index[x] > topo_index[y];
  // false when y reaches x (a cycle). Reordered positions widen [lo, hi].
  bool reorder(int x, int y, int& lo, int& hi);
  void update_times(int lo, int hi);
  const JobShopModel* model_;
  std::vector<int> indeg_;
  std::vector<Time> prefix_max_;  // max end over topo[0..k]
  std::vector<uint32_t> mark_;
  uint32_t stamp_ = 0;
  std::vector<int> fwd_, bwd_, stack_, slots_;
};

// Greedy Giffler-Thompson style construction; `rule` 0 = most work remaining, 1 = shortest
// processing time, 2 = most operations remaining, 3 = earliest completion.
Solution construct(const JobShopModel& model, int rule);
inline constexpr int kConstructRules = 4;
const char* construct_rule_name(int rule);

// Re-sequences `s` into an acyclic solution as close as possible to its (possibly cyclic)
// machine orders: ops are appended in machine order while job order allows, a deadlock is broken
// by taking the job-ready op nearest the front of its machine.
void make_feasible(const JobShopModel& model, Solution& s);

}  // namespace kerf::schedule::search::detail
