// One scheduled nest (Sigmanest cutting program) on one laser: the placement of a nest batch
// operation (docs/scheduling.md, "Nests"). Stored in nest_slots (migration 9), beside the
// per-operation schedule_slots.
#pragma once

#include <cstdint>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::model {

struct NestSlot {
  int64_t id = 0;
  int64_t version = 0;
  int64_t nest_id = 0;         // > 0
  int64_t work_center_id = 0;  // > 0
  TimePoint start;
  TimePoint end;        // > start
  bool pinned = false;  // planner fixed this work center and start
  bool locked = false;  // inside the frozen horizon; the scheduler may not move it

  // Ok, or invalid with fields "nest_id", "work_center_id", "end".
  Status validate() const;
  friend bool operator==(const NestSlot&, const NestSlot&) = default;
};

}  // namespace kerf::model
