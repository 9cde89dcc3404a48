// A work center (machine, cell, bench, dock) and what it can do.
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// What a work center can process. Zero limits mean "not applicable" (e.g. a weld cell has no
// sheet size limit, a laser has no tonnage).
struct Capabilities {
  std::set<Process> processes;     // non-empty
  std::set<Material> materials;    // empty = any material
  double max_thickness_mm = 0;     // >= 0, 0 = no limit; <= 50
  double max_sheet_length_mm = 0;  // >= 0, 0 = no limit
  double max_sheet_width_mm = 0;   // >= 0, 0 = no limit; <= max_sheet_length_mm when both set
  double tonnage = 0;              // press force in metric tons, >= 0

  // Ok, or invalid with fields "processes", "max_thickness_mm", "max_sheet_length_mm",
  // "max_sheet_width_mm", "tonnage" (unprefixed; WorkCenter prefixes "capabilities/").
  Status validate() const;
  // True if `material` at `thickness_mm` on a blank of length x width fits these limits
  // (dimensions 0 are not checked).
  bool accepts(Material material, double thickness_mm, double length_mm, double width_mm) const;
  friend bool operator==(const Capabilities&, const Capabilities&) = default;
};

struct WorkCenter {
  int64_t id = 0;
  int64_t version = 0;
  std::string code;  // valid code, unique per plant, e.g. "LAS-12K"
  std::string name;  // required
  Department department = Department::kLaser;
  Capabilities capabilities;
  double efficiency = 1.0;               // (0, 2]; run time = nominal / efficiency
  int64_t cost_rate_cents_per_hour = 0;  // >= 0
  WorkCenterStatus status = WorkCenterStatus::kAvailable;
  int64_t calendar_id = 0;  // ShiftCalendar id; 0 = none (always open)

  // Ok, or invalid with fields "code", "name", "capabilities/<field>", "efficiency",
  // "cost_rate_cents_per_hour", "calendar_id".
  Status validate() const;
  friend bool operator==(const WorkCenter&, const WorkCenter&) = default;
};

}  // namespace kerf::model
