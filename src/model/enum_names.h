// Internal: generic string <-> enum helpers over a name table.
#pragma once

#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::model::detail {

// Finds `text` among to_string(e) for e in `all`; otherwise an invalid-argument error on field
// `what` listing the accepted names.
template <typename E, typename Range>
Result<E> parse_enum(std::string_view text, const Range& all, const char* what) {
  for (E e : all) {
    if (to_string(e) == text) return e;
  }
  std::string expected;
  for (E e : all) {
    if (!expected.empty()) expected += ", ";
    expected += to_string(e);
  }
  std::string shown(text.substr(0, 40));
  return Error::invalid(what, "unknown " + std::string(what) + " '" + shown +
                                  "' (expected one of: " + expected + ")");
}

}  // namespace kerf::model::detail
