// The plant (one site) and its department records.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// One manufacturing site. Plant-local time (shifts, holidays, load buckets, "today") is the IANA
// zone `time_zone` with its daylight saving rules (see core/time_zone.h).
struct Plant {
  int64_t id = 0;
  int64_t version = 0;
  std::string name;               // required, <= 200 chars
  std::string time_zone = "UTC";  // IANA name: "UTC" or "Area/Location[/Sub]" in the tz database
  // Legacy fixed offset kept for stored rows (NOT NULL column); never used for time: the zone
  // wins. [-720, 840]
  int32_t utc_offset_minutes = 0;

  // Ok, or invalid with fields "name", "time_zone" (bad form or not in the tz database),
  // "utc_offset_minutes".
  Status validate() const;
  // The plant's zone; kInvalidArgument on "time_zone" when the tz database does not know it.
  Result<TimeZone> zone() const;
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
