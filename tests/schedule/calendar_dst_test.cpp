// build_calendar across daylight saving changes: shifts stay at their plant-local wall times.
#include <gtest/gtest.h>

#include "kerf/core/time_format.h"
#include "kerf/schedule/calendar.h"
#include "kerf/schedule/calendar_builder.h"

namespace kerf::schedule {
namespace {

constexpr Time kHour = 3600;
constexpr int kSaturday = 5;
constexpr int kSunday = 6;

// Seconds since the epoch of an ISO 8601 instant.
int64_t epoch_s(const char* iso) {
  return std::chrono::floor<std::chrono::seconds>(parse_iso8601(iso).value())
      .time_since_epoch()
      .count();
}

// Windows as UTC ISO pairs (origin = `origin_epoch_s`), easy to compare with the tz tables.
std::vector<std::pair<std::string, std::string>> utc_windows(const Calendar& c, int64_t origin) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const Interval& w : c.windows) {
    out.emplace_back(format_iso8601(TimePoint(std::chrono::seconds(origin + w.start))),
                     format_iso8601(TimePoint(std::chrono::seconds(origin + w.end))));
  }
  return out;
}

// Every day 06:00-14:00 local, plus a Saturday night shift 22:00 -> Sunday 06:00.
CalendarSpec day_and_night(const char* zone) {
  CalendarSpec spec;
  spec.name = zone;
  spec.zone = TimeZone::load(zone).value();
  for (auto& day : spec.week) day = {Shift{6 * 60, 14 * 60, {}}};
  spec.week[kSaturday].push_back(Shift{22 * 60, 30 * 60, {}});
  return spec;
}

using Windows = std::vector<std::pair<std::string, std::string>>;

TEST(CalendarDst, ChicagoSpringForward) {
  // Sunday 2026-03-08 02:00 CST (UTC-6) -> 03:00 CDT (UTC-5).
  const int64_t origin = epoch_s("2026-03-07T00:00:00Z");
  auto cal = build_calendar(day_and_night("America/Chicago"), origin, {0, 3 * 24 * kHour});
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(utc_windows(*cal, origin),
            (Windows{{"2026-03-07T12:00:00Z", "2026-03-07T20:00:00Z"},     // Sat 06-14 CST
                     {"2026-03-08T04:00:00Z", "2026-03-08T19:00:00Z"},     // night + Sun 06-14
                     {"2026-03-09T11:00:00Z", "2026-03-09T19:00:00Z"}}));  // Mon 06-14 CDT
  // The night shift (Sat 22:00 CST -> Sun 06:00 CDT) has 7 h; the day shift keeps 8 h.
  const Time sunday_0600 = epoch_s("2026-03-08T11:00:00Z") - origin;
  EXPECT_EQ(working_time_between(*cal, sunday_0600 - 12 * kHour, sunday_0600), 7 * kHour);
  EXPECT_EQ(working_time_between(*cal, sunday_0600, sunday_0600 + 12 * kHour), 8 * kHour);
}

TEST(CalendarDst, ChicagoFallBack) {
  // Sunday 2026-11-01 02:00 CDT (UTC-5) -> 01:00 CST (UTC-6).
  const int64_t origin = epoch_s("2026-10-31T00:00:00Z");
  auto cal = build_calendar(day_and_night("America/Chicago"), origin, {0, 3 * 24 * kHour});
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(utc_windows(*cal, origin),
            (Windows{{"2026-10-31T11:00:00Z", "2026-10-31T19:00:00Z"},     // Sat 06-14 CDT
                     {"2026-11-01T03:00:00Z", "2026-11-01T20:00:00Z"},     // night + Sun 06-14
                     {"2026-11-02T12:00:00Z", "2026-11-02T20:00:00Z"}}));  // Mon 06-14 CST
  const Time sunday_0600 = epoch_s("2026-11-01T12:00:00Z") - origin;
  EXPECT_EQ(working_time_between(*cal, sunday_0600 - 12 * kHour, sunday_0600), 9 * kHour);
  EXPECT_EQ(working_time_between(*cal, sunday_0600, sunday_0600 + 12 * kHour), 8 * kHour);
}

TEST(CalendarDst, BerlinSpringForwardAndFallBack) {
  // 2026-03-29 02:00 CET (UTC+1) -> 03:00 CEST (UTC+2); 2026-10-25 03:00 CEST -> 02:00 CET.
  const int64_t spring = epoch_s("2026-03-28T00:00:00Z");
  auto a = build_calendar(day_and_night("Europe/Berlin"), spring, {0, 2 * 24 * kHour});
  ASSERT_TRUE(a.ok()) << a.error().message;
  EXPECT_EQ(utc_windows(*a, spring),
            (Windows{{"2026-03-28T05:00:00Z", "2026-03-28T13:00:00Z"},     // Sat 06-14 CET
                     {"2026-03-28T21:00:00Z", "2026-03-29T12:00:00Z"}}));  // 7 h night + Sun CEST
  const Time sunday_0600 = epoch_s("2026-03-29T04:00:00Z") - spring;
  EXPECT_EQ(working_time_between(*a, sunday_0600 - 12 * kHour, sunday_0600), 7 * kHour);
  const int64_t fall = epoch_s("2026-10-24T00:00:00Z");
  auto b = build_calendar(day_and_night("Europe/Berlin"), fall, {0, 2 * 24 * kHour});
  ASSERT_TRUE(b.ok()) << b.error().message;
  EXPECT_EQ(utc_windows(*b, fall),
            (Windows{{"2026-10-24T04:00:00Z", "2026-10-24T12:00:00Z"},     // Sat 06-14 CEST
                     {"2026-10-24T20:00:00Z", "2026-10-25T13:00:00Z"}}));  // 9 h night + Sun CET
  const Time fall_sunday_0600 = epoch_s("2026-10-25T05:00:00Z") - fall;
  EXPECT_EQ(working_time_between(*b, fall_sunday_0600 - 12 * kHour, fall_sunday_0600), 9 * kHour);
}

TEST(CalendarDst, ShiftInsideTheGapAndLocalHolidays) {
  // Chicago, Sunday 2026-03-08: 01:00-05:00 with a break 02:00-03:00 that does not exist on the
  // wall clock: the break is empty and the shift has 3 h (01:00 CST = 07:00Z .. 05:00 CDT =
  // 10:00Z). The same shift on Monday is 4 h minus the 1 h break.
  CalendarSpec spec;
  spec.zone = TimeZone::load("America/Chicago").value();
  spec.week[kSunday] = {Shift{60, 5 * 60, {{120, 180}}}};
  spec.week[0] = {Shift{60, 5 * 60, {{120, 180}}}};
  const int64_t origin = epoch_s("2026-03-08T00:00:00Z");
  auto cal = build_calendar(spec, origin, {0, 2 * 24 * kHour});
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  EXPECT_EQ(utc_windows(*cal, origin), (Windows{{"2026-03-08T07:00:00Z", "2026-03-08T10:00:00Z"},
                                                {"2026-03-09T06:00:00Z", "2026-03-09T07:00:00Z"},
                                                {"2026-03-09T08:00:00Z", "2026-03-09T10:00:00Z"}}));
  // A holiday is a local date: Sunday 2026-03-08 in Chicago drops its shift.
  spec.holidays = {{2026, 3, 8}};
  auto off = build_calendar(spec, origin, {0, 2 * 24 * kHour});
  ASSERT_TRUE(off.ok());
  EXPECT_EQ(utc_windows(*off, origin).size(), 2u);
  EXPECT_EQ(utc_windows(*off, origin)[0].first, "2026-03-09T06:00:00Z");
}

}  // namespace
}  // namespace kerf::schedule
