// The OpenAPI document is whole: every route declares its response (or has no body), every
// $ref resolves, and the validator the response-schema tests rely on names each mismatch.
#include <gtest/gtest.h>

#include <functional>
#include <string>
#include <vector>

#include "api/response_schema_fixture.h"

namespace kerf::api::testing {
namespace {

// A route without a response schema can only be one without a body (204, WebSocket upgrade);
// every $ref anywhere in the document names a component.
TEST_F(ResponseSchemaTest, EveryRouteDeclaresItsResponseAndEveryRefResolves) {
  size_t operations = 0;
  for (const auto& [path, item] : doc_["paths"].items()) {
    for (const auto& [method, op] : item.items()) {
      ++operations;
      std::string success;
      for (const auto& [code, _] : op["responses"].items()) {
        if (code[0] == '1' || code[0] == '2') success = code;
      }
      ASSERT_FALSE(success.empty()) << method << " " << path;
      const json& response = op["responses"][success];
      if (success == "204" || success == "101") {
        EXPECT_FALSE(response.contains("content")) << method << " " << path;
        continue;
      }
      EXPECT_TRUE(response.contains("content") &&
                  !response["content"].begin()->value("schema", json()).is_null())
          << method << " " << path << " (" << success << ") declares no response schema";
    }
  }
  EXPECT_GT(operations, 50u);
  std::vector<std::string> unresolved;
  std::function<void(const json&, const std::string&)> walk = [&](const json& v,
                                                                  const std::string& at) {
    if (v.is_object()) {
      if (v.contains("$ref") && (!v["$ref"].is_string() ||
                                 validator_->resolve(v["$ref"].get<std::string>()) == nullptr)) {
        unresolved.push_back(at + " -> " + v["$ref"].dump());
      }
      for (const auto& [k, child] : v.items()) walk(child, at + "/" + k);
    } else if (v.is_array()) {
      for (size_t i = 0; i < v.size(); ++i) walk(v[i], at + "/" + std::to_string(i));
    }
  };
  walk(doc_, "");
  EXPECT_TRUE(unresolved.empty()) << ::testing::PrintToString(unresolved);
  for (const char* name :
       {"Job",          "Operation",    "ScheduleSlot", "WorkCenter", "Calendar",      "Part",
        "Customer",     "Tool",         "User",         "Sheet",      "HeatLot",       "AuditEntry",
        "Event",        "ScheduleRun",  "Load",         "Conflicts",  "LoginResponse", "Me",
        "CommitResult", "ImportResult", "JobStatus",    "Role"}) {
    EXPECT_TRUE(doc_["components"]["schemas"].contains(name)) << name;
  }
  EXPECT_EQ(doc_["paths"]["/api/v1/jobs"]["get"]["responses"]["200"]["content"]["application/json"]
                ["schema"]["properties"]["items"]["items"]["$ref"],
            "#/components/schemas/Job");
}

// The validator itself rejects what it should, naming the JSON path.
TEST_F(ResponseSchemaTest, ValidatorNamesThePathOfEachMismatch) {
  json job = {{"id", 1},
              {"version", 1},
              {"number", "J"},
              {"part_id", 1},
              {"customer_id", 1},
              {"quantity", 1},
              {"due", "2026-11-23T06:00:00Z"},
              {"priority", 3},
              {"status", "planned"},
              {"held_from", nullptr},
              {"substitute_material", nullptr},
              {"substitute_thickness_mm", nullptr}};
  const json ref = {{"$ref", "#/components/schemas/Job"}};
  EXPECT_TRUE(validator_->validate(ref, job).empty());
  auto errors_of = [&](json v) {
    auto e = validator_->validate({{"type", "object"}, {"properties", {{"job", ref}}}},
                                  {{"job", std::move(v)}});
    return e.empty() ? std::string() : e.front();
  };
  json bad = job;
  bad["status"] = "lost";
  EXPECT_NE(errors_of(bad).find("/job/status"), std::string::npos) << errors_of(bad);
  bad = job;
  bad.erase("number");
  EXPECT_NE(errors_of(bad).find("\"number\" is missing"), std::string::npos) << errors_of(bad);
  bad = job;
  bad["extra"] = 1;
  EXPECT_NE(errors_of(bad).find("\"extra\" is not in the schema"), std::string::npos);
  bad = job;
  bad["quantity"] = 1.5;
  EXPECT_NE(errors_of(bad).find("/job/quantity"), std::string::npos);
  bad = job;
  bad["due"] = nullptr;
  EXPECT_NE(errors_of(bad).find("/job/due"), std::string::npos);
  bad = job;
  bad["held_from"] = "on_hold";
  EXPECT_TRUE(errors_of(bad).empty()) << errors_of(bad);
  bad["due"] = "tomorrow";
  EXPECT_NE(errors_of(bad).find("date-time"), std::string::npos);
  EXPECT_FALSE(validator_->validate({{"$ref", "#/components/schemas/Nope"}}, 1).empty());
}

}  // namespace
}  // namespace kerf::api::testing
