#include "kerf/schedule/calendar_builder.h"

#include <gtest/gtest.h>

#include "kerf/schedule/calendar.h"

namespace kerf::schedule {
namespace {

constexpr Time kHour = 3600;
constexpr Time kDay = 24 * kHour;
// Monday 2026-11-23 00:00:00 UTC.
constexpr int64_t kMonday = 1795392000;

CalendarSpec one_shift_weekdays() {
  CalendarSpec spec;
  spec.name = "day shift";
  for (int d = 0; d < 5; ++d) spec.week[static_cast<size_t>(d)] = {Shift{6 * 60, 14 * 60, {{600, 630}}}};
  spec.zone = TimeZone::load("Europe/Berlin").value();  // CET (UTC+1) in late November
  return spec;
}

TEST(CalendarBuilder, CivilDays) {
  EXPECT_EQ(days_from_civil({1970, 1, 1}), 0);
  EXPECT_EQ(days_from_civil({2026, 11, 23}) * 86400, kMonday);
  EXPECT_EQ(days_from_civil({1969, 12, 31}), -1);
  EXPECT_EQ(days_from_civil({2000, 3, 1}) - days_from_civil({2000, 2, 28}), 2);  // leap year
}

TEST(CalendarBuilder, WeeklyPatternWithBreakInPlantOffset) {
  auto cal = build_calendar(one_shift_weekdays(), kMonday, {0, 7 * kDay});
  ASSERT_TRUE(cal.ok()) << cal.error().message;
  ASSERT_EQ(cal->windows.size(), 10u);  // 5 days x (before break, after break)
  // Local 06:00 CET = 05:00 UTC; break 10:00-10:30 local = 09:00-09:30 UTC; end 13:00 UTC.
  EXPECT_EQ(cal->windows[0], (Interval{5 * kHour, 9 * kHour}));
  EXPECT_EQ(cal->windows[1], (Interval{9 * kHour + 1800, 13 * kHour}));
  EXPECT_EQ(cal->windows[9], (Interval{4 * kDay + 9 * kHour + 1800, 4 * kDay + 13 * kHour}));
  EXPECT_EQ(working_time_between(*cal, 0, 7 * kDay), 5 * (8 * kHour - 1800));
  EXPECT_FALSE(cal->always_open);
}

TEST(CalendarBuilder, HolidayOvertimeDowntime) {
  CalendarSpec spec = one_shift_weekdays();
  spec.holidays = {{2026, 11, 25}};                             // Wednesday off
  spec.overtime = {{13 * kHour, 15 * kHour}};                   // Monday two hours longer
  spec.downtime = {{kDay + 10 * kHour, kDay + 11 * kHour}};     // Tuesday 1 h repair
  auto cal = build_calendar(spec, kMonday, {0, 7 * kDay});
  ASSERT_TRUE(cal.ok());
  EXPECT_EQ(working_time_between(*cal, 2 * kDay, 3 * kDay), 0);  // holiday
  EXPECT_EQ(working_time_between(*cal, 0, kDay), 8 * kHour - 1800 + 2 * kHour);
  EXPECT_EQ(working_time_between(*cal, kDay, 2 * kDay), 7 * kHour - 1800);
  EXPECT_FALSE(is_working(*cal, kDay + 10 * kHour + 5));
  // Monday's after-break window and the overtime are merged into one.
  EXPECT_EQ(cal->windows[1], (Interval{9 * kHour + 1800, 15 * kHour}));
}

TEST(CalendarBuilder, NightShiftCrossesMidnightAndHorizonClips) {
  CalendarSpec spec;
  spec.week[4] = {Shift{22 * 60, 30 * 60, {}}};  // Friday 22:00 -> Saturday 06:00 (zone UTC)
  auto cal = build_calendar(spec, kMonday, {4 * kDay + 23 * kHour, 5 * kDay + 5 * kHour});
  ASSERT_TRUE(cal.ok());
  ASSERT_EQ(cal->windows.size(), 1u);
  EXPECT_EQ(cal->windows[0], (Interval{4 * kDay + 23 * kHour, 5 * kDay + 5 * kHour}));
}

TEST(CalendarBuilder, WesternZoneShiftsWindowsLater) {
  CalendarSpec spec;
  spec.week[0] = {Shift{8 * 60, 9 * 60, {}}};
  spec.zone = TimeZone::load("America/New_York").value();  // EST (UTC-5) in late November
  auto cal = build_calendar(spec, kMonday, {0, kDay});
  ASSERT_TRUE(cal.ok());
  ASSERT_EQ(cal->windows.size(), 1u);
  EXPECT_EQ(cal->windows[0], (Interval{13 * kHour, 14 * kHour}));
}

TEST(CalendarBuilder, FieldErrors) {
  CalendarSpec spec;
  spec.week[1] = {Shift{600, 500, {}}, Shift{100, 200, {{50, 120}}}};
  spec.holidays = {{2026, 2, 30}};
  spec.downtime = {{10, 5}};
  auto cal = build_calendar(spec, 0, {0, kDay});
  ASSERT_FALSE(cal.ok());
  std::vector<std::string> fields;
  for (const FieldError& f : cal.error().fields) fields.push_back(f.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"week/1/0", "week/1/1/breaks/0", "holidays/0",
                                              "downtime/0"}));
}

TEST(CalendarBuilder, IntervalAlgebra) {
  EXPECT_EQ(merge_intervals({{5, 8}, {0, 2}, {2, 4}, {7, 9}, {3, 3}}),
            (std::vector<Interval>{{0, 4}, {5, 9}}));
  EXPECT_EQ(subtract_intervals({{0, 10}, {20, 30}}, {{5, 22}, {25, 26}}),
            (std::vector<Interval>{{0, 5}, {22, 25}, {26, 30}}));
}

}  // namespace
}  // namespace kerf::schedule
