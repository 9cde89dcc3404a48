// JSON-schema checks of tool-call arguments (the subset tools use: type object/string/integer/
// number/boolean/array, properties, required, enum, minimum/maximum, minLength/maxLength,
// items, additionalProperties false) and the repairs applied to a model's malformed arguments
// before they are checked: code fences, trailing commas, single quotes, a JSON string holding
// the object, numbers given as strings for integer/number fields. Anything else is refused.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kerf/core/result.h"

namespace kerf::agents {

// Ok when `value` satisfies `schema`; else kInvalidArgument naming the path
// ("arguments.items[2].qty: expected integer").
Status validate_against_schema(const nlohmann::json& schema, const nlohmann::json& value,
                               const std::string& path = "arguments");

struct RepairedArguments {
  nlohmann::json value;
  std::vector<std::string> repairs;  // empty when the text parsed and validated as is
};
// Parses `raw` (a model's arguments text), repairing what the header lists, then validates.
// kInvalidArgument when no repair yields a valid value.
Result<RepairedArguments> parse_tool_arguments(std::string_view raw, const nlohmann::json& schema);

}  // namespace kerf::agents
