#include "kerf/schedule/dispatch.h"

#include <gtest/gtest.h>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/validate.h"
#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_fs;
using testing::add_job;
using testing::add_machine;
using testing::add_op;
using testing::add_overlap;

TEST(Dispatch, RuleNamesRoundTrip) {
  for (DispatchRule r : kAllDispatchRules) {
    auto parsed = parse_dispatch_rule(dispatch_rule_name(r));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, r);
  }
  EXPECT_FALSE(parse_dispatch_rule("lifo").ok());
}

TEST(Dispatch, ChainOnOneMachineWithLag) {
  Problem p;
  add_machine(p, "m");
  int j = add_job(p, "J", 3);
  int a = add_op(p, j, {{0, 1, 4, 0}});
  int b = add_op(p, j, {{0, 0, 5, 0}});
  add_fs(p, a, b, 2);
  Schedule s = dispatch(p, DispatchRule::kEdd);
  EXPECT_EQ(s.slots[0], (Slot{0, 0, 3, 8, 1}));
  EXPECT_EQ(s.slots[1], (Slot{1, 0, 10, 15, 0}));
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Dispatch, PicksTheAlternativeThatFinishesEarliest) {
  Problem p;
  add_machine(p, "fast");
  add_machine(p, "slow");
  int j = add_job(p, "J");
  add_op(p, j, {{0, 0, 10, 0}, {1, 0, 15, 0}});
  int k = add_job(p, "K");
  add_op(p, k, {{0, 0, 10, 0}, {1, 0, 15, 0}});
  Schedule s = dispatch(p, DispatchRule::kFifo);
  EXPECT_EQ(s.slots[0].machine, 0);
  EXPECT_EQ(s.slots[1].machine, 1);  // 15 on slow beats 20 waiting for fast
  EXPECT_EQ(s.slots[1].end, 15);
}

TEST(Dispatch, EddAndSptOrderDiffer) {
  Problem p;
  add_machine(p, "m");
  int long_urgent = add_job(p, "urgent", 0, 20);
  add_op(p, long_urgent, {{0, 0, 20, 0}});
  int short_relaxed = add_job(p, "relaxed", 0, 100);
  add_op(p, short_relaxed, {{0, 0, 5, 0}});
  EXPECT_EQ(dispatch(p, DispatchRule::kEdd).slots[0].start, 0);
  EXPECT_EQ(dispatch(p, DispatchRule::kSpt).slots[1].start, 0);
}

TEST(Dispatch, SetupFamiliesSaveSetupWhenSequencedTogether) {
  Problem p;
  add_machine(p, "brake");
  int j = add_job(p, "J");
  add_op(p, j, {{0, 10, 5, 0}}, 1);
  int k = add_job(p, "K");
  add_op(p, k, {{0, 10, 5, 0}}, 1);
  Schedule s = dispatch(p, DispatchRule::kFifo);
  EXPECT_EQ(s.slots[0].setup + s.slots[1].setup, 10);
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Dispatch, OverlapPrecedenceStartsEarlyButEndsAfterEndLag) {
  Problem p;
  add_machine(p, "laser");
  add_machine(p, "brake");
  int j = add_job(p, "J");
  int a = add_op(p, j, {{0, 0, 100, 10}});
  int b = add_op(p, j, {{1, 0, 30, 3}});
  add_overlap(p, a, b, 10, 3);
  Schedule s = dispatch(p, DispatchRule::kEdd);
  // b may start at 10 but must end >= 103 -> starts at 73.
  EXPECT_EQ(s.slots[1].start, 73);
  EXPECT_EQ(s.slots[1].end, 103);
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Dispatch, UnsplittableWaitsForAWindowThatFits) {
  Problem p;
  p.calendars.push_back(testing::daily_calendar(3, 100, 0, 50));
  add_machine(p, "m", 0);
  int j = add_job(p, "J", 30);
  add_op(p, j, {{0, 0, 40, 0}}, -1, false);
  int k = add_job(p, "K", 30);
  add_op(p, k, {{0, 0, 40, 0}}, -1, true);
  Schedule s = dispatch(p, DispatchRule::kFifo);
  EXPECT_EQ(s.slots[0], (Slot{0, 0, 100, 140, 0}));
  EXPECT_EQ(s.slots[1], (Slot{1, 0, 140, 230, 0}));  // splittable: 140-150, 200-230
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Dispatch, FrozenOpPlacedFirstAndOthersFitAround) {
  Problem p;
  add_machine(p, "m");
  int j = add_job(p, "J");
  int frozen = add_op(p, j, {{0, 0, 10, 0}});
  p.operations[frozen].pinned_machine = 0;
  p.operations[frozen].pinned_start = 20;
  p.operations[frozen].frozen = true;
  int k = add_job(p, "K", 0, 5);
  add_op(p, k, {{0, 0, 15, 0}});  // fits before the frozen op
  int l = add_job(p, "L", 0, 6);
  add_op(p, l, {{0, 0, 15, 0}});  // does not: goes after it
  Schedule s = dispatch(p, DispatchRule::kEdd);
  EXPECT_EQ(s.slots[0].start, 20);
  EXPECT_EQ(s.slots[1].start, 0);
  EXPECT_EQ(s.slots[2].start, 30);
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Dispatch, OpThatFitsNoCalendarIsReportedByChecker) {
  Problem p;
  p.calendars.push_back(testing::daily_calendar(1, 100, 0, 50));
  add_machine(p, "m", 0);
  int j = add_job(p, "J");
  add_op(p, j, {{0, 0, 60, 0}}, -1, false);
  Schedule s = dispatch(p, DispatchRule::kEdd);
  EXPECT_EQ(s.slots[0].start, kInfinity);
  EXPECT_FALSE(check(p, s).ok());
}

TEST(Dispatch, BestDispatchIsNoWorseThanAnyRule) {
  Problem p = testing::random_problem(7);
  Objective objective = Objective::shop_default();
  DispatchResult best = best_dispatch(p, objective);
  for (DispatchRule r : kAllDispatchRules) {
    EXPECT_LE(best.value, score(p, dispatch(p, r), objective)) << dispatch_rule_name(r);
  }
  EXPECT_TRUE(check(p, best.schedule).ok());
}

TEST(Decode, ReproducesDispatchTimingFromItsSequences) {
  for (uint32_t seed = 1; seed <= 20; ++seed) {
    Problem p = testing::random_problem(seed);
    for (DispatchRule r : kAllDispatchRules) {
      Schedule s = dispatch(p, r);
      auto decoded = decode(p, machine_sequences(p, s));
      ASSERT_TRUE(decoded.ok()) << decoded.error().message;
      CheckReport report = check(p, *decoded);
      ASSERT_TRUE(report.ok()) << "seed " << seed << "\n" << report.summary();
      // Semi-active: decoding never delays an op relative to the dispatcher's placement.
      for (size_t o = 0; o < s.slots.size(); ++o) {
        EXPECT_LE(decoded->slots[o].end, s.slots[o].end) << "seed " << seed << " op " << o;
      }
    }
  }
}

TEST(Decode, RejectsMalformedAndDeadlockedSequences) {
  Problem p;
  add_machine(p, "m0");
  add_machine(p, "m1");
  int j = add_job(p, "J");
  int a = add_op(p, j, {{0, 0, 5, 0}});
  int b = add_op(p, j, {{0, 0, 5, 0}, {1, 0, 5, 0}});
  add_fs(p, a, b);
  EXPECT_EQ(decode(p, {{0}, {}}).error().code, ErrorCode::kInvalidArgument);       // b missing
  EXPECT_EQ(decode(p, {{0, 1}, {1}}).error().code, ErrorCode::kInvalidArgument);   // twice
  EXPECT_EQ(decode(p, {{}, {0, 1}}).error().code, ErrorCode::kInvalidArgument);    // ineligible
  EXPECT_EQ(decode(p, {{1, 0}, {}}).error().code, ErrorCode::kFailedPrecondition); // deadlock
  auto ok = decode(p, {{0}, {1}});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->slots[1], (Slot{1, 1, 5, 10, 0}));
}

// Fisher & Thompson ft06 (optimum 55): rows of (machine, duration) in routing order.
Problem ft06() {
  static const int kData[6][12] = {{2, 1, 0, 3, 1, 6, 3, 7, 5, 3, 4, 6},
                                   {1, 8, 2, 5, 4, 10, 5, 10, 0, 10, 3, 4},
                                   {2, 5, 3, 4, 5, 8, 0, 9, 1, 1, 4, 7},
                                   {1, 5, 0, 5, 2, 5, 3, 3, 4, 8, 5, 9},
                                   {2, 9, 1, 3, 4, 5, 5, 4, 0, 3, 3, 1},
                                   {1, 3, 3, 3, 5, 9, 0, 10, 4, 4, 2, 1}};
  Problem p;
  for (int m = 0; m < 6; ++m) add_machine(p, "M" + std::to_string(m));
  for (int j = 0; j < 6; ++j) {
    int job = add_job(p, "J" + std::to_string(j));
    int prev = -1;
    for (int k = 0; k < 6; ++k) {
      int op = add_op(p, job, {{kData[j][2 * k], 0, kData[j][2 * k + 1], 0}});
      if (prev >= 0) add_fs(p, prev, op);
      prev = op;
    }
  }
  return p;
}

TEST(Dispatch, Ft06BestRuleIsWithinThirtyPercentOfOptimum) {
  Problem p = ft06();
  ASSERT_TRUE(validate(p).ok());
  DispatchResult best = best_dispatch(p, Objective::makespan_only());
  EXPECT_TRUE(check(p, best.schedule).ok());
  EXPECT_GE(best.value.values[0], 55.0);
  EXPECT_LE(best.value.values[0], 71.0) << dispatch_rule_name(best.rule);
  RecordProperty("ft06_best_dispatch_makespan", static_cast<int>(best.value.values[0]));
}

TEST(DispatchProperty, EveryRuleOnRandomProblemsPassesTheChecker) {
  for (uint32_t seed = 1; seed <= 60; ++seed) {
    testing::RandomOptions options;
    options.jobs = 4 + static_cast<int>(seed % 9);
    options.machines = 2 + static_cast<int>(seed % 5);
    Problem p = testing::random_problem(seed, options);
    Status valid = validate(p);
    ASSERT_TRUE(valid.ok()) << valid.error().message;
    for (DispatchRule r : kAllDispatchRules) {
      Schedule s = dispatch(p, r);
      CheckReport report = check(p, s);
      ASSERT_TRUE(report.ok()) << "seed " << seed << " rule " << dispatch_rule_name(r) << "\n"
                               << report.summary();
    }
  }
}

TEST(DispatchProperty, TenThousandOpsScheduleAndCheck) {
  testing::RandomOptions options;
  options.jobs = 2000;
  options.machines = 25;
  options.max_ops_per_job = 9;
  Problem p = testing::random_problem(99, options);
  ASSERT_GE(p.operations.size(), 9000u);
  for (DispatchRule r : {DispatchRule::kAtc, DispatchRule::kFifo}) {
    Schedule s = dispatch(p, r);
    CheckReport report = check(p, s);
    EXPECT_TRUE(report.ok()) << report.summary();
  }
}

}  // namespace
}  // namespace kerf::schedule
