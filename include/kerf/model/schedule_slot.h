// One scheduled operation on one work center.
#pragma once

#include <cstdint>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::model {

struct ScheduleSlot {
  int64_t id = 0;
  int64_t version = 0;
  int64_t operation_id = 0;    // > 0
  int64_t work_center_id = 0;  // > 0
  TimePoint start;
  TimePoint end;        // > start
  bool pinned = false;  // planner fixed this work center and start
  bool locked = false;  // inside the frozen horizon; the scheduler may not move it

  // Ok, or invalid with fields "operation_id", "work_center_id", "end".
  Status validate() const;
  friend bool operator==(const ScheduleSlot&, const ScheduleSlot&) = default;
};

}  // namespace kerf::model
