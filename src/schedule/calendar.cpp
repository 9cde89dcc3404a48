#include "kerf/schedule/calendar.h"

#include <algorithm>

namespace kerf::schedule {
namespace {

// First window whose end is after t.
std::vector<Interval>::const_iterator first_window_after(const Calendar& c, Time t) {
  return std::upper_bound(c.windows.begin(), c.windows.end(), t,
                          [](Time value, const Interval& w) { return value < w.end; });
}

}  // namespace

Interval place_work(const Calendar& calendar, Time earliest, Time work, bool splittable) {
  if (calendar.always_open) return {earliest, earliest + work};
  auto it = first_window_after(calendar, earliest);
  if (!splittable) {
    for (; it != calendar.windows.end(); ++it) {
      Time start = std::max(earliest, it->start);
      if (it->end - start >= work) return {start, start + work};
    }
    return {kInfinity, kInfinity};
  }
  if (it == calendar.windows.end()) return {kInfinity, kInfinity};
  Time start = std::max(earliest, it->start);
  Time remaining = work;
  Time cursor = start;
  for (; it != calendar.windows.end(); ++it) {
    cursor = std::max(cursor, it->start);
    Time available = it->end - cursor;
    if (available >= remaining) return {start, cursor + remaining};
    remaining -= available;
  }
  return {kInfinity, kInfinity};
}

Time working_time_between(const Calendar& calendar, Time from, Time to) {
  if (to <= from) return 0;
  if (calendar.always_open) return to - from;
  Time total = 0;
  for (auto it = first_window_after(calendar, from); it != calendar.windows.end(); ++it) {
    if (it->start >= to) break;
    total += std::min(to, it->end) - std::max(from, it->start);
  }
  return total;
}

bool is_working(const Calendar& calendar, Time t) {
  if (calendar.always_open) return true;
  auto it = first_window_after(calendar, t);
  return it != calendar.windows.end() && it->start <= t;
}

}  // namespace kerf::schedule
