#include "kerf/model/operation.h"

#include <gtest/gtest.h>

#include <map>
#include <utility>

#include "field_matchers.h"

namespace kerf::model {
namespace {

using testing::fields_of;
using S = OperationStatus;
using A = OperationAction;
using Fields = std::vector<std::string>;

TEST(OperationLifecycle, EveryStatusActionPairFollowsTheTable) {
  const std::map<std::pair<S, A>, S> allowed = {
      {{S::kPlanned, A::kMakeReady}, S::kReady},   {{S::kReady, A::kStart}, S::kRunning},
      {{S::kRunning, A::kPause}, S::kPaused},      {{S::kPaused, A::kResume}, S::kRunning},
      {{S::kRunning, A::kComplete}, S::kComplete}, {{S::kPaused, A::kComplete}, S::kComplete},
  };
  for (S from : kAllOperationStatuses) {
    for (A action : kAllOperationActions) {
      SCOPED_TRACE(std::string(to_string(from)) + " + " + std::string(to_string(action)));
      Result<S> got = apply(from, action);
      auto it = allowed.find({from, action});
      if (it == allowed.end()) {
        ASSERT_FALSE(got.ok());
        EXPECT_EQ(got.error().code, ErrorCode::kFailedPrecondition);
      } else {
        ASSERT_TRUE(got.ok());
        EXPECT_EQ(*got, it->second);
      }
    }
  }
  EXPECT_EQ(apply(S::kPlanned, A::kStart).error().message,
            "cannot start an operation that is planned");
  EXPECT_EQ(apply(S::kComplete, A::kMakeReady).error().message,
            "cannot make ready an operation that is complete");
}

TEST(OperationLifecycle, NamesRoundTrip) {
  for (S s : kAllOperationStatuses) EXPECT_EQ(*parse_operation_status(to_string(s)), s);
  for (A a : kAllOperationActions) EXPECT_EQ(*parse_operation_action(to_string(a)), a);
  EXPECT_FALSE(parse_operation_status("Running").ok());
}

Operation valid_op() {
  Operation op;
  op.job_id = 7;
  op.sequence = 20;
  op.name = "Bend";
  op.department = Department::kForming;
  op.process = Process::kBend;
  op.eligible_work_center_ids = {3, 4};
  op.setup_seconds = 900;
  op.run_seconds_per_piece = 45;
  op.transfer_seconds = 600;
  return op;
}

TEST(OperationValidate, ValidOperationPasses) {
  EXPECT_TRUE(valid_op().validate().ok());
  Operation op = valid_op();
  op.overlap_allowed = true;
  op.overlap_pieces = 5;
  EXPECT_TRUE(op.validate().ok());
  EXPECT_EQ(op.nominal_seconds(10), 900 + 450);
}

struct OpCase {
  const char* what;
  void (*mutate)(Operation&);
  Fields fields;
};

TEST(OperationValidate, EachInvariantReportsItsField) {
  const OpCase cases[] = {
      {"job", [](Operation& o) { o.job_id = 0; }, {"job_id"}},
      {"sequence low", [](Operation& o) { o.sequence = 0; }, {"sequence"}},
      {"sequence high", [](Operation& o) { o.sequence = 10000; }, {"sequence"}},
      {"name", [](Operation& o) { o.name = "  "; }, {"name"}},
      {"no wc",
       [](Operation& o) { o.eligible_work_center_ids.clear(); },
       {"eligible_work_center_ids"}},
      {"bad wc",
       [](Operation& o) {
         o.eligible_work_center_ids = {3, -1};
       },
       {"eligible_work_center_ids/1"}},
      {"dup wc",
       [](Operation& o) {
         o.eligible_work_center_ids = {3, 4, 3};
       },
       {"eligible_work_center_ids/2"}},
      {"setup", [](Operation& o) { o.setup_seconds = -1; }, {"setup_seconds"}},
      {"run", [](Operation& o) { o.run_seconds_per_piece = 86401; }, {"run_seconds_per_piece"}},
      {"transfer", [](Operation& o) { o.transfer_seconds = -5; }, {"transfer_seconds"}},
      {"overlap none", [](Operation& o) { o.overlap_allowed = true; }, {"overlap_pieces"}},
      {"overlap stray", [](Operation& o) { o.overlap_pieces = 3; }, {"overlap_pieces"}},
      {"family", [](Operation& o) { o.setup_family = std::string(201, 'x'); }, {"setup_family"}},
      {"good neg",
       [](Operation& o) {
         o.status = S::kRunning;
         o.started_at = TimePoint(Micros(1));
         o.qty_good = -1;
       },
       {"qty_good"}},
      {"scrap neg",
       [](Operation& o) {
         o.status = S::kRunning;
         o.started_at = TimePoint(Micros(1));
         o.qty_scrap = -1;
       },
       {"qty_scrap"}},
      {"qty before start", [](Operation& o) { o.qty_good = 3; }, {"qty_good"}},
      {"running no start", [](Operation& o) { o.status = S::kRunning; }, {"started_at"}},
      {"planned with start",
       [](Operation& o) { o.started_at = TimePoint(Micros(5)); },
       {"started_at"}},
      {"complete no end",
       [](Operation& o) {
         o.status = S::kComplete;
         o.started_at = TimePoint(Micros(5));
       },
       {"completed_at"}},
      {"end before start",
       [](Operation& o) {
         o.status = S::kComplete;
         o.started_at = TimePoint(Micros(5));
         o.completed_at = TimePoint(Micros(4));
       },
       {"completed_at"}},
      {"end while running",
       [](Operation& o) {
         o.status = S::kRunning;
         o.started_at = TimePoint(Micros(5));
         o.completed_at = TimePoint(Micros(6));
       },
       {"completed_at"}},
      {"operator", [](Operation& o) { o.operator_id = -2; }, {"operator_id"}},
  };
  for (const OpCase& c : cases) {
    Operation op = valid_op();
    c.mutate(op);
    Status s = op.validate();
    EXPECT_EQ(fields_of(s), c.fields) << c.what;
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

TEST(OperationValidate, QuantitiesAgainstJob) {
  Job job;
  job.id = 7;
  job.quantity = 10;
  Operation op = valid_op();
  op.status = S::kRunning;
  op.started_at = TimePoint(Micros(1));
  op.qty_good = 8;
  op.qty_scrap = 2;
  EXPECT_TRUE(op.validate(job).ok());
  op.qty_scrap = 3;
  EXPECT_EQ(fields_of(op.validate(job)), Fields{"qty_scrap"});
  op.qty_scrap = 0;
  op.qty_good = 11;
  EXPECT_EQ(fields_of(op.validate(job)), Fields{"qty_good"});
  op.qty_good = 1;
  op.overlap_allowed = true;
  op.overlap_pieces = 11;
  EXPECT_EQ(fields_of(op.validate(job)), Fields{"overlap_pieces"});
  op.overlap_pieces = 2;
  job.id = 8;
  EXPECT_EQ(fields_of(op.validate(job)), Fields{"job_id"});
}

TEST(OperationValidate, TransitionChangesOnlyStatus) {
  Operation op = valid_op();
  EXPECT_FALSE(op.transition(A::kStart).ok());
  EXPECT_EQ(op.status, S::kPlanned);
  ASSERT_TRUE(op.transition(A::kMakeReady).ok());
  ASSERT_TRUE(op.transition(A::kStart).ok());
  EXPECT_EQ(op.status, S::kRunning);
}

}  // namespace
}  // namespace kerf::model
