#include "kerf/core/time_zone.h"

#include <gtest/gtest.h>

#include "kerf/core/time_format.h"

namespace kerf {
namespace {

using std::chrono::hours;
using std::chrono::minutes;

TimePoint at(const char* iso) { return parse_iso8601(iso).value(); }

LocalDays day(int y, unsigned m, unsigned d) {
  return LocalDays(std::chrono::year(y) / std::chrono::month(m) / std::chrono::day(d));
}

LocalTime local(int y, unsigned m, unsigned d, int hour, int minute) {
  return LocalTime(day(y, m, d)) + hours(hour) + minutes(minute);
}

TimeZone zone(const char* name) {
  auto tz = TimeZone::load(name);
  EXPECT_TRUE(tz.ok()) << tz.error().message;
  return tz.ok() ? *tz : TimeZone::utc();
}

TEST(TimeZone, DefaultIsUtc) {
  TimeZone utc;
  EXPECT_EQ(utc.name(), "UTC");
  EXPECT_EQ(utc.offset_at(at("2026-07-01T12:00:00Z")), std::chrono::seconds(0));
  EXPECT_EQ(utc.start_of_day(day(2026, 3, 8)), at("2026-03-08T00:00:00Z"));
  EXPECT_EQ(zone("UTC"), utc);
}

TEST(TimeZone, UnknownZoneNamesTheField) {
  auto bad = TimeZone::load("Europe/Berln", "plant/time_zone");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  ASSERT_EQ(bad.error().fields.size(), 1u);
  EXPECT_EQ(bad.error().fields[0].field, "plant/time_zone");
  EXPECT_NE(bad.error().fields[0].message.find("Europe/Berln"), std::string::npos);
  EXPECT_FALSE(TimeZone::load("").ok());
  EXPECT_EQ(TimeZone::load("").error().fields[0].field, "time_zone");
}

TEST(TimeZone, ChicagoSpringForwardDayHas23Hours) {
  // 2026-03-08 02:00 CST (UTC-6) jumps to 03:00 CDT (UTC-5) at 08:00 UTC.
  TimeZone chicago = zone("America/Chicago");
  EXPECT_EQ(chicago.start_of_day(day(2026, 3, 8)), at("2026-03-08T06:00:00Z"));
  EXPECT_EQ(chicago.start_of_day(day(2026, 3, 9)), at("2026-03-09T05:00:00Z"));
  EXPECT_EQ(chicago.day_length(day(2026, 3, 8)), hours(23));
  EXPECT_EQ(chicago.day_length(day(2026, 3, 7)), hours(24));
  EXPECT_EQ(chicago.offset_at(at("2026-03-08T07:59:59Z")), hours(-6));
  EXPECT_EQ(chicago.offset_at(at("2026-03-08T08:00:00Z")), hours(-5));
  // 06:00-14:00 local is 12:00-20:00 UTC before and 11:00-19:00 UTC after the change.
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 7, 6, 0)), at("2026-03-07T12:00:00Z"));
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 6, 0)), at("2026-03-08T11:00:00Z"));
  EXPECT_EQ(chicago.to_local(at("2026-03-08T11:00:00Z")), local(2026, 3, 8, 6, 0));
}

TEST(TimeZone, ChicagoGapShiftsForwardToTheTransition) {
  TimeZone chicago = zone("America/Chicago");
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 1, 59)), at("2026-03-08T07:59:00Z"));
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 2, 0)), at("2026-03-08T08:00:00Z"));
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 2, 30)), at("2026-03-08T08:00:00Z"));
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 3, 0)), at("2026-03-08T08:00:00Z"));
  EXPECT_EQ(chicago.to_utc(local(2026, 3, 8, 3, 1)), at("2026-03-08T08:01:00Z"));
}

TEST(TimeZone, ChicagoFallBackDayHas25HoursAndTakesTheFirstOccurrence) {
  // 2026-11-01 02:00 CDT (UTC-5) falls back to 01:00 CST (UTC-6) at 07:00 UTC.
  TimeZone chicago = zone("America/Chicago");
  EXPECT_EQ(chicago.start_of_day(day(2026, 11, 1)), at("2026-11-01T05:00:00Z"));
  EXPECT_EQ(chicago.start_of_day(day(2026, 11, 2)), at("2026-11-02T06:00:00Z"));
  EXPECT_EQ(chicago.day_length(day(2026, 11, 1)), hours(25));
  EXPECT_EQ(chicago.to_utc(local(2026, 11, 1, 1, 30)), at("2026-11-01T06:30:00Z"));  // CDT
  EXPECT_EQ(chicago.to_utc(local(2026, 11, 1, 2, 0)), at("2026-11-01T08:00:00Z"));
  // Both 06:30 and 07:30 UTC read 01:30 on the wall clock.
  EXPECT_EQ(chicago.to_local(at("2026-11-01T06:30:00Z")), local(2026, 11, 1, 1, 30));
  EXPECT_EQ(chicago.to_local(at("2026-11-01T07:30:00Z")), local(2026, 11, 1, 1, 30));
  EXPECT_EQ(chicago.local_day(at("2026-11-02T05:59:59Z")), day(2026, 11, 1));
  EXPECT_EQ(chicago.local_day(at("2026-11-02T06:00:00Z")), day(2026, 11, 2));
  EXPECT_EQ(chicago.start_of_local_day(at("2026-11-01T23:00:00Z")), at("2026-11-01T05:00:00Z"));
}

TEST(TimeZone, BerlinSpringForwardAndFallBack) {
  // 2026-03-29 02:00 CET (UTC+1) -> 03:00 CEST (UTC+2) at 01:00 UTC;
  // 2026-10-25 03:00 CEST -> 02:00 CET at 01:00 UTC.
  TimeZone berlin = zone("Europe/Berlin");
  EXPECT_EQ(berlin.start_of_day(day(2026, 3, 29)), at("2026-03-28T23:00:00Z"));
  EXPECT_EQ(berlin.start_of_day(day(2026, 3, 30)), at("2026-03-29T22:00:00Z"));
  EXPECT_EQ(berlin.day_length(day(2026, 3, 29)), hours(23));
  EXPECT_EQ(berlin.to_utc(local(2026, 3, 29, 2, 30)), at("2026-03-29T01:00:00Z"));  // gap
  EXPECT_EQ(berlin.start_of_day(day(2026, 10, 25)), at("2026-10-24T22:00:00Z"));
  EXPECT_EQ(berlin.start_of_day(day(2026, 10, 26)), at("2026-10-25T23:00:00Z"));
  EXPECT_EQ(berlin.day_length(day(2026, 10, 25)), hours(25));
  EXPECT_EQ(berlin.to_utc(local(2026, 10, 25, 2, 30)), at("2026-10-25T00:30:00Z"));  // CEST
  EXPECT_EQ(berlin.to_utc(local(2026, 10, 25, 6, 0)), at("2026-10-25T05:00:00Z"));
  EXPECT_EQ(berlin.to_utc(local(2026, 10, 24, 6, 0)), at("2026-10-24T04:00:00Z"));
}

TEST(TimeZone, FormatsLocalTimeWithTheOffsetInEffect) {
  TimeZone chicago = zone("America/Chicago");
  EXPECT_EQ(format_local_iso8601(at("2026-03-08T07:59:59Z"), chicago), "2026-03-08T01:59:59-06:00");
  EXPECT_EQ(format_local_iso8601(at("2026-03-08T08:00:00Z"), chicago), "2026-03-08T03:00:00-05:00");
  EXPECT_EQ(format_local_iso8601(at("2026-10-25T01:30:00Z"), zone("Europe/Berlin")),
            "2026-10-25T02:30:00+01:00");
  EXPECT_EQ(format_local_iso8601(at("2026-10-25T00:30:00Z"), zone("Europe/Berlin")),
            "2026-10-25T02:30:00+02:00");
  EXPECT_EQ(format_local_iso8601(at("2026-01-01T00:00:00Z"), TimeZone()),
            "2026-01-01T00:00:00+00:00");
}

TEST(TimeZone, LocalToUtcNeverGoesBackwards) {
  for (const char* name : {"America/Chicago", "Europe/Berlin"}) {
    TimeZone tz = zone(name);
    for (LocalDays d : {day(2026, 3, 8), day(2026, 3, 29), day(2026, 10, 25), day(2026, 11, 1)}) {
      TimePoint prev = tz.to_utc(LocalTime(d));
      for (int m = 1; m <= 48 * 60; ++m) {
        TimePoint t = tz.to_utc(LocalTime(d) + minutes(m));
        ASSERT_GE(t, prev) << name << " minute " << m;
        prev = t;
      }
    }
  }
}

}  // namespace
}  // namespace kerf
