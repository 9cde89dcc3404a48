#include "kerf/model/shift_calendar.h"

#include <algorithm>
#include <set>

#include "kerf/model/validation.h"

namespace kerf::model {
namespace {

constexpr int32_t kMinutesPerDay = 1440;

void validate_shift(FieldErrors& errors, const std::string& prefix, const Shift& s) {
  check_optional_text(errors, prefix + "name", s.name);
  bool start_ok = s.start_minute >= 0 && s.start_minute < kMinutesPerDay;
  if (!start_ok) errors.add(prefix + "start_minute", "must be between 0 and 1439");
  int32_t max_end = std::min(s.start_minute + kMinutesPerDay, 2 * kMinutesPerDay);
  if (start_ok && (s.end_minute <= s.start_minute || s.end_minute > max_end)) {
    errors.add(prefix + "end_minute",
               "must be after start_minute and at most 24 hours later (and <= 2880)");
  }
  for (std::size_t b = 0; b < s.breaks.size(); ++b) {
    const ShiftBreak& br = s.breaks[b];
    std::string bp = prefix + "breaks/" + std::to_string(b) + "/";
    if (br.start_minute < s.start_minute || br.start_minute >= s.end_minute) {
      errors.add(bp + "start_minute", "must lie inside the shift");
    } else if (b > 0 && br.start_minute < s.breaks[b - 1].end_minute) {
      errors.add(bp + "start_minute", "must not be before the end of the previous break");
    }
    if (br.end_minute <= br.start_minute || br.end_minute > s.end_minute) {
      errors.add(bp + "end_minute", "must be after start_minute and inside the shift");
    }
  }
}

using Window = std::pair<TimePoint, TimePoint>;

// UTC instant of `minute` minutes after local midnight of `day` (may pass midnight).
TimePoint at(const TimeZone& zone, LocalDays day, int32_t minute) {
  return zone.to_utc(LocalTime(day) + std::chrono::minutes(minute));
}

}  // namespace

int32_t Shift::working_minutes() const {
  int32_t total = end_minute - start_minute;
  for (const ShiftBreak& b : breaks) total -= b.end_minute - b.start_minute;
  return total;
}

Status ShiftCalendar::validate() const {
  FieldErrors errors;
  check_required_text(errors, "name", name);
  for (int d = 0; d < 7; ++d) {
    const auto& shifts = week[static_cast<std::size_t>(d)];
    for (std::size_t i = 0; i < shifts.size(); ++i) {
      std::string prefix = "week/" + std::to_string(d) + "/" + std::to_string(i) + "/";
      validate_shift(errors, prefix, shifts[i]);
      if (i > 0 && shifts[i].start_minute < shifts[i - 1].end_minute) {
        errors.add(prefix + "start_minute",
                   "must not be before the end of the previous shift (shifts sorted, no overlap)");
      }
    }
    // A shift running past midnight must not overlap the next day's first shifts.
    int32_t spill = 0;
    for (const Shift& s : shifts) {
      bool valid = s.start_minute >= 0 && s.start_minute < kMinutesPerDay &&
                   s.end_minute <= std::min(s.start_minute + kMinutesPerDay, 2 * kMinutesPerDay);
      if (valid) spill = std::max(spill, s.end_minute - kMinutesPerDay);
    }
    if (spill <= 0) continue;
    int next = (d + 1) % 7;
    const auto& next_shifts = week[static_cast<std::size_t>(next)];
    for (std::size_t j = 0; j < next_shifts.size(); ++j) {
      if (next_shifts[j].start_minute < spill) {
        errors.add("week/" + std::to_string(next) + "/" + std::to_string(j) + "/start_minute",
                   "overlaps a shift of the previous day running past midnight");
      }
    }
  }
  std::set<std::chrono::sys_days> days;
  for (std::size_t i = 0; i < holidays.size(); ++i) {
    if (!days.insert(holidays[i]).second) {
      errors.add("holidays/" + std::to_string(i), "is listed twice");
    }
  }
  for (std::size_t i = 0; i < overtime.size(); ++i) {
    const OvertimeWindow& w = overtime[i];
    std::string prefix = "overtime/" + std::to_string(i) + "/";
    if (w.end <= w.start || w.end - w.start > std::chrono::hours(24)) {
      errors.add(prefix + "end", "must be after start and at most 24 hours later");
    }
    check_optional_text(errors, prefix + "reason", w.reason);
    for (std::size_t j = 0; j < i; ++j) {
      const OvertimeWindow& o = overtime[j];
      if (w.start < o.end && o.start < w.end) {
        errors.add(prefix + "start", "overlaps overtime/" + std::to_string(j));
        break;
      }
    }
  }
  return errors.status();
}

std::vector<std::pair<TimePoint, TimePoint>> ShiftCalendar::working_windows(
    TimePoint from, TimePoint to, const TimeZone& zone) const {
  std::vector<Window> raw;
  if (to <= from) return raw;
  using std::chrono::days;
  std::set<std::chrono::sys_days> holiday_set(holidays.begin(), holidays.end());
  const LocalDays first = zone.local_day(from) - days(1);  // night shifts of the day before
  const LocalDays last = zone.local_day(to);
  for (LocalDays day = first; day <= last; day += days(1)) {
    if (holiday_set.count(std::chrono::sys_days(day.time_since_epoch())) != 0) continue;
    unsigned iso = std::chrono::weekday(day).iso_encoding();  // Mon=1..Sun=7
    for (const Shift& s : week[iso - 1]) {
      int32_t cursor = s.start_minute;
      for (const ShiftBreak& b : s.breaks) {
        if (b.start_minute > cursor) {
          raw.emplace_back(at(zone, day, cursor), at(zone, day, b.start_minute));
        }
        cursor = std::max(cursor, b.end_minute);
      }
      if (s.end_minute > cursor) {
        raw.emplace_back(at(zone, day, cursor), at(zone, day, s.end_minute));
      }
    }
  }
  for (const OvertimeWindow& w : overtime) {
    if (w.end > w.start) raw.emplace_back(w.start, w.end);
  }
  std::sort(raw.begin(), raw.end());
  std::vector<Window> out;
  for (Window w : raw) {
    w.first = std::max(w.first, from);
    w.second = std::min(w.second, to);
    if (w.second <= w.first) continue;
    if (!out.empty() && w.first <= out.back().second) {
      out.back().second = std::max(out.back().second, w.second);
    } else {
      out.push_back(w);
    }
  }
  return out;
}

}  // namespace kerf::model
