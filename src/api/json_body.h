// Private to the server: parsing a request body as JSON with errors a client can act on.
#pragma once

#include <nlohmann/json.hpp>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::api {

// Parses `body`. Malformed JSON is an invalid-argument error naming the byte position; a
// number outside the range of a double (1e400) is one naming the field ("rows/3/qty", "" for
// the top level). Never throws for any input.
Result<nlohmann::json> parse_json_body(std::string_view body);

}  // namespace kerf::api
