// Schema checks and argument repairs (include/kerf/agents/llm/tool_schema.h).
#include <gtest/gtest.h>

#include "kerf/agents/llm/tool_schema.h"

namespace kerf::agents {
namespace {

using nlohmann::json;

const json kSchema = json::parse(R"({
  "type": "object",
  "properties": {
    "job_id": {"type": "integer", "minimum": 1},
    "reason": {"type": "string", "minLength": 3, "maxLength": 20},
    "mode": {"type": "string", "enum": ["fast", "safe"]},
    "weight": {"type": "number", "maximum": 100},
    "urgent": {"type": "boolean"},
    "items": {"type": "array", "items": {
      "type": "object",
      "properties": {"qty": {"type": "integer"}},
      "required": ["qty"]}}
  },
  "required": ["job_id"],
  "additionalProperties": false
})");

std::string field_of(const Status& s) { return s.ok() ? "" : s.error().fields.at(0).field; }

TEST(ToolSchema, AcceptsValidValues) {
  EXPECT_TRUE(validate_against_schema(kSchema, json{{"job_id", 3}}).ok());
  EXPECT_TRUE(validate_against_schema(kSchema, json::parse(R"({"job_id": 3, "reason": "late",
      "mode": "safe", "weight": 2.5, "urgent": true, "items": [{"qty": 1}, {"qty": 2}]})"))
                  .ok());
  // An integral float is an integer; an unconstrained schema takes anything.
  EXPECT_TRUE(validate_against_schema(kSchema, json::parse(R"({"job_id": 3.0})")).ok());
  EXPECT_TRUE(validate_against_schema(json::object(), json::array({1, "x"})).ok());
  EXPECT_TRUE(
      validate_against_schema(json{{"type", json::array({"string", "null"})}}, nullptr).ok());
}

TEST(ToolSchema, ErrorsNameThePath) {
  auto check = [](const json& v, const std::string& field, const std::string& msg) {
    Status s = validate_against_schema(kSchema, v);
    ASSERT_FALSE(s.ok()) << v.dump();
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(field_of(s), field) << s.error().message;
    EXPECT_NE(s.error().message.find(msg), std::string::npos) << s.error().message;
  };
  check(json::array(), "arguments", "expected object, got array");
  check(json::object(), "arguments.job_id", "required");
  check(json{{"job_id", "x"}}, "arguments.job_id", "expected integer, got string");
  check(json{{"job_id", 2.5}}, "arguments.job_id", "expected integer, got number");
  check(json{{"job_id", 0}}, "arguments.job_id", "must be >= 1");
  check(json{{"job_id", 1}, {"weight", 101}}, "arguments.weight", "must be <= 100");
  check(json{{"job_id", 1}, {"reason", "no"}}, "arguments.reason", "shorter than 3");
  check(json{{"job_id", 1}, {"reason", std::string(21, 'x')}}, "arguments.reason",
        "longer than 20");
  check(json{{"job_id", 1}, {"mode", "slow"}}, "arguments.mode", "must be one of");
  check(json{{"job_id", 1}, {"urgent", 1}}, "arguments.urgent", "expected boolean");
  check(json{{"job_id", 1}, {"extra", 1}}, "arguments.extra", "unknown property");
  check(json::parse(R"({"job_id": 1, "items": [{"qty": 1}, {"qty": 1}, {"qty": "a"}]})"),
        "arguments.items[2].qty", "expected integer");
  check(json::parse(R"({"job_id": 1, "items": [{}]})"), "arguments.items[0].qty", "required");
}

TEST(ToolSchema, ParsesCleanArgumentsWithoutRepairs) {
  auto r = parse_tool_arguments(R"({"job_id": 7})", kSchema);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->value, json({{"job_id", 7}}));
  EXPECT_TRUE(r->repairs.empty());
}

TEST(ToolSchema, EachRepair) {
  struct Case {
    std::string raw;
    std::string repair;
  };
  const std::vector<Case> cases = {
      {"```json\n{\"job_id\": 7}\n```", "arguments: code fence"},
      {"```\n{\"job_id\": 7}\n```", "arguments: code fence"},
      {R"({"job_id": 7, "items": [{"qty": 1},],})", "arguments: trailing comma"},
      {R"({'job_id': 7, 'reason': 'it\'s "late"'})", "arguments: single quotes"},
      {R"("{\"job_id\": 7}")", "arguments: JSON string holding the object"},
      {R"({"job_id": "7"})", "arguments.job_id: number given as string"},
      {R"({"job_id": 7, "items": [{"qty": " 2 "}]})",
       "arguments.items[0].qty: number given as string"},
      {R"({"job_id": 7, "weight": "2.5"})", "arguments.weight: number given as string"},
  };
  for (const auto& c : cases) {
    auto r = parse_tool_arguments(c.raw, kSchema);
    ASSERT_TRUE(r.ok()) << c.raw << ": " << r.error().message;
    EXPECT_EQ(r->value["job_id"], 7) << c.raw;
    EXPECT_NE(std::find(r->repairs.begin(), r->repairs.end(), c.repair), r->repairs.end())
        << c.raw << " repairs: " << json(r->repairs).dump();
  }
  // Several at once: a fenced, single-quoted object with a trailing comma.
  auto r = parse_tool_arguments("```json\n{'job_id': '7',}\n```", kSchema);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->value, json({{"job_id", 7}}));
  EXPECT_EQ(r->repairs.size(), 4u) << json(r->repairs).dump();
  // Empty text for a tool without required arguments.
  auto e = parse_tool_arguments("  ", json{{"type", "object"}});
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->value, json::object());
}

TEST(ToolSchema, RefusesWhatNoRepairFixes) {
  auto refused = [](std::string_view raw, const std::string& field) {
    auto r = parse_tool_arguments(raw, kSchema);
    ASSERT_FALSE(r.ok()) << raw;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(r.error().fields.at(0).field, field) << r.error().message;
  };
  refused("job_id=7", "arguments");
  refused(R"({"job_id": 7)", "arguments");
  refused(R"({"job_id": "seven"})", "arguments.job_id");
  refused(R"({"job_id": "7.5"})", "arguments.job_id");  // not an integer even as a number
  refused(R"({"job_id": 7, "mode": "7"})", "arguments.mode");
  refused("", "arguments.job_id");  // empty = {} but job_id is required
  refused(std::string(100, '[') + std::string(100, ']'), "arguments");
  refused(std::string(300 * 1024, ' ') + "{}", "arguments");
  refused("```python\n{\"job_id\": 7}\n```", "arguments");
}

}  // namespace
}  // namespace kerf::agents
