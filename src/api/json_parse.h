// Strict parsing of JSON request bodies: the server's one call to turn a body into a DOM.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::api {

// Parses `text` as one JSON value. kInvalidArgument when it is malformed (message and field ""
// read "malformed JSON at byte N") or when an object carries the same member twice: the field
// names the duplicated member by its path ("due", "operations/1/name") and nothing is guessed
// (nlohmann's default would silently keep the last one); a number beyond the range of a double
// (1e400) names its path too ("" at the top level). One pass, no second DOM; never throws.
Result<nlohmann::json> parse_json_body(std::string_view text);

}  // namespace kerf::api
