// Planner use cases on schedule slots: move (work center + start), pin, unpin.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/schedule_slot.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

struct MoveSlotInput {
  int64_t slot_id = 0;
  std::optional<int64_t> expected_version;
  int64_t work_center_id = 0;  // must be eligible for the slot's operation ("work_center_id")
  TimePoint start;             // the duration is kept ("start")
};

class ScheduleService {
 public:
  explicit ScheduleService(ChangeRunner& changes) : changes_(changes) {}

  // Planner or lead. A locked slot (frozen horizon) cannot move (kFailedPrecondition); a moved
  // slot becomes pinned so the scheduler keeps it. Event "schedule.slot_moved".
  Result<model::ScheduleSlot> move(const Principal& who, const MoveSlotInput& input);
  // Planner or lead. Events "schedule.slot_pinned" / "schedule.slot_unpinned".
  Result<model::ScheduleSlot> pin(const Principal& who, int64_t slot_id,
                                  std::optional<int64_t> expected_version = std::nullopt);
  Result<model::ScheduleSlot> unpin(const Principal& who, int64_t slot_id,
                                    std::optional<int64_t> expected_version = std::nullopt);

  Result<model::ScheduleSlot> get(const Principal& who, int64_t slot_id);
  Result<store::Page<model::ScheduleSlot>> list(const Principal& who,
                                                const store::ListQuery& query);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
