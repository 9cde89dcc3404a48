#include "kerf/schedule/checker.h"

#include <gtest/gtest.h>

#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_fs;
using testing::add_job;
using testing::add_machine;
using testing::add_op;
using testing::add_overlap;

bool has(const CheckReport& r, ViolationKind kind, int op) {
  for (const Violation& v : r.violations) {
    if (v.kind == kind && v.operation == op) return true;
  }
  return false;
}

// Two machines; m1 has windows [0,100) [200,300). Job J (release 5): a (m0) -> b (m1 or m0).
Problem base() {
  Problem p;
  Calendar c;
  c.always_open = false;
  c.windows = {{0, 100}, {200, 300}};
  p.calendars.push_back(c);
  add_machine(p, "m0");
  add_machine(p, "m1", 0);
  int j = add_job(p, "J", 5, 1000);
  int a = add_op(p, j, {{0, 2, 10, 0}});
  int b = add_op(p, j, {{1, 0, 50, 0}, {0, 1, 30, 0}});
  add_fs(p, a, b, 3);
  return p;
}

Schedule good() { return Schedule{{{0, 0, 5, 17, 2}, {1, 1, 20, 70, 0}}}; }

TEST(Checker, AcceptsValidSchedule) {
  CheckReport r = check(base(), good());
  EXPECT_TRUE(r.ok()) << r.summary();
}

TEST(Checker, SplittableAcrossBreakIsValidButNotUnsplittable) {
  Problem p = base();
  Schedule s = good();
  s.slots[1] = {1, 1, 80, 230, 0};  // 20 ticks in [80,100) + 30 in [200,230)
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
  p.operations[1].splittable = false;
  EXPECT_TRUE(has(check(p, s), ViolationKind::kCalendar, 1));
}

TEST(Checker, CalendarMismatches) {
  Problem p = base();
  Schedule s = good();
  s.slots[1] = {1, 1, 150, 250, 0};  // starts in a gap
  EXPECT_TRUE(has(check(p, s), ViolationKind::kCalendar, 1));
  s.slots[1] = {1, 1, 80, 240, 0};  // too long (60 working ticks)
  EXPECT_TRUE(has(check(p, s), ViolationKind::kCalendar, 1));
  s.slots[1] = {1, 1, 50, 200, 0};  // ends right after a gap: not tight
  EXPECT_TRUE(has(check(p, s), ViolationKind::kCalendar, 1));
  s.slots[0] = {0, 0, 5, 16, 2};  // always-open span must equal work
  EXPECT_TRUE(has(check(p, s), ViolationKind::kCalendar, 0));
}

TEST(Checker, MachineMustBeEligibleAndPinned) {
  Problem p = base();
  Schedule s = good();
  s.slots[0].machine = 1;
  EXPECT_TRUE(has(check(p, s), ViolationKind::kMachine, 0));
  s = good();
  p.operations[1].pinned_machine = 0;
  EXPECT_TRUE(has(check(p, s), ViolationKind::kMachine, 1));
}

TEST(Checker, MissingSlotsAndInfiniteTimes) {
  Problem p = base();
  Schedule s = good();
  s.slots.pop_back();
  EXPECT_TRUE(has(check(p, s), ViolationKind::kMissing, -1));
  s = good();
  s.slots[1].start = s.slots[1].end = kInfinity;
  EXPECT_TRUE(has(check(p, s), ViolationKind::kMissing, 1));
}

TEST(Checker, OverlapAndSetupSequence) {
  Problem p = base();
  Schedule s = good();
  s.slots[1] = {1, 0, 10, 41, 1};  // on m0 overlapping op 0 [5,17)
  CheckReport r = check(p, s);
  EXPECT_TRUE(has(r, ViolationKind::kOverlap, 1));
  s.slots[1] = {1, 0, 20, 50, 0};  // after op 0 on m0; no family -> needs its full setup 1
  r = check(p, s);
  EXPECT_TRUE(has(r, ViolationKind::kSetup, 1));
  EXPECT_FALSE(has(r, ViolationKind::kOverlap, 1));
  s.slots[1] = {1, 0, 20, 51, 1};
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
  p.operations[0].setup_family = 4;
  p.operations[1].setup_family = 4;
  s.slots[1] = {1, 0, 20, 50, 0};  // same family -> no setup
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
}

TEST(Checker, PrecedenceLagAndRelease) {
  Problem p = base();
  Schedule s = good();
  s.slots[1] = {1, 1, 19, 69, 0};  // needs 17 + 3
  EXPECT_TRUE(has(check(p, s), ViolationKind::kPrecedence, 1));
  s = good();
  s.slots[0] = {0, 0, 4, 16, 2};  // release 5
  EXPECT_TRUE(has(check(p, s), ViolationKind::kRelease, 0));
}

TEST(Checker, OverlapPrecedenceStartAndEndLags) {
  Problem p = base();
  p.precedences.clear();
  add_overlap(p, 0, 1, 4, 10);
  Schedule s = good();
  s.slots[1] = {1, 1, 9, 59, 0};  // start >= 5 + 4, end >= 17 + 10
  EXPECT_TRUE(check(p, s).ok()) << check(p, s).summary();
  s.slots[1] = {1, 1, 8, 58, 0};
  EXPECT_TRUE(has(check(p, s), ViolationKind::kPrecedence, 1));
  p.operations[1].alternatives[0].run = 5;
  s.slots[1] = {1, 1, 10, 15, 0};  // ends before 27
  EXPECT_TRUE(has(check(p, s), ViolationKind::kPrecedence, 1));
}

TEST(Checker, PinsAndFrozen) {
  Problem p = base();
  p.operations[0].pinned_start = 6;
  EXPECT_TRUE(has(check(p, good()), ViolationKind::kPinned, 0));
  p.operations[0].frozen = true;
  p.operations[0].pinned_machine = 0;
  EXPECT_TRUE(has(check(p, good()), ViolationKind::kFrozen, 0));
  p.operations[0].pinned_start = 5;
  EXPECT_TRUE(check(p, good()).ok());
}

TEST(Checker, SummaryNamesKindAndOp) {
  Problem p = base();
  Schedule s = good();
  s.slots[0].start = 4;
  s.slots[0].end = 16;
  std::string text = check(p, s).summary();
  EXPECT_NE(text.find("release op 0"), std::string::npos) << text;
}

}  // namespace
}  // namespace kerf::schedule
