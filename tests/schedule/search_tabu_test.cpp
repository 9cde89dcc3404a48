#include <gtest/gtest.h>

#include <atomic>
#include <random>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/search/instance_io.h"
#include "kerf/schedule/search/makespan_check.h"
#include "kerf/schedule/search/tabu.h"
#include "kerf/schedule/validate.h"
#include "support/bench_instances.h"

namespace kerf::schedule::search {
namespace {

using kerf::testing::kFt06;

// Brandimarte mk01 (optimum 40).
constexpr const char* kMk01 =
    "10\t6\t2\n"
    " 6  2 1 5 3 4 3 5 3 3 5 2 1 2 3 4 6 2 3 6 5 2 6 1 1 1 3 1 3 6 6 3 6 4 3\n"
    " 5  1 2 6 1 3 1 1 1 2 2 2 6 4 6 3 6 5 2 6 1 1\n"
    " 5  1 2 6 2 3 4 6 2 3 6 5 2 6 1 1 3 3 4 2 6 6 6 2 1 1 5 5\n"
    " 5  3 6 5 2 6 1 1 1 2 6 1 3 1 3 5 3 3 5 2 1 2 3 4 6 2\n"
    " 6  3 5 3 3 5 2 1 3 6 5 2 6 1 1 1 2 6 2 1 5 3 4 2 2 6 4 6 3 3 4 2 6 6 6\n"
    " 6  2 3 4 6 2 1 1 2 3 3 4 2 6 6 6 1 2 6 3 6 5 2 6 1 1 2 1 3 4 2\n"
    " 5  1 6 1 2 1 3 4 2 3 3 4 2 6 6 6 3 2 6 5 1 1 6 1 3 1\n"
    " 5  2 3 4 6 2 3 3 4 2 6 6 6 3 6 5 2 6 1 1 1 2 6 2 2 6 4 6\n"
    " 6  1 6 1 2 1 1 5 5 3 6 6 3 6 4 3 1 1 2 3 3 4 2 6 6 6 2 2 6 4 6\n"
    " 6  2 3 4 6 2 3 3 4 2 6 6 6 3 5 3 3 5 2 1 1 6 1 2 2 6 4 6 2 1 3 4 2\n";

// A seeded random 12x8 job shop (each job visits every machine once).
Problem random_jssp(uint32_t seed) {
  std::mt19937 rng(seed);
  std::string text = "12 8\n";
  for (int j = 0; j < 12; ++j) {
    std::vector<int> machines = {0, 1, 2, 3, 4, 5, 6, 7};
    std::shuffle(machines.begin(), machines.end(), rng);
    for (int m : machines) text += std::to_string(m) + " " + std::to_string(1 + rng() % 99) + " ";
    text += "\n";
  }
  return parse_jssp(text, "random").value();
}

SearchOptions iteration_options(int64_t iterations, int threads = 1, uint64_t seed = 1) {
  SearchOptions o;
  o.time_limit_s = 0;  // iteration budget only: deterministic and independent of machine load
  o.iteration_limit = iterations;
  o.threads = threads;
  o.seed = seed;
  return o;
}

TEST(SearchTabu, Ft06ReachesTheOptimumWithinAnIterationBudget) {
  Problem p = parse_jssp(kFt06, "ft06").value();
  ASSERT_TRUE(fast_makespan_supported(p));
  auto r = minimise_makespan(p, iteration_options(20000));
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->makespan, 55);
  EXPECT_TRUE(r->fast_mode);
  EXPECT_GE(r->start_makespan, r->makespan);
  CheckReport report = check(p, r->schedule);
  EXPECT_TRUE(report.ok()) << report.summary();
  EXPECT_EQ(schedule_makespan(r->schedule), 55);
}

TEST(SearchTabu, ResultsAreValidAndNeverWorseThanTheStart) {
  for (uint32_t seed = 1; seed <= 3; ++seed) {
    Problem p = random_jssp(seed);
    auto r = minimise_makespan(p, iteration_options(3000, 2, seed));
    ASSERT_TRUE(r.ok());
    CheckReport report = check(p, r->schedule);
    EXPECT_TRUE(report.ok()) << report.summary();
    EXPECT_TRUE(check_makespan_schedule(p, r->schedule).ok());
    EXPECT_EQ(schedule_makespan(r->schedule), r->makespan);
    EXPECT_LT(r->makespan, r->start_makespan) << "seed " << seed;
    DispatchResult d = best_dispatch(p, Objective::makespan_only());
    EXPECT_LT(r->makespan, schedule_makespan(d.schedule));
  }
}

TEST(SearchTabu, SameSeedAndThreadsGiveTheSameSchedule) {
  Problem p = random_jssp(11);
  auto a = minimise_makespan(p, iteration_options(6000, 2, 42));
  auto b = minimise_makespan(p, iteration_options(6000, 2, 42));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->makespan, b->makespan);
  EXPECT_EQ(a->iterations, b->iterations);
  EXPECT_EQ(a->schedule.slots, b->schedule.slots);
  auto single_a = minimise_makespan(p, iteration_options(6000, 1, 5));
  auto single_b = minimise_makespan(p, iteration_options(6000, 1, 5));
  ASSERT_TRUE(single_a.ok() && single_b.ok());
  EXPECT_EQ(single_a->schedule.slots, single_b->schedule.slots);
}

TEST(SearchTabu, FlexibleInstanceImprovesOverDispatchAndIsValid) {
  Problem p = parse_fjsp(kMk01, "mk01").value();
  DispatchResult d = best_dispatch(p, Objective::makespan_only());
  auto r = minimise_makespan(p, iteration_options(20000, 2, 3));
  ASSERT_TRUE(r.ok());
  CheckReport report = check(p, r->schedule);
  EXPECT_TRUE(report.ok()) << report.summary();
  EXPECT_LT(r->makespan, schedule_makespan(d.schedule));
  EXPECT_GE(r->makespan, 40);  // the proven optimum
  EXPECT_LE(r->makespan, 42);
}

TEST(SearchTabu, StopsAtTheTargetBound) {
  Problem p = parse_jssp(kFt06, "ft06").value();
  SearchOptions o = iteration_options(1'000'000);
  o.target = 55;
  auto r = minimise_makespan(p, o);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->makespan, 55);
  EXPECT_LT(r->iterations, 1'000'000);
}

TEST(SearchTabu, CancelFlagStopsAnUnboundedSearch) {
  Problem p = random_jssp(3);
  std::atomic<bool> cancel{true};
  SearchOptions o;
  o.time_limit_s = 1e9;  // would never end without the flag
  o.threads = 2;
  o.cancel = &cancel;
  auto r = minimise_makespan(p, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_TRUE(check(p, r->schedule).ok());
}

TEST(SearchTabu, CancelFromAnotherThreadStopsTheSearch) {
  Problem p = random_jssp(4);
  std::atomic<bool> cancel{false};
  SearchOptions o;
  o.time_limit_s = 1e9;
  o.cancel = &cancel;
  int calls = 0;
  // The progress callback runs at every epoch barrier: cancel after the second one.
  o.progress = [&](double, double) {
    if (++calls == 2) cancel = true;
  };
  auto r = minimise_makespan(p, o);
  ASSERT_TRUE(r.ok());
  EXPECT_TRUE(r->cancelled);
  EXPECT_GE(calls, 2);
}

TEST(SearchTabu, RejectsUnsupportedProblemsAndMissingBudgets) {
  Problem p = parse_jssp(kFt06, "ft06").value();
  SearchOptions none;
  none.time_limit_s = 0;
  EXPECT_FALSE(minimise_makespan(p, none).ok());
  p.operations[0].frozen = true;
  p.operations[0].pinned_machine = p.operations[0].alternatives[0].machine;
  p.operations[0].pinned_start = 0;
  std::string why;
  EXPECT_FALSE(fast_makespan_supported(p, &why));
  EXPECT_FALSE(why.empty());
  EXPECT_FALSE(minimise_makespan(p, iteration_options(10)).ok());
}

}  // namespace
}  // namespace kerf::schedule::search
