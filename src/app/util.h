// Small helpers shared by the use cases.
#pragma once

#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>

#include "kerf/core/result.h"

// Evaluates a Status/Result expression and returns its error from the enclosing function.
#define KERF_TRY(expr)                                           \
  do {                                                           \
    auto kerf_try_result_ = (expr);                              \
    if (!kerf_try_result_.ok()) return kerf_try_result_.error(); \
  } while (0)

namespace kerf::app {

// kConflict "<entity> <id> was changed by someone else (version A, you sent B)" when an expected
// version was given and differs from the actual one.
inline Status check_version(const std::string& entity, int64_t id, int64_t actual,
                            std::optional<int64_t> expected) {
  if (!expected || *expected == actual) return ok_status();
  return Error::conflict(entity + " " + std::to_string(id) +
                         " was changed by someone else (version " + std::to_string(actual) +
                         ", you sent " + std::to_string(*expected) + ")");
}

// A measure for people: "1.5", "3000", "0.75" (up to 6 significant digits, no trailing zeros).
inline std::string number_text(double value) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.6g", value);
  return buf;
}

// An invalid-argument error whose field says what was not found.
inline Error missing_reference(const std::string& field, const std::string& what) {
  return Error::invalid(field, what + " not found");
}

}  // namespace kerf::app
