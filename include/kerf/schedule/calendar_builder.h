// Builds a machine Calendar (working windows in ticks = seconds since Problem::origin_epoch_s)
// from a weekly shift pattern in plant-local time with holidays, overtime and downtime.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

// A shift in minutes from local midnight of its day; end may exceed 1440 (night shift running
// into the next day). Breaks are [start, end) minute ranges in the same frame, inside the shift.
struct Shift {
  int start_minute = 0;
  int end_minute = 0;
  std::vector<std::pair<int, int>> breaks;
};

// A local calendar date.
struct LocalDate {
  int year = 1970;
  int month = 1;
  int day = 1;
};

struct CalendarSpec {
  std::string name;
  std::array<std::vector<Shift>, 7> week;  // [0] = Monday ... [6] = Sunday
  std::vector<LocalDate> holidays;         // shifts STARTING on these local dates are dropped
  std::vector<Interval> overtime;          // ticks, added after holidays
  std::vector<Interval> downtime;          // ticks, removed last (wins over everything)
  TimeZone zone;                           // plant zone of the local times (DST-aware)
};

// Days since 1970-01-01 of a proleptic Gregorian date (negative before).
int64_t days_from_civil(LocalDate date);

// The calendar over `horizon` (ticks): union of the pattern's shifts minus breaks for every local
// day touching the horizon except holidays (local times mapped to UTC through `spec.zone` day
// by day, so a 06:00 shift stays 06:00 local across DST changes and a night shift over a
// change lasts 1 h less or more; a local time in a spring-forward gap moves to the end of the
// gap, an ambiguous one takes its first occurrence), plus overtime, minus downtime, clipped to the
// horizon, merged into sorted disjoint non-touching windows (always_open = false). kInvalidArgument
// with field errors for bad minutes (shift end <= start, break outside its shift, shift > 48 h),
// impossible dates or reversed intervals.
Result<Calendar> build_calendar(const CalendarSpec& spec, int64_t origin_epoch_s,
                                Interval horizon);

// Sorted, merged union of intervals (touching ones joined); empty ones dropped.
std::vector<Interval> merge_intervals(std::vector<Interval> intervals);
// `base` minus every interval of `removed` (both arbitrary; result sorted and merged).
std::vector<Interval> subtract_intervals(const std::vector<Interval>& base,
                                         const std::vector<Interval>& removed);

}  // namespace kerf::schedule
