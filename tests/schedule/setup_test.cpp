#include "kerf/schedule/setup.h"

#include <gtest/gtest.h>

#include "schedule/problem_builders.h"

namespace kerf::schedule {
namespace {

using testing::add_job;
using testing::add_machine;
using testing::add_op;

TEST(Setup, FamilyMatrixAndFallback) {
  Problem p;
  p.setup_matrices.push_back(SetupMatrix{2, {0, 7, 9, 0}});
  int with_matrix = add_machine(p, "brake", -1, 0);
  int plain = add_machine(p, "laser");
  int j = add_job(p, "J");
  int a = add_op(p, j, {{with_matrix, 5, 10, 0}, {plain, 4, 10, 0}}, 0);
  int b = add_op(p, j, {{with_matrix, 5, 10, 0}, {plain, 4, 10, 0}}, 1);
  int c = add_op(p, j, {{with_matrix, 5, 10, 0}, {plain, 4, 10, 0}}, 0);
  int none = add_op(p, j, {{with_matrix, 3, 10, 0}}, -1);

  EXPECT_EQ(setup_time(p, with_matrix, -1, a), 5);   // first op: own setup
  EXPECT_EQ(setup_time(p, with_matrix, a, c), 0);    // same family
  EXPECT_EQ(setup_time(p, with_matrix, a, b), 7);    // matrix 0 -> 1
  EXPECT_EQ(setup_time(p, with_matrix, b, a), 9);    // matrix 1 -> 0
  EXPECT_EQ(setup_time(p, plain, a, b), 4);          // no matrix: alternative's setup
  EXPECT_EQ(setup_time(p, plain, a, c), 0);          // same family without matrix
  EXPECT_EQ(setup_time(p, with_matrix, a, none), 3); // unknown family: own setup
  EXPECT_EQ(setup_time(p, with_matrix, none, none), 3);  // -1 is never "same family"
  EXPECT_EQ(find_alternative(p, none, plain), nullptr);
  EXPECT_EQ(setup_time(p, plain, -1, none), 0);
}

TEST(Setup, FamilyOutsideMatrixFallsBack) {
  Problem p;
  p.setup_matrices.push_back(SetupMatrix{1, {0}});
  int m = add_machine(p, "brake", -1, 0);
  int j = add_job(p, "J");
  int a = add_op(p, j, {{m, 2, 1, 0}}, 0);
  int b = add_op(p, j, {{m, 6, 1, 0}}, 4);
  EXPECT_EQ(setup_time(p, m, a, b), 6);
}

}  // namespace
}  // namespace kerf::schedule
