#include "kerf/core/clock.h"

#include <gtest/gtest.h>

namespace kerf {
namespace {

TEST(ManualClock, MovesOnlyWhenTold) {
  ManualClock clock(TimePoint(Micros(1000)));
  EXPECT_EQ(clock.now().time_since_epoch().count(), 1000);
  clock.advance(Micros(500));
  EXPECT_EQ(clock.now().time_since_epoch().count(), 1500);
  EXPECT_EQ(clock.steady_now().time_since_epoch(), std::chrono::microseconds(500));
}

TEST(Env, SameSeedSameSequence) {
  ManualClock clock(TimePoint{});
  Env a(clock, 42), b(clock, 42), c(clock, 43);
  uint64_t x = a.random_u64();
  EXPECT_EQ(x, b.random_u64());
  EXPECT_NE(x, c.random_u64());
}

}  // namespace
}  // namespace kerf
