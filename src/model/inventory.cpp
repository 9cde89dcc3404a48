#include "kerf/model/inventory.h"

#include "kerf/model/validation.h"

namespace kerf::model {
namespace {

void check_thickness(FieldErrors& errors, double thickness_mm) {
  if (!(thickness_mm > 0 && thickness_mm <= 50)) {
    errors.add("thickness_mm", "must be > 0 and <= 50");
  }
}

}  // namespace

Status HeatLot::validate() const {
  FieldErrors errors;
  check_code(errors, "number", number);
  check_required_text(errors, "mill_cert_ref", mill_cert_ref);
  check_required_text(errors, "supplier", supplier);
  if (received == TimePoint{}) errors.add("received", "is required");
  return errors.status();
}

Status SheetStock::validate() const {
  FieldErrors errors;
  check_thickness(errors, thickness_mm);
  if (!(length_mm > 0 && length_mm <= 10000)) errors.add("length_mm", "must be > 0 and <= 10000");
  if (!(width_mm > 0 && width_mm <= 10000)) {
    errors.add("width_mm", "must be > 0 and <= 10000");
  } else if (width_mm > length_mm) {
    errors.add("width_mm", "must not exceed length_mm");
  }
  if (quantity < 0) {
    errors.add("quantity", "must not be negative");
  } else if (is_remnant && quantity > 1) {
    errors.add("quantity", "must be 0 or 1 for a remnant");
  }
  check_required_text(errors, "location", location);
  if (heat_lot_id <= 0) errors.add("heat_lot_id", "is required");
  if (is_remnant) {
    if (parent_sheet_id <= 0) {
      errors.add("parent_sheet_id", "is required for a remnant");
    } else if (id > 0 && parent_sheet_id == id) {
      errors.add("parent_sheet_id", "must not be the sheet itself");
    }
  } else if (parent_sheet_id != 0) {
    errors.add("parent_sheet_id", "must be 0 unless the sheet is a remnant");
  }
  return errors.status();
}

Status SafetyStock::validate() const {
  FieldErrors errors;
  check_thickness(errors, thickness_mm);
  if (minimum_qty < 0) errors.add("minimum_qty", "must not be negative");
  return errors.status();
}

}  // namespace kerf::model
