#include "kerf/schedule/validate.h"

#include <gtest/gtest.h>

#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_fs;
using testing::add_job;
using testing::add_machine;
using testing::add_op;

bool has_field(const Status& s, const std::string& field, const std::string& message = "") {
  if (s.ok()) return false;
  for (const FieldError& f : s.error().fields) {
    if (f.field == field && (message.empty() || f.message == message)) return true;
  }
  return false;
}

Problem small() {
  Problem p;
  add_machine(p, "laser");
  add_machine(p, "brake");
  int j = add_job(p, "J1", 0, 100);
  int a = add_op(p, j, {{0, 1, 5, 0}});
  int b = add_op(p, j, {{1, 1, 5, 0}, {0, 2, 6, 0}});
  add_fs(p, a, b);
  return p;
}

TEST(Validate, AcceptsWellFormedProblem) {
  Status s = validate(small());
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
}

TEST(Validate, EmptyAlternativesNamesTheOperation) {
  Problem p = small();
  p.operations[1].alternatives.clear();
  Status s = validate(p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
  EXPECT_TRUE(has_field(s, "operations/1/alternatives", "empty"));
}

TEST(Validate, IndicesOutOfRange) {
  Problem p = small();
  p.operations[0].alternatives[0].machine = 7;
  p.machines[1].calendar = 3;
  p.precedences.push_back({0, 9, PrecedenceKind::kFinishStart, 0, 0});
  Status s = validate(p);
  EXPECT_TRUE(has_field(s, "operations/0/alternatives/0/machine", "out of range"));
  EXPECT_TRUE(has_field(s, "machines/1/calendar", "out of range"));
  EXPECT_TRUE(has_field(s, "precedences/1/to", "out of range"));
}

TEST(Validate, NegativeDurationsAndDuplicateMachines) {
  Problem p = small();
  p.operations[1].alternatives[1].run = -1;
  p.operations[1].alternatives.push_back({1, 0, 3, 0});
  Status s = validate(p);
  EXPECT_TRUE(has_field(s, "operations/1/alternatives/1/run", "negative"));
  EXPECT_TRUE(has_field(s, "operations/1/alternatives/2/machine", "duplicate machine"));
}

TEST(Validate, DetectsPrecedenceCycle) {
  Problem p = small();
  add_fs(p, 1, 0);
  Status s = validate(p);
  ASSERT_FALSE(s.ok());
  EXPECT_TRUE(has_field(s, "operations/0", "on a precedence cycle") ||
              has_field(s, "operations/1", "on a precedence cycle"));
  Problem q = small();
  add_fs(q, 1, 1);
  EXPECT_TRUE(has_field(validate(q), "precedences/1", "self loop"));
}

TEST(Validate, PinnedMachineMustBeAnAlternativeAndFrozenNeedsPins) {
  Problem p = small();
  p.operations[0].pinned_machine = 1;
  p.operations[1].frozen = true;
  Status s = validate(p);
  EXPECT_TRUE(has_field(s, "operations/0/pinned_machine"));
  EXPECT_TRUE(has_field(s, "operations/1/frozen"));
}

TEST(Validate, CalendarsSortedAndDisjoint) {
  Problem p = small();
  Calendar c;
  c.always_open = false;
  c.windows = {{0, 10}, {5, 20}, {30, 30}};
  p.calendars.push_back(c);
  Status s = validate(p);
  EXPECT_TRUE(has_field(s, "calendars/0/windows/1", "windows must be sorted and disjoint"));
  EXPECT_TRUE(has_field(s, "calendars/0/windows/2", "empty or reversed window"));
}

TEST(Validate, JobOperationListsMustMatchOwners) {
  Problem p = small();
  p.jobs[0].operations = {0};
  EXPECT_TRUE(has_field(validate(p), "operations/1/job", "not listed in the job's operations"));
  Problem q = small();
  add_job(q, "J2");
  q.jobs[1].operations = {1};
  EXPECT_TRUE(has_field(validate(q), "jobs/1/operations/0", "operation listed twice") ||
              has_field(validate(q), "jobs/1/operations/0", "operation belongs to another job"));
}

TEST(Validate, SetupMatrixShape) {
  Problem p = small();
  p.setup_matrices.push_back(SetupMatrix{2, {0, 1, 2}});
  p.machines[0].setup_matrix = 0;
  EXPECT_TRUE(has_field(validate(p), "setup_matrices/0/times"));
}

}  // namespace
}  // namespace kerf::schedule
