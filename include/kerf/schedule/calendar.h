// Working-time arithmetic on a Calendar: where does a piece of work fit?
#pragma once

#include "kerf/schedule/problem.h"

namespace kerf::schedule {

// Placement of `work` ticks of work starting no earlier than `earliest`.
// Splittable work may span several windows (start in one, end in a later one); unsplittable work
// must fit inside a single window. Zero work is placed at the first working instant >= earliest
// (or at `earliest` for an always-open calendar). Returns {kInfinity, kInfinity} when it does
// not fit before the end of the calendar.
Interval place_work(const Calendar& calendar, Time earliest, Time work, bool splittable);

// Working ticks of `calendar` inside [from, to).
Time working_time_between(const Calendar& calendar, Time from, Time to);

// True when `t` lies in a working window (always true for an always-open calendar).
bool is_working(const Calendar& calendar, Time t);

}  // namespace kerf::schedule
