// libFuzzer target for the repair-and-validate path of a model's tool-call arguments
// (agents::parse_tool_arguments, docs/llm.md "Repairs") with a fixed schema covering every
// supported keyword. Any input must be refused with kInvalidArgument naming a path under
// "arguments", or give a value that passes validate_against_schema and that, dumped and parsed
// again, is accepted unchanged without any repair. Build with the `fuzz` preset.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string_view>

#include "kerf/agents/llm/tool_schema.h"

namespace {

const nlohmann::json& schema() {
  static const nlohmann::json s = nlohmann::json::parse(R"({
    "type": "object",
    "properties": {
      "job_id": {"type": "integer", "minimum": 1, "maximum": 100000000},
      "qty": {"type": "number", "minimum": 0},
      "reason": {"type": "string", "minLength": 1, "maxLength": 200},
      "verdict": {"type": "string", "enum": ["approve", "reject", "edit"]},
      "urgent": {"type": "boolean"},
      "note": {"type": ["string", "null"]},
      "items": {"type": "array", "items": {
        "type": "object",
        "properties": {"job_id": {"type": "integer"}, "delay_s": {"type": "number"}},
        "required": ["job_id"],
        "additionalProperties": false}}
    },
    "required": ["job_id"],
    "additionalProperties": false
  })");
  return s;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > (1 << 16)) return 0;
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  auto r = kerf::agents::parse_tool_arguments(raw, schema());
  if (!r.ok()) {
    const auto& e = r.error();
    if (e.code != kerf::ErrorCode::kInvalidArgument || e.fields.empty() ||
        e.fields[0].field.rfind("arguments", 0) != 0) {
      abort();
    }
    return 0;
  }
  if (!kerf::agents::validate_against_schema(schema(), r->value).ok()) abort();
  const std::string again = r->value.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  auto twice = kerf::agents::parse_tool_arguments(again, schema());
  if (!twice.ok() || !twice->repairs.empty() || twice->value != r->value) abort();
  return 0;
}
