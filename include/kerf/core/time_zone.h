// The plant time zone seam: an IANA zone from the system tz database (/usr/share/zoneinfo, read
// through Howard Hinnant's date/tz with USE_OS_TZDB) converting UTC instants to plant-local
// wall time and back, daylight saving time included.
//
// Local -> UTC is total and monotonic (never decreasing as the local time grows):
//  - a nonexistent local time (spring-forward gap, e.g. 02:30 on 2026-03-08 in America/Chicago)
//    is shifted forward to the end of the gap: the transition instant, 03:00 local;
//  - an ambiguous local time (fall-back overlap, e.g. 01:30 on 2026-11-01 in America/Chicago)
//    takes the first occurrence (the offset before the transition, CDT).
// So a local day is 23 h on a spring-forward day, 25 h on a fall-back day.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace date {
class time_zone;
}  // namespace date

namespace kerf {

using LocalTime = std::chrono::local_time<Micros>;  // plant-local wall time
using LocalDays = std::chrono::local_days;          // a plant-local calendar date

class TimeZone {
 public:
  // UTC (offset 0 all year).
  TimeZone() = default;
  static TimeZone utc() { return {}; }

  // The IANA zone `name` ("Europe/Berlin", "America/Chicago", "UTC"). kInvalidArgument on
  // `field` ("unknown time zone 'Europe/Berln'") when the tz database has no such zone.
  static Result<TimeZone> load(std::string_view name, std::string_view field = "time_zone");

  // The IANA name ("UTC" for the default).
  const std::string& name() const { return name_; }

  // UTC offset in effect at instant `t` (e.g. -5 h in Chicago in summer, -6 h in winter).
  std::chrono::seconds offset_at(TimePoint t) const;

  // Plant-local wall time of the UTC instant `t`.
  LocalTime to_local(TimePoint t) const;

  // UTC instant of the local wall time `local` (gap: shifted forward to the transition;
  // overlap: first occurrence; see the file comment).
  TimePoint to_utc(LocalTime local) const;

  // The local calendar date containing instant `t`.
  LocalDays local_day(TimePoint t) const;

  // UTC instant of local midnight starting `day` (shifted forward if midnight is in a gap).
  TimePoint start_of_day(LocalDays day) const;

  // Local midnight starting the local day that contains `t` (<= t).
  TimePoint start_of_local_day(TimePoint t) const { return start_of_day(local_day(t)); }

  // Length of the local day `day` (86400 s except on transition days: 23 h / 25 h).
  std::chrono::seconds day_length(LocalDays day) const;

  friend bool operator==(const TimeZone& a, const TimeZone& b) { return a.name_ == b.name_; }

 private:
  std::string name_ = "UTC";
  const date::time_zone* zone_ = nullptr;  // nullptr = UTC; tz database entries live forever
};

// "2026-03-08T03:00:00-05:00": the plant-local wall time of `t` with the offset in effect
// (seconds precision), for logs, reports and test output.
std::string format_local_iso8601(TimePoint t, const TimeZone& zone);

}  // namespace kerf
