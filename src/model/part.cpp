#include "kerf/model/part.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status Part::validate() const {
  FieldErrors errors;
  check_code(errors, "number", number);
  check_code(errors, "revision", revision);
  check_required_text(errors, "description", description);
  double min_exclusive = assembly ? -1 : 0;  // assemblies may leave sizes at 0
  if (!(thickness_mm > min_exclusive && thickness_mm >= 0 && thickness_mm <= 50)) {
    errors.add("thickness_mm", assembly ? "must be between 0 and 50" : "must be > 0 and <= 50");
  }
  if (!(flat_length_mm > min_exclusive && flat_length_mm >= 0 && flat_length_mm <= 10000)) {
    errors.add("flat_length_mm",
               assembly ? "must be between 0 and 10000" : "must be > 0 and <= 10000");
  }
  if (!(flat_width_mm > min_exclusive && flat_width_mm >= 0 && flat_width_mm <= 10000)) {
    errors.add("flat_width_mm",
               assembly ? "must be between 0 and 10000" : "must be > 0 and <= 10000");
  } else if (flat_width_mm > flat_length_mm) {
    errors.add("flat_width_mm", "must not exceed flat_length_mm");
  }
  if (!(weight_kg >= 0 && weight_kg <= 10000))
    errors.add("weight_kg", "must be between 0 and 10000");
  return errors.status();
}

Status BomLine::validate() const {
  FieldErrors errors;
  if (parent_part_id <= 0) errors.add("parent_part_id", "is required");
  if (component_part_id <= 0) {
    errors.add("component_part_id", "is required");
  } else if (component_part_id == parent_part_id) {
    errors.add("component_part_id", "must differ from parent_part_id");
  }
  if (quantity_per < 1 || quantity_per > 10000) {
    errors.add("quantity_per", "must be between 1 and 10000");
  }
  return errors.status();
}

}  // namespace kerf::model
