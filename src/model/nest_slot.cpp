#include "kerf/model/nest_slot.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status NestSlot::validate() const {
  FieldErrors errors;
  if (nest_id <= 0) errors.add("nest_id", "is required");
  if (work_center_id <= 0) errors.add("work_center_id", "is required");
  if (end <= start) errors.add("end", "must be after start");
  return errors.status();
}

}  // namespace kerf::model
