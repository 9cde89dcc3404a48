// Weekly shift pattern, holidays and overtime of a work center or plant.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"

namespace kerf::model {

// Minutes from local midnight of the shift's start day.
struct ShiftBreak {
  int32_t start_minute = 0;
  int32_t end_minute = 0;
  friend bool operator==(const ShiftBreak&, const ShiftBreak&) = default;
};

// A shift [start_minute, end_minute) on one weekday. end_minute may exceed 1440 (a night shift
// ending the next morning), at most start_minute + 1440 and <= 2880. Breaks lie inside the
// shift, are sorted and do not overlap.
struct Shift {
  std::string name;          // optional, e.g. "early"
  int32_t start_minute = 0;  // [0, 1440)
  int32_t end_minute = 0;    // (start_minute, min(start_minute + 1440, 2880)]
  std::vector<ShiftBreak> breaks;
  // Working minutes (length minus breaks).
  int32_t working_minutes() const;
  friend bool operator==(const Shift&, const Shift&) = default;
};

// An extra working interval (UTC), e.g. Saturday overtime.
struct OvertimeWindow {
  TimePoint start;
  TimePoint end;  // > start, at most 24 h after start
  std::string reason;
  friend bool operator==(const OvertimeWindow&, const OvertimeWindow&) = default;
};

struct ShiftCalendar {
  int64_t id = 0;
  int64_t version = 0;
  std::string name;  // required
  // week[0] = Monday ... week[6] = Sunday; shifts per day sorted by start and non-overlapping,
  // also across midnight into the next day (Sunday wraps to Monday).
  std::array<std::vector<Shift>, 7> week;
  std::vector<std::chrono::sys_days> holidays;  // local dates (as sys_days) with no shifts; unique
  std::vector<OvertimeWindow> overtime;         // non-overlapping

  // Ok, or invalid with fields like "name", "week/0/1/end_minute",
  // "week/2/0/breaks/1/start_minute", "holidays/3", "overtime/0/end".
  Status validate() const;

  // Working intervals [start, end) in UTC intersecting [from, to), for a plant in `zone`:
  // shifts (local wall times of each local day, DST-aware as in TimeZone::to_utc) minus breaks,
  // minus shifts starting on holidays (local dates), plus overtime; sorted, merged, clipped.
  std::vector<std::pair<TimePoint, TimePoint>> working_windows(TimePoint from, TimePoint to,
                                                               const TimeZone& zone) const;
  friend bool operator==(const ShiftCalendar&, const ShiftCalendar&) = default;
};

}  // namespace kerf::model
