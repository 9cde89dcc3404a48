#include "kerf/core/time_format.h"

#include <gtest/gtest.h>

namespace kerf {
namespace {

TEST(TimeFormat, RoundTripsUtc) {
  auto t = parse_iso8601("2026-11-24T07:30:15Z");
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_EQ(format_iso8601(*t), "2026-11-24T07:30:15Z");
}

TEST(TimeFormat, AppliesOffset) {
  auto t = parse_iso8601("2026-11-24T08:30:00+01:00");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_iso8601(*t), "2026-11-24T07:30:00Z");
}

TEST(TimeFormat, DateOnlyIsMidnightUtc) {
  auto t = parse_iso8601("2026-03-01");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_iso8601(*t), "2026-03-01T00:00:00Z");
}

TEST(TimeFormat, KeepsMicroseconds) {
  auto t = parse_iso8601("2026-03-01T00:00:00.25Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(format_iso8601(*t), "2026-03-01T00:00:00.250000Z");
}

TEST(TimeFormat, RejectsImpossibleDatesAndGarbage) {
  for (const char* bad : {"2026-02-30", "2026-13-01", "26-01-01", "2026-01-01T25:00Z",
                          "2026-01-01T10:00Zjunk", "", "2026-01-01T10", "2026-01-01X"}) {
    auto t = parse_iso8601(bad);
    EXPECT_FALSE(t.ok()) << bad;
    if (!t.ok()) {
      EXPECT_EQ(t.error().code, ErrorCode::kInvalidArgument);
    }
  }
}

}  // namespace
}  // namespace kerf
