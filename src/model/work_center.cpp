#include "kerf/model/work_center.h"

#include "kerf/model/validation.h"

namespace kerf::model {

Status Capabilities::validate() const {
  FieldErrors errors;
  if (processes.empty()) errors.add("processes", "must name at least one process");
  if (!(max_thickness_mm >= 0 && max_thickness_mm <= 50)) {
    errors.add("max_thickness_mm", "must be between 0 (no limit) and 50");
  }
  if (!(max_sheet_length_mm >= 0 && max_sheet_length_mm <= 20000)) {
    errors.add("max_sheet_length_mm", "must be between 0 (no limit) and 20000");
  }
  if (!(max_sheet_width_mm >= 0 && max_sheet_width_mm <= 20000)) {
    errors.add("max_sheet_width_mm", "must be between 0 (no limit) and 20000");
  } else if (max_sheet_width_mm > 0 && max_sheet_length_mm > 0 &&
             max_sheet_width_mm > max_sheet_length_mm) {
    errors.add("max_sheet_width_mm", "must not exceed max_sheet_length_mm");
  }
  if (!(tonnage >= 0 && tonnage <= 10000)) errors.add("tonnage", "must be between 0 and 10000");
  return errors.status();
}

bool Capabilities::accepts(Material material, double thickness_mm, double length_mm,
                           double width_mm) const {
  if (!materials.empty() && materials.count(material) == 0) return false;
  if (max_thickness_mm > 0 && thickness_mm > max_thickness_mm) return false;
  double lo = std::min(length_mm, width_mm);
  double hi = std::max(length_mm, width_mm);
  if (max_sheet_length_mm > 0 && hi > max_sheet_length_mm) return false;
  if (max_sheet_width_mm > 0 && lo > max_sheet_width_mm) return false;
  return true;
}

Status WorkCenter::validate() const {
  FieldErrors errors;
  check_code(errors, "code", code);
  check_required_text(errors, "name", name);
  errors.merge("capabilities", capabilities.validate());
  if (!(efficiency > 0 && efficiency <= 2)) {
    errors.add("efficiency", "must be greater than 0 and at most 2");
  }
  if (cost_rate_cents_per_hour < 0) errors.add("cost_rate_cents_per_hour", "must not be negative");
  if (calendar_id < 0) errors.add("calendar_id", "must not be negative");
  return errors.status();
}

}  // namespace kerf::model
