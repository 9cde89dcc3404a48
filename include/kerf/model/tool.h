// Punch and press brake tooling with hit-count life.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

struct Tool {
  int64_t id = 0;
  int64_t version = 0;
  std::string code;  // valid code, unique, e.g. "RO-10.0"
  ToolKind kind = ToolKind::kPunch;
  std::string description;    // optional
  int64_t life_hits_max = 1;  // > 0; hits before regrind/replacement
  int64_t hits_used = 0;      // >= 0 (may exceed life_hits_max: an overused tool)

  // Hits left before the life is reached (0 when used up or overused).
  int64_t remaining() const { return hits_used >= life_hits_max ? 0 : life_hits_max - hits_used; }
  // Ok, or invalid with fields "code", "description", "life_hits_max", "hits_used".
  Status validate() const;
  friend bool operator==(const Tool&, const Tool&) = default;
};

}  // namespace kerf::model
