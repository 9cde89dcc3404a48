// Test helpers: the field names of a failed Status.
#pragma once

#include <string>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::model::testing {

// Field names of a failed validation, in order; empty when `s` is ok.
inline std::vector<std::string> fields_of(const Status& s) {
  std::vector<std::string> out;
  if (s.ok()) return out;
  for (const FieldError& f : s.error().fields) out.push_back(f.field);
  return out;
}

}  // namespace kerf::model::testing
