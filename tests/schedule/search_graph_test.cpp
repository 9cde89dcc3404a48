// White-box tests of the search's disjunctive graph: the incremental update after a move must
// give exactly the heads, tails, makespan and a valid topological order that a full evaluation
// gives, and a move closing a cycle must leave the graph untouched.
#include <gtest/gtest.h>

#include <random>
#include <string>

#include "kerf/schedule/search/instance_io.h"
#include "schedule/search/jobshop_graph.h"

namespace kerf::schedule::search::detail {
namespace {

// A seeded random job shop; with `flexible` every op gets one or two extra machines.
Problem random_shop(uint32_t seed, bool flexible) {
  std::mt19937 rng(seed);
  const int jobs = 8, machines = 6;
  if (!flexible) {
    std::string text = std::to_string(jobs) + " " + std::to_string(machines) + "\n";
    for (int j = 0; j < jobs; ++j) {
      std::vector<int> order = {0, 1, 2, 3, 4, 5};
      std::shuffle(order.begin(), order.end(), rng);
      for (int m : order) text += std::to_string(m) + " " + std::to_string(1 + rng() % 50) + " ";
      text += "\n";
    }
    return parse_jssp(text, "random").value();
  }
  std::string text = std::to_string(jobs) + " " + std::to_string(machines) + " 2\n";
  for (int j = 0; j < jobs; ++j) {
    text += "5";
    for (int o = 0; o < 5; ++o) {
      std::vector<int> order = {1, 2, 3, 4, 5, 6};
      std::shuffle(order.begin(), order.end(), rng);
      const int k = 1 + static_cast<int>(rng() % 3);
      text += " " + std::to_string(k);
      for (int a = 0; a < k; ++a)
        text += " " + std::to_string(order[static_cast<size_t>(a)]) + " " +
                std::to_string(1 + rng() % 40);
    }
    text += "\n";
  }
  return parse_fjsp(text, "random").value();
}

// Heads, tails and makespan of `g` equal those of a fresh full evaluation, and its topological
// order respects every arc.
void expect_consistent(const JobShopModel& model, const Graph& g) {
  Solution s;
  g.store(s);
  Graph fresh(model);
  ASSERT_TRUE(fresh.load(s));
  EXPECT_EQ(g.makespan, fresh.makespan);
  EXPECT_EQ(g.r, fresh.r);
  EXPECT_EQ(g.q, fresh.q);
  for (int o = 0; o < model.n; ++o) {
    const size_t k = static_cast<size_t>(o);
    EXPECT_EQ(g.topo[static_cast<size_t>(g.topo_index[k])], o);
    if (model.js[k] >= 0) {
      EXPECT_LT(g.topo_index[k], g.topo_index[static_cast<size_t>(model.js[k])]);
    }
    if (g.ms[k] >= 0) {
      EXPECT_LT(g.topo_index[k], g.topo_index[static_cast<size_t>(g.ms[k])]);
    }
  }
}

class IncrementalGraph : public ::testing::TestWithParam<bool> {};

TEST_P(IncrementalGraph, ApplyMatchesAFullEvaluationAndRefusesCycles) {
  const bool flexible = GetParam();
  int refused = 0, applied = 0;
  for (uint32_t seed = 1; seed <= 6; ++seed) {
    auto model = build_model(random_shop(seed, flexible));
    ASSERT_TRUE(model.ok());
    Graph g(*model);
    ASSERT_TRUE(g.load(construct(*model, 0)));
    std::mt19937 rng(seed);
    for (int step = 0; step < 400; ++step) {
      const int op = static_cast<int>(rng() % static_cast<uint32_t>(model->n));
      const auto& alts = model->alts[static_cast<size_t>(op)];
      const int machine = alts[rng() % alts.size()].machine;
      int len = static_cast<int>(g.seq[static_cast<size_t>(machine)].size());
      if (machine == g.mach[static_cast<size_t>(op)]) --len;
      const int index = static_cast<int>(rng() % static_cast<uint32_t>(len + 1));
      Solution before;
      g.store(before);
      const auto r_before = g.r;
      if (g.apply(op, machine, index)) {
        ++applied;
      } else {
        ++refused;
        Solution after;
        g.store(after);
        EXPECT_EQ(after.seq, before.seq);
        EXPECT_EQ(g.r, r_before);
        // The refused move really closes a cycle.
        Graph probe(*model);
        probe.load(before);
        probe.move(op, machine, index);
        EXPECT_FALSE(probe.evaluate());
      }
      expect_consistent(*model, g);
      if (testing::Test::HasFailure()) return;
    }
  }
  EXPECT_GT(applied, 100);
  EXPECT_GT(refused, 0);
}

INSTANTIATE_TEST_SUITE_P(Shops, IncrementalGraph, ::testing::Values(false, true),
                         [](const auto& info) { return info.param ? "Flexible" : "JobShop"; });

}  // namespace
}  // namespace kerf::schedule::search::detail
