#include "kerf/schedule/metrics.h"

#include <gtest/gtest.h>

#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_job;
using testing::add_machine;
using testing::add_op;

// m0 always open (dept 0), m1 works [0,50) [100,150) (dept 1).
Problem two_jobs() {
  Problem p;
  p.departments = {"laser", "bend"};
  Calendar c;
  c.always_open = false;
  c.windows = {{0, 50}, {100, 150}};
  p.calendars.push_back(c);
  add_machine(p, "m0", -1, -1, 0);
  add_machine(p, "m1", 0, -1, 1);
  int a = add_job(p, "A", 0, 30, 2.0);
  add_op(p, a, {{0, 2, 18, 0}});
  add_op(p, a, {{1, 0, 20, 0}});
  int b = add_job(p, "B", 10, 200, 1.0);
  add_op(p, b, {{1, 5, 25, 0}});
  return p;
}

TEST(Metrics, TardinessFlowSetupAndUtilisation) {
  Problem p = two_jobs();
  // A: op0 m0 [0,20) setup 2, op1 m1 [20,40). B: op2 m1 [40,110) = 10 + 20 working ticks.
  Schedule s{{{0, 0, 0, 20, 2}, {1, 1, 20, 40, 0}, {2, 1, 40, 130, 5}}};
  Metrics m = evaluate(p, s);
  EXPECT_EQ(m.makespan, 130);
  EXPECT_EQ(m.job_completion, (std::vector<Time>{40, 130}));
  EXPECT_EQ(m.job_tardiness, (std::vector<Time>{10, 0}));
  EXPECT_EQ(m.total_tardiness, 10);
  EXPECT_DOUBLE_EQ(m.weighted_tardiness, 20.0);
  EXPECT_EQ(m.late_jobs, 1);
  EXPECT_DOUBLE_EQ(m.on_time_rate, 0.5);
  EXPECT_EQ(m.total_flow_time, 40 + 120);
  EXPECT_EQ(m.total_setup, 7);
  // m0: 20 busy of 130 open; m1: busy 20 + (10 + 30) = 60 of 50 + 30 = 80 working ticks.
  EXPECT_DOUBLE_EQ(m.machine_utilisation[0], 20.0 / 130.0);
  EXPECT_DOUBLE_EQ(m.machine_utilisation[1], 60.0 / 80.0);
  EXPECT_DOUBLE_EQ(m.department_utilisation[1], 60.0 / 80.0);
  Metrics w = evaluate(p, s, {0, 50});
  EXPECT_DOUBLE_EQ(w.machine_utilisation[1], 30.0 / 50.0);
  EXPECT_DOUBLE_EQ(w.machine_utilisation[0], 20.0 / 50.0);
}

// Unplaced operations end at kInfinity: totals over several of them are capped there instead of
// overflowing (UBSan caught the overflow in a dispatch run of the overloaded demo shop).
TEST(Metrics, UnplacedOperationsCapTheTotalsAtInfinity) {
  Problem p = two_jobs();
  Schedule s{{{0, 0, 0, 20, 2}, {1, 1, kInfinity, kInfinity, 0}, {2, 1, kInfinity, kInfinity, 5}}};
  Metrics m = evaluate(p, s);
  EXPECT_EQ(m.late_jobs, 2);
  EXPECT_EQ(m.job_completion, (std::vector<Time>{kInfinity, kInfinity}));
  EXPECT_EQ(m.total_tardiness, kInfinity);
  EXPECT_EQ(m.total_flow_time, kInfinity);
  // One unplaced job still scores better than two.
  Schedule one{{{0, 0, 0, 20, 2}, {1, 1, 20, 40, 0}, {2, 1, kInfinity, kInfinity, 5}}};
  const Objective shop = Objective::shop_default();
  EXPECT_LT(score(p, one, shop), score(p, s, shop));
}

TEST(Metrics, ObjectiveIsLexicographic) {
  Problem p = two_jobs();
  Schedule late{{{0, 0, 0, 20, 2}, {1, 1, 20, 40, 0}, {2, 1, 40, 130, 5}}};
  Schedule later{{{0, 0, 0, 20, 2}, {1, 1, 20, 45, 0}, {2, 1, 45, 135, 5}}};
  Objective shop = Objective::shop_default();
  ObjectiveValue a = score(p, late, shop);
  ObjectiveValue b = score(p, later, shop);
  EXPECT_EQ(a.values, (std::vector<double>{1, 20, 160, 7}));
  EXPECT_LT(a, b);
  EXPECT_EQ(score(p, late, Objective::makespan_only()).values, (std::vector<double>{130}));
  ObjectiveValue x{{0, 100}}, y{{1, 0}};
  EXPECT_LT(x, y);  // fewer late jobs beats any tardiness
}

TEST(Metrics, CriterionNames) {
  for (Criterion c : Objective::shop_default().criteria) {
    auto parsed = parse_criterion(criterion_name(c));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, c);
  }
  EXPECT_FALSE(parse_criterion("profit").ok());
}

}  // namespace
}  // namespace kerf::schedule
