#include "kerf/schedule/calendar_builder.h"

#include <algorithm>
#include <chrono>

namespace kerf::schedule {
namespace {

bool valid_date(LocalDate d) {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  int max_day = kDays[d.month - 1] + (d.month == 2 && leap ? 1 : 0);
  return d.day <= max_day;
}

int64_t floor_div(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

}  // namespace

int64_t days_from_civil(LocalDate date) {
  // H. Hinnant's days_from_civil.
  int64_t y = date.year - (date.month <= 2 ? 1 : 0);
  int64_t era = floor_div(y, 400);
  int64_t yoe = y - era * 400;
  int64_t m = date.month;
  int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + date.day - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

std::vector<Interval> merge_intervals(std::vector<Interval> intervals) {
  std::erase_if(intervals, [](const Interval& i) { return i.end <= i.start; });
  std::sort(intervals.begin(), intervals.end(),
            [](const Interval& a, const Interval& b) { return a.start < b.start; });
  std::vector<Interval> out;
  for (const Interval& i : intervals) {
    if (!out.empty() && i.start <= out.back().end) {
      out.back().end = std::max(out.back().end, i.end);
    } else {
      out.push_back(i);
    }
  }
  return out;
}

std::vector<Interval> subtract_intervals(const std::vector<Interval>& base,
                                         const std::vector<Interval>& removed) {
  std::vector<Interval> cuts = merge_intervals(removed);
  std::vector<Interval> out;
  for (const Interval& b : merge_intervals(base)) {
    Time cursor = b.start;
    for (const Interval& c : cuts) {
      if (c.end <= cursor) continue;
      if (c.start >= b.end) break;
      if (c.start > cursor) out.push_back({cursor, c.start});
      cursor = std::max(cursor, c.end);
      if (cursor >= b.end) break;
    }
    if (cursor < b.end) out.push_back({cursor, b.end});
  }
  return out;
}

Result<Calendar> build_calendar(const CalendarSpec& spec, int64_t origin_epoch_s,
                                Interval horizon) {
  std::vector<FieldError> errors;
  for (size_t d = 0; d < spec.week.size(); ++d) {
    for (size_t s = 0; s < spec.week[d].size(); ++s) {
      const Shift& shift = spec.week[d][s];
      std::string field = "week/" + std::to_string(d) + "/" + std::to_string(s);
      if (shift.start_minute < 0 || shift.end_minute <= shift.start_minute ||
          shift.end_minute - shift.start_minute > 48 * 60) {
        errors.push_back({field, "shift must satisfy 0 <= start < end <= start + 2880"});
      }
      for (size_t b = 0; b < shift.breaks.size(); ++b) {
        auto [bs, be] = shift.breaks[b];
        if (be <= bs || bs < shift.start_minute || be > shift.end_minute) {
          errors.push_back({field + "/breaks/" + std::to_string(b), "break outside its shift"});
        }
      }
    }
  }
  for (size_t h = 0; h < spec.holidays.size(); ++h) {
    if (!valid_date(spec.holidays[h])) {
      errors.push_back({"holidays/" + std::to_string(h), "impossible date"});
    }
  }
  for (size_t i = 0; i < spec.overtime.size(); ++i) {
    if (spec.overtime[i].end < spec.overtime[i].start) {
      errors.push_back({"overtime/" + std::to_string(i), "end before start"});
    }
  }
  for (size_t i = 0; i < spec.downtime.size(); ++i) {
    if (spec.downtime[i].end < spec.downtime[i].start) {
      errors.push_back({"downtime/" + std::to_string(i), "end before start"});
    }
  }
  if (horizon.end < horizon.start) errors.push_back({"horizon", "end before start"});
  if (!errors.empty()) return Error::invalid(std::move(errors));

  std::vector<int64_t> holiday_days;
  for (const LocalDate& h : spec.holidays) holiday_days.push_back(days_from_civil(h));
  const TimeZone& zone = spec.zone;
  // Tick of a plant-local wall time (minutes from local midnight of `day`, may pass midnight).
  auto tick_of = [&](LocalDays day, int minute) -> Time {
    TimePoint t = zone.to_utc(LocalTime(day) + std::chrono::minutes(minute));
    return std::chrono::floor<std::chrono::seconds>(t).time_since_epoch().count() - origin_epoch_s;
  };
  auto instant = [&](Time tick) { return TimePoint(std::chrono::seconds(tick + origin_epoch_s)); };
  // Shifts may last up to 2 days, so start two local days before the horizon.
  const LocalDays first_day = zone.local_day(instant(horizon.start)) - std::chrono::days(2);
  const LocalDays last_day = zone.local_day(instant(horizon.end));
  std::vector<Interval> windows;
  for (LocalDays day = first_day; day <= last_day; day += std::chrono::days(1)) {
    const int64_t day_number = day.time_since_epoch().count();
    if (std::find(holiday_days.begin(), holiday_days.end(), day_number) != holiday_days.end()) {
      continue;
    }
    const unsigned weekday = std::chrono::weekday(day).iso_encoding() - 1;  // Monday = 0
    for (const Shift& shift : spec.week[weekday]) {
      std::vector<Interval> breaks;
      for (auto [bs, be] : shift.breaks) breaks.push_back({tick_of(day, bs), tick_of(day, be)});
      auto parts = subtract_intervals(
          {{tick_of(day, shift.start_minute), tick_of(day, shift.end_minute)}}, breaks);
      windows.insert(windows.end(), parts.begin(), parts.end());
    }
  }
  windows.insert(windows.end(), spec.overtime.begin(), spec.overtime.end());
  windows = subtract_intervals(merge_intervals(std::move(windows)), spec.downtime);
  windows = subtract_intervals(windows, {{-kInfinity, horizon.start}, {horizon.end, kInfinity}});
  Calendar c;
  c.name = spec.name;
  c.always_open = false;
  c.windows = std::move(windows);
  return c;
}

}  // namespace kerf::schedule
