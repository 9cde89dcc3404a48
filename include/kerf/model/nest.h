// A nest: one cutting program placing parts from several jobs on one sheet.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

struct NestPart {
  int64_t job_id = 0;   // > 0
  int64_t part_id = 0;  // > 0
  int64_t qty = 1;      // > 0
  friend bool operator==(const NestPart&, const NestPart&) = default;
};

struct Nest {
  int64_t id = 0;
  int64_t version = 0;
  std::string program_name;  // valid code, e.g. "N-304-1.5-0042"
  Material material = Material::kStainless304;
  double thickness_mm = 0;      // (0, 50]
  int64_t sheet_id = 0;         // SheetStock id; > 0
  std::vector<NestPart> parts;  // non-empty; (job_id, part_id) unique

  // Ok, or invalid with fields "program_name", "thickness_mm", "sheet_id", "parts",
  // "parts/<i>/job_id", "parts/<i>/part_id", "parts/<i>/qty".
  Status validate() const;
  friend bool operator==(const Nest&, const Nest&) = default;
};

}  // namespace kerf::model
