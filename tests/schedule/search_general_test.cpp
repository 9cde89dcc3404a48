#include <gtest/gtest.h>

#include <atomic>
#include <utility>
#include <vector>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/search/instance_io.h"
#include "kerf/schedule/search/tabu.h"
#include "kerf/schedule/validate.h"
#include "schedule/problem_builders.h"

namespace kerf::schedule::search {
namespace {

SearchOptions iteration_options(int64_t iterations, int threads = 1, uint64_t seed = 1) {
  SearchOptions o;
  o.time_limit_s = 0;
  o.iteration_limit = iterations;
  o.threads = threads;
  o.seed = seed;
  return o;
}

TEST(SearchGeneral, ImprovesARealShopProblemAndRespectsPinsAndFrozenOps) {
  int frozen_checked = 0;
  for (uint32_t seed = 1; seed <= 4; ++seed) {
    testing::RandomOptions ro;
    ro.jobs = 10;
    ro.machines = 4;
    Problem p = testing::random_problem(seed, ro);
    ASSERT_TRUE(validate(p).ok());
    // Also pin (without freezing) the first op of the last job to its first machine.
    Operation& pinned = p.operations[static_cast<size_t>(p.jobs.back().operations[0])];
    if (!pinned.frozen) pinned.pinned_machine = pinned.alternatives.back().machine;
    ASSERT_TRUE(validate(p).ok());
    Objective objective = Objective::shop_default();
    DispatchResult start = best_dispatch(p, objective);
    auto r = improve(p, objective, iteration_options(150, 1, seed));
    ASSERT_TRUE(r.ok()) << r.error().message;
    EXPECT_FALSE(r->fast_mode);
    CheckReport report = check(p, r->schedule);
    EXPECT_TRUE(report.ok()) << report.summary();
    EXPECT_LE(r->value, start.value);
    EXPECT_EQ(r->value, score(p, r->schedule, objective));
    for (size_t o = 0; o < p.operations.size(); ++o) {
      const Operation& op = p.operations[o];
      const Slot& s = r->schedule.slots[o];
      if (op.pinned_machine >= 0) EXPECT_EQ(s.machine, op.pinned_machine);
      if (op.frozen) {
        EXPECT_EQ(s.start, op.pinned_start);
        ++frozen_checked;
      }
    }
  }
  EXPECT_GT(frozen_checked, 0);
}

// A steady clock that moves 100 ms each time it is read, so a search "lasts" in proportion to
// how often it looks at the time.
class TickingClock final : public Clock {
 public:
  TimePoint now() const override { return TimePoint{}; }
  std::chrono::steady_clock::time_point steady_now() const override {
    return std::chrono::steady_clock::time_point{} +
           std::chrono::milliseconds(100 * ticks_.fetch_add(1));
  }

 private:
  mutable std::atomic<int64_t> ticks_{0};
};

TEST(SearchGeneral, ReportsProgressWhileSearchingNotOnlyAtTheEnd) {
  testing::RandomOptions ro;
  ro.jobs = 10;
  ro.machines = 4;
  Problem p = testing::random_problem(3, ro);
  TickingClock clock;
  SearchOptions options = iteration_options(640, 2, 1);
  options.clock = &clock;
  std::vector<std::pair<double, double>> reports;
  options.progress = [&](double pct, double best) { reports.emplace_back(pct, best); };
  auto r = improve(p, Objective::shop_default(), options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_GE(reports.size(), 3u);
  int before_end = 0;
  for (size_t k = 0; k < reports.size(); ++k) {
    if (reports[k].first < 100.0) ++before_end;
    if (k == 0) continue;
    EXPECT_GE(reports[k].first, reports[k - 1].first);
    EXPECT_LE(reports[k].second, reports[k - 1].second);
  }
  EXPECT_GE(before_end, 2);
  EXPECT_EQ(reports.back().first, 100.0);
  EXPECT_EQ(reports.back().second, r->value.values.front());
}

TEST(SearchGeneral, IsDeterministicForASeed) {
  testing::RandomOptions ro;
  ro.jobs = 8;
  Problem p = testing::random_problem(9, ro);
  auto a = improve(p, Objective::shop_default(), iteration_options(60, 2, 4));
  auto b = improve(p, Objective::shop_default(), iteration_options(60, 2, 4));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->schedule.slots, b->schedule.slots);
  EXPECT_EQ(a->value, b->value);
}

TEST(SearchGeneral, SolveRoutesByObjectiveAndProblem) {
  Problem bench = parse_jssp("2 2\n0 3 1 2\n1 4 0 1\n", "tiny").value();
  auto fast = solve(bench, Objective::makespan_only(), iteration_options(100));
  ASSERT_TRUE(fast.ok());
  EXPECT_TRUE(fast->fast_mode);
  EXPECT_EQ(fast->makespan, 6);  // j0 m0 [0,3), j1 m1 [0,4), j0 m1 [4,6), j1 m0 [4,5)
  auto general = solve(bench, Objective::shop_default(), iteration_options(20));
  ASSERT_TRUE(general.ok());
  EXPECT_FALSE(general->fast_mode);
  EXPECT_TRUE(check(bench, general->schedule).ok());
  Problem shop = testing::random_problem(2);
  auto shop_result = solve(shop, Objective::makespan_only(), iteration_options(30));
  ASSERT_TRUE(shop_result.ok());
  EXPECT_FALSE(shop_result->fast_mode);
  EXPECT_TRUE(check(shop, shop_result->schedule).ok());
}

TEST(SearchGeneral, RejectsInvalidProblems) {
  Problem p;
  p.operations.push_back(Operation{});  // no alternatives
  EXPECT_FALSE(improve(p, Objective::shop_default(), iteration_options(5)).ok());
}

}  // namespace
}  // namespace kerf::schedule::search
