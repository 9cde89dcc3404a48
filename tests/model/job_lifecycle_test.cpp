#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <utility>

#include "kerf/model/job.h"

namespace kerf::model {
namespace {

using S = JobStatus;
using A = JobAction;

// The complete allowed-transition table; every pair not listed must be denied.
const std::map<std::pair<S, A>, S>& allowed() {
  static const std::map<std::pair<S, A>, S> table = {
      {{S::kPlanned, A::kRelease}, S::kReleased},     {{S::kReleased, A::kStart}, S::kInProgress},
      {{S::kInProgress, A::kComplete}, S::kComplete}, {{S::kComplete, A::kShip}, S::kShipped},
      {{S::kPlanned, A::kHold}, S::kOnHold},          {{S::kReleased, A::kHold}, S::kOnHold},
      {{S::kInProgress, A::kHold}, S::kOnHold},       {{S::kPlanned, A::kCancel}, S::kCancelled},
      {{S::kReleased, A::kCancel}, S::kCancelled},    {{S::kInProgress, A::kCancel}, S::kCancelled},
      {{S::kOnHold, A::kCancel}, S::kCancelled},
  };
  return table;
}

TEST(JobLifecycle, EveryStatusActionPairFollowsTheTable) {
  int allowed_count = 0;
  for (S from : kAllJobStatuses) {
    for (A action : kAllJobActions) {
      if (action == A::kResume) continue;  // covered below (needs held_from)
      auto it = allowed().find({from, action});
      Result<S> got = apply(from, action);
      SCOPED_TRACE(std::string(to_string(from)) + " + " + std::string(to_string(action)));
      if (it != allowed().end()) {
        ASSERT_TRUE(got.ok()) << got.error().message;
        EXPECT_EQ(*got, it->second);
        ++allowed_count;
      } else {
        ASSERT_FALSE(got.ok());
        EXPECT_EQ(got.error().code, ErrorCode::kFailedPrecondition);
      }
    }
  }
  EXPECT_EQ(allowed_count, static_cast<int>(allowed().size()));
}

TEST(JobLifecycle, ResumeReturnsToTheHeldStatus) {
  for (S held : {S::kPlanned, S::kReleased, S::kInProgress}) {
    Result<S> got = apply(S::kOnHold, A::kResume, held);
    ASSERT_TRUE(got.ok());
    EXPECT_EQ(*got, held);
  }
}

TEST(JobLifecycle, ResumeWithoutValidHeldStatusIsDenied) {
  EXPECT_FALSE(apply(S::kOnHold, A::kResume).ok());
  EXPECT_FALSE(apply(S::kOnHold, A::kResume, S::kComplete).ok());
  EXPECT_FALSE(apply(S::kOnHold, A::kResume, S::kOnHold).ok());
  for (S from : kAllJobStatuses) {
    if (from == S::kOnHold) continue;
    EXPECT_FALSE(apply(from, A::kResume, S::kPlanned).ok()) << to_string(from);
  }
}

TEST(JobLifecycle, MessagesNameTheActionAndStatus) {
  Result<S> got = apply(S::kComplete, A::kRelease);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.error().message, "cannot release a job that is complete");
  EXPECT_EQ(apply(S::kShipped, A::kCancel).error().message, "cannot cancel a job that is shipped");
  EXPECT_EQ(apply(S::kInProgress, A::kRelease).error().message,
            "cannot release a job that is in progress");
}

TEST(JobLifecycle, TransitionTracksHeldFrom) {
  Job job;
  job.status = S::kReleased;
  ASSERT_TRUE(job.transition(A::kHold).ok());
  EXPECT_EQ(job.status, S::kOnHold);
  EXPECT_EQ(job.held_from, S::kReleased);
  ASSERT_TRUE(job.transition(A::kResume).ok());
  EXPECT_EQ(job.status, S::kReleased);
  EXPECT_FALSE(job.held_from.has_value());
}

TEST(JobLifecycle, FailedTransitionLeavesJobUnchanged) {
  Job job;
  job.status = S::kComplete;
  Job before = job;
  EXPECT_FALSE(job.transition(A::kCancel).ok());
  EXPECT_EQ(job, before);
}

TEST(JobLifecycle, ClosedAndHoldableStatuses) {
  EXPECT_TRUE(is_closed(S::kComplete));
  EXPECT_TRUE(is_closed(S::kShipped));
  EXPECT_TRUE(is_closed(S::kCancelled));
  EXPECT_FALSE(is_closed(S::kOnHold));
  EXPECT_TRUE(is_holdable(S::kInProgress));
  EXPECT_FALSE(is_holdable(S::kOnHold));
  EXPECT_FALSE(is_holdable(S::kComplete));
}

TEST(JobLifecycle, StatusAndActionNamesRoundTrip) {
  for (S s : kAllJobStatuses) EXPECT_EQ(*parse_job_status(to_string(s)), s);
  for (A a : kAllJobActions) EXPECT_EQ(*parse_job_action(to_string(a)), a);
  Result<S> bad = parse_job_status("done");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.error().message.find("'done'"), std::string::npos);
}

}  // namespace
}  // namespace kerf::model
