// Building blocks of the response schemas (openapi_schemas.cpp, openapi_view_schemas.cpp):
// JSON-schema fragments for types, closed objects, enums and nullables.
#pragma once

#include <initializer_list>
#include <nlohmann/json.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kerf/model/model.h"

namespace kerf::api::schemas::detail {

using nlohmann::json;

inline json type(const char* t) { return {{"type", t}}; }
inline json integer() { return type("integer"); }
inline json number() { return type("number"); }
inline json string() { return type("string"); }
inline json boolean() { return type("boolean"); }
inline json date_time() { return {{"type", "string"}, {"format", "date-time"}}; }
inline json date() { return {{"type", "string"}, {"format", "date"}}; }
inline json array_of(json items) { return {{"type", "array"}, {"items", std::move(items)}}; }
// `schema` whose type also admits null (OpenAPI 3.1 type arrays).
inline json nullable(json schema) {
  schema["type"] = json::array({schema["type"], "null"});
  if (schema.contains("enum")) schema["enum"].push_back(nullptr);
  return schema;
}

// A closed object: exactly `properties`, of which `required` are always present.
inline json object(json properties, std::vector<std::string> required) {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", std::move(required)},
          {"properties", std::move(properties)}};
}

// An object whose every property is always present.
inline json closed(json properties) {
  std::vector<std::string> required;
  for (const auto& [name, _] : properties.items()) required.push_back(name);
  return object(std::move(properties), std::move(required));
}

// {"type": "string", "enum": [...]} of the snake_case names of `values`.
template <typename Values>
json enum_of(const Values& values) {
  json names = json::array();
  for (auto v : values) names.push_back(std::string(model::to_string(v)));
  return {{"type", "string"}, {"enum", names}};
}

inline json strings(std::initializer_list<const char*> names) {
  json out = json::array();
  for (const char* n : names) out.push_back(n);
  return {{"type", "string"}, {"enum", out}};
}

// Members every stored entity has.
inline json entity(json properties) {
  properties["id"] = integer();
  properties["version"] = integer();
  return closed(std::move(properties));
}

}  // namespace kerf::api::schemas::detail
