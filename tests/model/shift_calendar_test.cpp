#include "kerf/model/shift_calendar.h"

#include <gtest/gtest.h>

#include "field_matchers.h"
#include "kerf/core/time_format.h"

namespace kerf::model {
namespace {

using testing::fields_of;
using Fields = std::vector<std::string>;
using namespace std::chrono;

TimePoint t(const char* iso) { return *parse_iso8601(iso); }
TimeZone berlin() { return TimeZone::load("Europe/Berlin").value(); }  // UTC+1 in November

// Two shifts Mon-Fri: 06:00-14:30 and 14:30-23:00, each with a 30 min break.
ShiftCalendar two_shifts() {
  ShiftCalendar c;
  c.name = "Two shifts";
  for (int d = 0; d < 5; ++d) {
    c.week[d] = {Shift{"early", 360, 870, {{600, 630}}}, Shift{"late", 870, 1380, {{1110, 1140}}}};
  }
  return c;
}

TEST(ShiftCalendarValidate, ValidPatternPasses) {
  ShiftCalendar c = two_shifts();
  EXPECT_TRUE(c.validate().ok());
  EXPECT_EQ(c.week[0][0].working_minutes(), 480);
}

TEST(ShiftCalendarValidate, RangesAndOverlapsReportTheirField) {
  struct Case {
    void (*mutate)(ShiftCalendar&);
    Fields fields;
  };
  const Case cases[] = {
      {[](ShiftCalendar& c) { c.name = ""; }, {"name"}},
      {[](ShiftCalendar& c) { c.week[1][0].start_minute = -1; }, {"week/1/0/start_minute"}},
      {[](ShiftCalendar& c) { c.week[1][0].start_minute = 1440; },
       {"week/1/0/start_minute", "week/1/0/breaks/0/start_minute"}},
      {[](ShiftCalendar& c) { c.week[2][1].end_minute = 870; },
       {"week/2/1/end_minute", "week/2/1/breaks/0/start_minute", "week/2/1/breaks/0/end_minute"}},
      {[](ShiftCalendar& c) { c.week[0][1].start_minute = 800; }, {"week/0/1/start_minute"}},
      {[](ShiftCalendar& c) {
         c.week[0][0].breaks[0] = {300, 330};
       },
       {"week/0/0/breaks/0/start_minute"}},
      {[](ShiftCalendar& c) {
         c.week[0][0].breaks[0] = {600, 900};
       },
       {"week/0/0/breaks/0/end_minute"}},
      {[](ShiftCalendar& c) {
         c.week[0][0].breaks.push_back({620, 640});
       },
       {"week/0/0/breaks/1/start_minute"}},
      {[](ShiftCalendar& c) {
         // Night shift Thu 22:00 -> Fri 07:00 overlaps Friday's early shift.
         c.week[3][1].end_minute = 1860;
       },
       {"week/4/0/start_minute"}},
      {[](ShiftCalendar& c) {
         c.week[6] = {Shift{"", 1320, 1440 + 300, {}}};
       },
       {}},
      {[](ShiftCalendar& c) {
         c.week[6] = {Shift{"", 1320, 1440 + 400, {}}};
       },
       {"week/0/0/start_minute"}},
      {[](ShiftCalendar& c) {
         c.week[6] = {Shift{"", 1000, 2441, {}}};
       },
       {"week/6/0/end_minute"}},
      {[](ShiftCalendar& c) {
         c.holidays = {sys_days(year(2026) / 12 / 25), sys_days(year(2026) / 12 / 25)};
       },
       {"holidays/1"}},
      {[](ShiftCalendar& c) {
         c.overtime = {{t("2026-11-28T06:00:00Z"), t("2026-11-28T06:00:00Z"), "sat"}};
       },
       {"overtime/0/end"}},
      {[](ShiftCalendar& c) {
         c.overtime = {{t("2026-11-28T06:00:00Z"), t("2026-11-29T07:00:00Z"), "too long"}};
       },
       {"overtime/0/end"}},
      {[](ShiftCalendar& c) {
         c.overtime = {{t("2026-11-28T06:00:00Z"), t("2026-11-28T12:00:00Z"), "a"},
                       {t("2026-11-28T11:00:00Z"), t("2026-11-28T13:00:00Z"), "b"}};
       },
       {"overtime/1/start"}},
  };
  int i = 0;
  for (const Case& c : cases) {
    ShiftCalendar cal = two_shifts();
    c.mutate(cal);
    EXPECT_EQ(fields_of(cal.validate()), c.fields) << "case " << i;
    ++i;
  }
}

TEST(ShiftCalendarWindows, WeekdayShiftsMinusBreaksMerged) {
  ShiftCalendar c = two_shifts();
  // 2026-11-23 is a Monday.
  auto w = c.working_windows(t("2026-11-23T00:00:00Z"), t("2026-11-24T00:00:00Z"), TimeZone());
  ASSERT_EQ(w.size(), 3u);
  EXPECT_EQ(w[0].first, t("2026-11-23T06:00:00Z"));
  EXPECT_EQ(w[0].second, t("2026-11-23T10:00:00Z"));
  EXPECT_EQ(w[1].first, t("2026-11-23T10:30:00Z"));
  EXPECT_EQ(w[1].second, t("2026-11-23T18:30:00Z"));  // early and late shifts merge at 14:30
  EXPECT_EQ(w[2].first, t("2026-11-23T19:00:00Z"));
  EXPECT_EQ(w[2].second, t("2026-11-23T23:00:00Z"));
}

TEST(ShiftCalendarWindows, ZoneHolidaysOvertimeAndClipping) {
  ShiftCalendar c = two_shifts();
  c.holidays = {sys_days(year(2026) / 11 / 24)};  // Tuesday off
  c.overtime = {{t("2026-11-28T05:00:00Z"), t("2026-11-28T11:00:00Z"), "Saturday overtime"}};
  auto w = c.working_windows(t("2026-11-23T12:00:00Z"), t("2026-11-30T00:00:00Z"), berlin());
  // Monday clipped at 12:00Z (local 13:00): [12:00, 17:30) [18:00, 22:00) UTC.
  ASSERT_GE(w.size(), 2u);
  EXPECT_EQ(w[0].first, t("2026-11-23T12:00:00Z"));
  EXPECT_EQ(w[0].second, t("2026-11-23T17:30:00Z"));
  EXPECT_EQ(w[1].first, t("2026-11-23T18:00:00Z"));
  EXPECT_EQ(w[1].second, t("2026-11-23T22:00:00Z"));
  // Tuesday is a holiday: next window starts Wednesday 05:00Z (06:00 local).
  EXPECT_EQ(w[2].first, t("2026-11-25T05:00:00Z"));
  EXPECT_EQ(w.back().first, t("2026-11-28T05:00:00Z"));
  EXPECT_EQ(w.back().second, t("2026-11-28T11:00:00Z"));
  int64_t total = 0;
  for (auto& [a, b] : w) {
    EXPECT_LT(a, b);
    total += duration_cast<minutes>(b - a).count();
  }
  // Monday 13:00-23:00 local minus 30 min break = 570; Wed-Fri 3 x 960; Saturday 360.
  EXPECT_EQ(total, 570 + 3 * 960 + 360);
}

TEST(ShiftCalendarWindows, NightShiftFromPreviousDayIsIncluded) {
  ShiftCalendar c;
  c.name = "Nights";
  c.week[6] = {Shift{"night", 1320, 1440 + 360, {}}};  // Sunday 22:00 -> Monday 06:00
  auto w = c.working_windows(t("2026-11-23T00:00:00Z"), t("2026-11-24T00:00:00Z"), TimeZone());
  ASSERT_EQ(w.size(), 1u);
  EXPECT_EQ(w[0].first, t("2026-11-23T00:00:00Z"));
  EXPECT_EQ(w[0].second, t("2026-11-23T06:00:00Z"));
  EXPECT_TRUE(
      c.working_windows(t("2026-11-24T00:00:00Z"), t("2026-11-24T00:00:00Z"), TimeZone()).empty());
}

TEST(ShiftCalendarWindows, ShiftsKeepLocalTimesAcrossDaylightSavingChanges) {
  ShiftCalendar c;
  c.name = "Weekend";
  c.week[5] = {Shift{"night", 22 * 60, 30 * 60, {}}};  // Saturday 22:00 -> Sunday 06:00
  c.week[6] = {Shift{"day", 8 * 60, 12 * 60, {}}};     // Sunday 08:00-12:00
  // Berlin 2026-03-29: 02:00 CET -> 03:00 CEST, the night has 7 h; 2026-10-25: 9 h.
  auto spring = c.working_windows(t("2026-03-28T00:00:00Z"), t("2026-03-30T00:00:00Z"), berlin());
  ASSERT_EQ(spring.size(), 2u);
  EXPECT_EQ(spring[0], std::make_pair(t("2026-03-28T21:00:00Z"), t("2026-03-29T04:00:00Z")));
  EXPECT_EQ(spring[1], std::make_pair(t("2026-03-29T06:00:00Z"), t("2026-03-29T10:00:00Z")));
  auto fall = c.working_windows(t("2026-10-24T00:00:00Z"), t("2026-10-26T00:00:00Z"), berlin());
  ASSERT_EQ(fall.size(), 2u);
  EXPECT_EQ(fall[0], std::make_pair(t("2026-10-24T20:00:00Z"), t("2026-10-25T05:00:00Z")));
  EXPECT_EQ(fall[1], std::make_pair(t("2026-10-25T07:00:00Z"), t("2026-10-25T11:00:00Z")));
}

}  // namespace
}  // namespace kerf::model
