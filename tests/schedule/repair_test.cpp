#include "kerf/schedule/repair.h"

#include <gtest/gtest.h>

#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/validate.h"
#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_fs;
using testing::add_job;
using testing::add_machine;
using testing::add_op;

// Two interchangeable brakes; three jobs of one op each on brake 0 by preference.
Problem brakes() {
  Problem p;
  add_machine(p, "B1");
  add_machine(p, "B2");
  for (int j = 0; j < 3; ++j) {
    int job = add_job(p, "J" + std::to_string(j), 0, 100);
    add_op(p, job, {{0, 0, 10, 0}, {1, 0, 14, 0}});
  }
  return p;
}

TEST(Repair, NoDisruptionChangesNothing) {
  Problem p = testing::random_problem(3);
  Schedule s = dispatch(p, DispatchRule::kAtc);
  auto r = repair(p, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->ops_moved, 0);
  EXPECT_TRUE(r->changed_ops.empty());
  EXPECT_EQ(r->schedule.slots, s.slots);
}

TEST(Repair, MachineDownMovesOnlyHitOpsAndPrefersTheAlternative) {
  Problem p = brakes();
  Schedule s = dispatch(p, DispatchRule::kFifo);
  // FIFO: J0 B1 [0,10), J1 B2 [0,14), J2 B1 [10,20).
  ASSERT_EQ(s.slots[2], (Slot{2, 0, 10, 20, 0}));
  apply_machine_down(p, 0, {5, 60});
  ASSERT_TRUE(validate(p).ok());
  RepairOptions options;
  options.now = 5;
  auto r = repair(p, s, options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(check(p, r->schedule).ok()) << check(p, r->schedule).summary();
  // J0 was running at 5 (not frozen): its slot lost working time, so it is re-inserted; J2 too.
  EXPECT_EQ(r->schedule.slots[1], s.slots[1]);  // untouched
  EXPECT_EQ(r->schedule.slots[2].machine, 1);   // B2 free at 14 beats B1 back at 60
  EXPECT_EQ(r->reinserted_ops, (std::vector<int>{0, 2}));
  EXPECT_EQ(r->ops_moved, 2);
}

TEST(Repair, RushJobRightShiftsOthersOnly) {
  Problem p;
  add_machine(p, "L1");
  int a = add_job(p, "A", 0, 1000);
  int a1 = add_op(p, a, {{0, 0, 10, 0}});
  int a2 = add_op(p, a, {{0, 0, 10, 0}});
  add_fs(p, a1, a2);
  Schedule s = dispatch(p, DispatchRule::kEdd);
  int rush = add_job(p, "RUSH", 5, 20, 10.0);
  add_op(p, rush, {{0, 0, 10, 0}});
  RepairOptions options;
  options.now = 5;
  auto r = repair(p, s, options);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(check(p, r->schedule).ok()) << check(p, r->schedule).summary();
  EXPECT_EQ(r->schedule.slots[0], s.slots[0]);             // A1 [0,10) stays
  EXPECT_EQ(r->schedule.slots[2], (Slot{2, 0, 10, 20, 0}));  // rush next, on time
  EXPECT_EQ(r->schedule.slots[1].start, 20);                // A2 right-shifted
  EXPECT_EQ(r->ops_moved, 1);
  EXPECT_EQ(r->changed_ops, (std::vector<int>{1, 2}));
}

TEST(Repair, OpFinishingLateAndEarly) {
  Problem p;
  add_machine(p, "L1");
  add_machine(p, "B1");
  int a = add_job(p, "A");
  int cut = add_op(p, a, {{0, 2, 10, 0}});
  int bend = add_op(p, a, {{1, 0, 5, 0}});
  add_fs(p, cut, bend);
  int b = add_job(p, "B");
  add_op(p, b, {{0, 0, 4, 0}});
  Schedule s = dispatch(p, DispatchRule::kFifo);
  ASSERT_EQ(s.slots[0], (Slot{0, 0, 0, 12, 2}));
  Problem late = p;
  ASSERT_TRUE(apply_actual_end(late, s, cut, 20).ok());
  auto r = repair(late, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(check(late, r->schedule).ok()) << check(late, r->schedule).summary();
  EXPECT_EQ(r->schedule.slots[0].end, 20);
  EXPECT_EQ(r->schedule.slots[1].start, 20);
  EXPECT_EQ(r->schedule.slots[2].start, 20);
  Problem early = p;
  ASSERT_TRUE(apply_actual_end(early, s, cut, 8).ok());
  auto kept = repair(early, s);
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->schedule.slots[1].start, 12);  // no left shift by default
  RepairOptions left;
  left.allow_left_shift = true;
  auto shifted = repair(early, s, left);
  ASSERT_TRUE(shifted.ok());
  EXPECT_EQ(shifted->schedule.slots[1].start, 8);
  EXPECT_TRUE(check(early, shifted->schedule).ok()) << check(early, shifted->schedule).summary();
  EXPECT_FALSE(apply_actual_end(early, s, cut, 1).ok());
}

TEST(Repair, ScrapReworkOpIsInsertedBeforeSuccessors) {
  Problem p;
  add_machine(p, "L1");
  add_machine(p, "B1");
  int a = add_job(p, "A");
  int cut = add_op(p, a, {{0, 0, 10, 0}});
  int bend = add_op(p, a, {{1, 0, 5, 0}});
  add_fs(p, cut, bend);
  Schedule s = dispatch(p, DispatchRule::kFifo);
  int rework = add_rework_op(p, cut, {{0, 0, 3, 0}});
  ASSERT_TRUE(validate(p).ok());
  auto r = repair(p, s);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_TRUE(check(p, r->schedule).ok()) << check(p, r->schedule).summary();
  EXPECT_EQ(r->schedule.slots[static_cast<size_t>(rework)], (Slot{rework, 0, 10, 13, 0}));
  EXPECT_EQ(r->schedule.slots[1].start, 13);
  EXPECT_EQ(p.jobs[0].operations, (std::vector<int>{0, 2, 1}));
}

TEST(RepairProperty, RandomDisruptionsPassTheChecker) {
  for (uint32_t seed = 1; seed <= 200; ++seed) {
    Problem p = testing::random_problem(seed);
    Schedule s = dispatch(p, kAllDispatchRules[seed % 6]);
    ASSERT_TRUE(check(p, s).ok());
    Time makespan = 0;
    for (const Slot& slot : s.slots) makespan = std::max(makespan, slot.end);
    int machine = static_cast<int>(seed % p.machines.size());
    for (const Operation& op : p.operations) {
      // A frozen op on the broken machine would be an infeasible input: use another machine.
      if (op.pinned_machine == machine) machine = (machine + 1) % static_cast<int>(p.machines.size());
    }

    Problem down = p;
    apply_machine_down(down, machine, {makespan / 4, makespan / 2});
    RepairOptions options;
    options.now = makespan / 4;
    auto r = repair(down, s, options);
    ASSERT_TRUE(r.ok()) << "seed " << seed << ": " << r.error().message;
    ASSERT_TRUE(check(down, r->schedule).ok()) << "seed " << seed << "\n"
                                               << check(down, r->schedule).summary();
    for (size_t o = 0; o < s.slots.size(); ++o) {
      if (s.slots[o].end <= makespan / 4 && p.operations[o].pinned_start == kNoTime) {
        EXPECT_EQ(r->schedule.slots[o], s.slots[o]) << "seed " << seed << " op " << o;
      }
    }

    Problem rush = p;
    int job = add_job(rush, "rush", makespan / 3, makespan / 3 + 60, 5.0);
    int o1 = add_op(rush, job, {{0, 1, 20, 0}, {1, 2, 15, 0}});
    int o2 = add_op(rush, job, {{static_cast<int>(p.machines.size()) - 1, 0, 10, 0}});
    add_fs(rush, o1, o2, 3);
    auto rr = repair(rush, s, options);
    ASSERT_TRUE(rr.ok()) << "seed " << seed << ": " << rr.error().message;
    ASSERT_TRUE(check(rush, rr->schedule).ok()) << "seed " << seed << "\n"
                                                << check(rush, rr->schedule).summary();

    Problem rework = p;
    int victim = static_cast<int>(seed * 7 % p.operations.size());
    if (p.operations[static_cast<size_t>(victim)].job >= 0) {
      add_rework_op(rework, victim, p.operations[static_cast<size_t>(victim)].alternatives);
      ASSERT_TRUE(validate(rework).ok());
      auto rw = repair(rework, s);
      ASSERT_TRUE(rw.ok()) << "seed " << seed << ": " << rw.error().message;
      ASSERT_TRUE(check(rework, rw->schedule).ok()) << "seed " << seed << "\n"
                                                    << check(rework, rw->schedule).summary();
    }
  }
}

TEST(RepairProperty, FastInsertionForLargeRepairsPassesTheChecker) {
  for (uint32_t seed = 30; seed <= 230; ++seed) {
    Problem p = testing::random_problem(seed);
    Schedule s = dispatch(p, DispatchRule::kMwkr);
    Time makespan = 0;
    for (const Slot& slot : s.slots) makespan = std::max(makespan, slot.end);
    Problem down = p;
    apply_machine_down(down, 0, {makespan / 5, makespan / 2});
    apply_machine_down(down, 1, {makespan / 3, makespan});
    int job = add_job(down, "rush", 0, 100, 5.0);
    add_op(down, job, {{0, 1, 20, 0}, {1, 2, 15, 0}});
    RepairOptions options;
    options.now = makespan / 5;
    options.exact_budget = 0;
    auto r = repair(down, s, options);
    ASSERT_TRUE(r.ok()) << "seed " << seed << ": " << r.error().message;
    ASSERT_TRUE(check(down, r->schedule).ok()) << "seed " << seed << "\n"
                                               << check(down, r->schedule).summary();
    EXPECT_FALSE(r->reinserted_ops.empty());
  }
}

}  // namespace
}  // namespace kerf::schedule
