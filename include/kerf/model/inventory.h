// Sheet stock, remnants, heat lots and safety stock levels.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// A mill heat (melt) traced through a mill certificate.
struct HeatLot {
  int64_t id = 0;
  int64_t version = 0;
  std::string number;  // valid code, e.g. "H-8841207"
  Material material = Material::kStainless304;
  std::string mill_cert_ref;  // required, e.g. "MTC-2026-04417"
  std::string supplier;       // required
  TimePoint received;         // required (not the epoch)

  // Ok, or invalid with fields "number", "mill_cert_ref", "supplier", "received".
  Status validate() const;
  friend bool operator==(const HeatLot&, const HeatLot&) = default;
};

// A stack of identical sheets at one location (quantity 1 for a remnant).
struct SheetStock {
  int64_t id = 0;
  int64_t version = 0;
  Material material = Material::kStainless304;
  double thickness_mm = 0;  // (0, 50]
  double length_mm = 0;     // (0, 10000]
  double width_mm = 0;      // (0, 10000], <= length_mm
  int64_t quantity = 0;     // >= 0; <= 1 for a remnant
  std::string location;     // required, e.g. "RACK-A3"
  int64_t heat_lot_id = 0;  // > 0
  bool is_remnant = false;
  int64_t parent_sheet_id = 0;  // > 0 iff is_remnant (the sheet it was cut from), != id

  // Ok, or invalid with fields "thickness_mm", "length_mm", "width_mm", "quantity", "location",
  // "heat_lot_id", "parent_sheet_id".
  Status validate() const;
  friend bool operator==(const SheetStock&, const SheetStock&) = default;
};

// Minimum number of full sheets of a material/gauge to keep in stock.
struct SafetyStock {
  int64_t id = 0;
  int64_t version = 0;
  Material material = Material::kStainless304;
  double thickness_mm = 0;  // (0, 50]
  int64_t minimum_qty = 0;  // >= 0

  // Ok, or invalid with fields "thickness_mm", "minimum_qty".
  Status validate() const;
  friend bool operator==(const SafetyStock&, const SafetyStock&) = default;
};

}  // namespace kerf::model
