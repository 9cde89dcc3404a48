#include "kerf/model/schedule_slot.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status ScheduleSlot::validate() const {
  FieldErrors errors;
  if (operation_id <= 0) errors.add("operation_id", "is required");
  if (work_center_id <= 0) errors.add("work_center_id", "is required");
  if (end <= start) errors.add("end", "must be after start");
  return errors.status();
}

}  // namespace kerf::model
