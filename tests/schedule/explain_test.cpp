#include "kerf/schedule/explain.h"

#include <gtest/gtest.h>

#include "kerf/schedule/dispatch.h"
#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_fs;
using testing::add_job;
using testing::add_machine;
using testing::add_op;

// Laser L1 (open) cuts for both jobs; brake B1 works [0,40) [60,200); B2 is a slower brake.
// A (due 1000): cut 0-20 on L1, bend on B1 20-40.
// B (due 50): cut 20-30 on L1 after A; its bend (30) waits for A's bend on B1 until 40, then
// for the break [40,60): bends [60,90) -> 40 ticks late.
Problem shop() {
  Problem p;
  p.departments = {"cut", "bend"};
  Calendar c;
  c.always_open = false;
  c.windows = {{0, 40}, {60, 200}};
  p.calendars.push_back(c);
  add_machine(p, "L1", -1, -1, 0);
  add_machine(p, "B1", 0, -1, 1);
  add_machine(p, "B2", -1, -1, 1);
  int a = add_job(p, "A", 0, 1000);
  int a1 = add_op(p, a, {{0, 0, 20, 0}});
  int a2 = add_op(p, a, {{1, 0, 20, 0}, {2, 0, 45, 0}});
  add_fs(p, a1, a2);
  int b = add_job(p, "B", 0, 50);
  int b1 = add_op(p, b, {{0, 0, 10, 0}});
  int b2 = add_op(p, b, {{1, 0, 30, 0}, {2, 0, 35, 0}});
  add_fs(p, b1, b2);
  return p;
}

Schedule shop_schedule() {
  return Schedule{{{0, 0, 0, 20, 0}, {1, 1, 20, 40, 0}, {2, 0, 20, 30, 0}, {3, 1, 60, 90, 0}}};
}

TEST(Explain, CriticalChainAndFixes) {
  Problem p = shop();
  Schedule s = shop_schedule();
  auto late = explain_late_jobs(p, s);
  ASSERT_EQ(late.size(), 1u);
  const LateJobExplanation& e = late[0];
  EXPECT_EQ(e.job, 1);
  EXPECT_EQ(e.tardiness, 40);
  ASSERT_GE(e.chain.size(), 3u);
  // B's bend waited for A's bend on B1 (ends 40) and then for the break (20 ticks).
  EXPECT_EQ(e.chain[0].operation, 3);
  EXPECT_EQ(e.chain[0].binding, Binding::kMachine);
  EXPECT_EQ(e.chain[0].blocking_op, 1);
  EXPECT_EQ(e.chain[0].calendar_wait, 20);
  EXPECT_EQ(e.chain[1].operation, 1);
  EXPECT_EQ(e.chain[1].binding, Binding::kPrecedence);
  EXPECT_EQ(e.chain[2].operation, 0);
  EXPECT_EQ(e.chain[2].binding, Binding::kOrigin);
  // Fixes: B2 is free: bend there ends 30 + 35 = 65 (25 earlier); overtime 20 on B1; split.
  ASSERT_EQ(e.fixes.size(), 3u);
  EXPECT_EQ(e.fixes[0].kind, FixKind::kAlternateMachine);
  EXPECT_EQ(e.fixes[0].machine, 2);
  EXPECT_EQ(e.fixes[0].ticks, 65);
  EXPECT_EQ(e.fixes[0].estimated_gain, 25);
  EXPECT_EQ(e.fixes[1].kind, FixKind::kOvertime);
  EXPECT_EQ(e.fixes[1].machine, 1);
  EXPECT_EQ(e.fixes[1].ticks, 20);
  EXPECT_EQ(e.fixes[2].kind, FixKind::kSplitLot);
  EXPECT_EQ(e.fixes[2].operation, 3);
  EXPECT_EQ(e.fixes[2].ticks, 15);
  EXPECT_NE(e.text.find("40 ticks late"), std::string::npos) << e.text;
}

TEST(Explain, LoadReportPerBucketAndDepartment) {
  Problem p = shop();
  LoadReport r = load_report(p, shop_schedule(), 0, 50, 2);
  ASSERT_EQ(r.buckets.size(), 2u);
  EXPECT_EQ(r.machine_load[0], (std::vector<Time>{30, 0}));
  EXPECT_EQ(r.machine_capacity[0], (std::vector<Time>{50, 50}));
  EXPECT_EQ(r.machine_load[1], (std::vector<Time>{20, 30}));      // [20,40) and [60,90)
  EXPECT_EQ(r.machine_capacity[1], (std::vector<Time>{40, 40}));  // [0,40) and [60,100)
  EXPECT_EQ(r.department_load[1], (std::vector<Time>{20, 30}));
  EXPECT_EQ(r.department_capacity[1], (std::vector<Time>{90, 90}));
}

TEST(Explain, BottleneckRanking) {
  Problem p = shop();
  auto b = bottlenecks(p, shop_schedule(), {0, 100});
  ASSERT_EQ(b.size(), 3u);
  EXPECT_EQ(b[0].machine, 1);  // B1: 50 of 80
  EXPECT_DOUBLE_EQ(b[0].utilisation, 50.0 / 80.0);
  EXPECT_EQ(b[1].machine, 0);  // L1: 30 of 100
  EXPECT_EQ(b[2].machine, 2);
  EXPECT_EQ(b[2].operations, 0);
}

TEST(Explain, OnTimeJobHasNoFixes) {
  Problem p = shop();
  LateJobExplanation e = explain_job(p, shop_schedule(), 0);
  EXPECT_EQ(e.tardiness, 0);
  EXPECT_TRUE(e.fixes.empty());
}

}  // namespace
}  // namespace kerf::schedule
