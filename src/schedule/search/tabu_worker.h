// Internal: one seeded tabu-search thread over the (flexible) job-shop graph.
#pragma once

#include <cstdint>
#include <functional>
#include <random>
#include <vector>

#include "jobshop_graph.h"
#include "kerf/core/clock.h"

namespace kerf::schedule::search::detail {

struct Move {
  int op = -1;
  int machine = -1;
  int index = -1;  // insertion index in the machine sequence without `op`
  int pred = -1;   // machine predecessor / successor of `op` after the move
  int succ = -1;
  Time estimate = 0;  // estimated makespan after the move
  Time score = 0;     // estimate plus the long-term frequency penalty; lower is chosen
};

class TabuWorker {
 public:
  TabuWorker(const JobShopModel& model, uint64_t seed, const Solution& start, const Clock& clock);

  // Runs up to `iterations` iterations; polls `should_stop` every 64 iterations and stops when
  // the best makespan reaches `target` or the current solution is provably optimal.
  // Returns the iterations done.
  int64_t run(int64_t iterations, const std::function<bool()>& should_stop, Time target);

  // Offers a solution (e.g. another thread's best) to the elite pool.
  void offer_elite(const Solution& s);

  const Solution& best() const { return best_; }
  Time best_makespan() const { return best_.makespan; }
  std::chrono::steady_clock::time_point best_time() const { return best_time_; }
  bool proven_optimal() const { return optimal_; }

 private:
  bool step();
  void critical_path();
  void add_block_moves(size_t first, size_t last);
  void add_reassign_moves(int u);
  void consider(Move m);
  Time score(const Move& m) const;
  Time chain_estimate(const int* ops, int len, int moved, Time moved_p, Time head_before,
                      Time tail_after);
  bool is_tabu(const Move& m) const;
  void make_tabu(int op, int machine, int pred, int succ);
  void restart();
  void perturb(int moves);
  void relink(const Solution& from, const Solution& to);
  void record_improvement();

  const JobShopModel* model_;
  const Clock* clock_;
  Graph g_;
  std::mt19937_64 rng_;
  Solution best_, phase_best_;
  std::vector<Solution> elite_;
  std::chrono::steady_clock::time_point best_time_;
  bool optimal_ = false;
  int64_t iter_ = 0;
  int64_t stall_ = 0;
  int tenure_base_ = 10;
  std::vector<int64_t> moved_;  // times each op was moved (long-term memory)
  double penalty_unit_ = 0;     // kPenaltyWeight x mean shortest duration
  // Candidate selection state for the current iteration.
  std::vector<int> path_;
  std::vector<int> chain_;
  std::vector<Time> chain_r_;
  Move best_move_, best_tabu_move_;
  int best_ties_ = 0, tabu_ties_ = 0, candidates_ = 0;
  bool collect_all_ = false;
  std::vector<Move> all_moves_;
  struct TabuEntry {
    int machine;
    int pred;
    int succ;
    int64_t expire;
  };
  std::vector<std::vector<TabuEntry>> tabu_;
};

}  // namespace kerf::schedule::search::detail
