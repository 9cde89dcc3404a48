// The plant (one site) and its department records.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// One manufacturing site. Local time = UTC + utc_offset_minutes (fixed; the IANA zone is kept
// for display and for future DST-aware calendars).
struct Plant {
  int64_t id = 0;
  int64_t version = 0;
  std::string name;                // required, <= 200 chars
  std::string time_zone = "UTC";   // IANA name: "UTC" or "Area/Location[/Sub]", [A-Za-z0-9_+-]
  int32_t utc_offset_minutes = 0;  // [-720, 840]

  // Ok, or invalid with fields "name", "time_zone", "utc_offset_minutes".
  Status validate() const;
  friend bool operator==(const Plant&, const Plant&) = default;
};

// A department as configured in a plant (the enum is the identity; code/name are display data).
struct DepartmentRecord {
  int64_t id = 0;
  int64_t version = 0;
  Department department = Department::kLaser;
  std::string code;  // valid code, e.g. "LAS"
  std::string name;  // required, e.g. "Laser cutting"

  // Ok, or invalid with fields "code", "name".
  Status validate() const;
  friend bool operator==(const DepartmentRecord&, const DepartmentRecord&) = default;
};

}  // namespace kerf::model
