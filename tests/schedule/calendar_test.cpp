#include "kerf/schedule/calendar.h"

#include <gtest/gtest.h>

namespace kerf::schedule {
namespace {

Calendar two_shifts() {
  Calendar c;
  c.always_open = false;
  c.windows = {{0, 100}, {200, 300}, {400, 500}};
  return c;
}

TEST(Calendar, SplittableWorkSpansWindows) {
  auto c = two_shifts();
  EXPECT_EQ(place_work(c, 50, 100, true), (Interval{50, 250}));
  EXPECT_EQ(place_work(c, 100, 10, true), (Interval{200, 210}));
}

TEST(Calendar, UnsplittableWorkWaitsForAWindowItFits) {
  auto c = two_shifts();
  EXPECT_EQ(place_work(c, 50, 100, false), (Interval{200, 300}));
  EXPECT_EQ(place_work(c, 50, 101, false).start, kInfinity);
}

TEST(Calendar, WorkingTimeAndMembership) {
  auto c = two_shifts();
  EXPECT_EQ(working_time_between(c, 50, 250), 100);
  EXPECT_TRUE(is_working(c, 0));
  EXPECT_FALSE(is_working(c, 100));
  EXPECT_FALSE(is_working(c, 600));
  Calendar open;
  EXPECT_EQ(place_work(open, 7, 3, false), (Interval{7, 10}));
}

}  // namespace
}  // namespace kerf::schedule
