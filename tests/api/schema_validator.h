// A small JSON-schema validator for the subset the OpenAPI document uses: type (a name or an
// array of names, "null" included), enum, required, properties, additionalProperties false,
// items, anyOf, format date-time/date, and $ref into the document's components.schemas.
#pragma once

#include <nlohmann/json.hpp>
#include <regex>
#include <string>
#include <vector>

namespace kerf::api::testing {

class SchemaValidator {
 public:
  // `document`: the OpenAPI document whose components.schemas $refs resolve into.
  explicit SchemaValidator(nlohmann::json document) : doc_(std::move(document)) {}

  // Every mismatch of `value` against `schema`, each "<JSON path>: <what is wrong>" (the path of
  // the value itself is `path`, "" for the root: "/items/3/status").
  std::vector<std::string> validate(const nlohmann::json& schema, const nlohmann::json& value,
                                    const std::string& path = "") const {
    std::vector<std::string> errors;
    check(schema, value, path, errors, 0);
    return errors;
  }

  // The schema `$ref` names ("#/components/schemas/Job"), or null when it names nothing.
  const nlohmann::json* resolve(const std::string& ref) const {
    static const std::string kPrefix = "#/components/schemas/";
    if (ref.rfind(kPrefix, 0) != 0) return nullptr;
    const auto& schemas = doc_["components"]["schemas"];
    auto it = schemas.find(ref.substr(kPrefix.size()));
    return it == schemas.end() ? nullptr : &*it;
  }

 private:
  static bool has_type(const nlohmann::json& v, const std::string& type) {
    if (type == "null") return v.is_null();
    if (type == "boolean") return v.is_boolean();
    if (type == "integer") return v.is_number_integer();
    if (type == "number") return v.is_number();
    if (type == "string") return v.is_string();
    if (type == "array") return v.is_array();
    if (type == "object") return v.is_object();
    return false;
  }

  static std::string at(const std::string& path) { return path.empty() ? "/" : path; }

  void check(const nlohmann::json& schema, const nlohmann::json& v, const std::string& path,
             std::vector<std::string>& errors, int depth) const {
    if (depth > 64) {
      errors.push_back(at(path) + ": schema nesting too deep");
      return;
    }
    if (schema.contains("$ref")) {
      const auto* target = resolve(schema["$ref"].get<std::string>());
      if (target == nullptr) {
        errors.push_back(at(path) + ": unresolved $ref " + schema["$ref"].dump());
        return;
      }
      check(*target, v, path, errors, depth + 1);
      return;
    }
    if (schema.contains("anyOf")) {
      for (const auto& one : schema["anyOf"]) {
        std::vector<std::string> sub;
        check(one, v, path, sub, depth + 1);
        if (sub.empty()) return;
      }
      errors.push_back(at(path) + ": " + v.dump() + " matches none of anyOf");
      return;
    }
    if (schema.contains("type")) {
      const auto& t = schema["type"];
      bool ok = false;
      if (t.is_string()) {
        ok = has_type(v, t.get<std::string>());
      } else {
        for (const auto& one : t) ok = ok || has_type(v, one.get<std::string>());
      }
      if (!ok) {
        errors.push_back(at(path) + ": " + v.dump() + " is not of type " + t.dump());
        return;
      }
    }
    if (schema.contains("enum")) {
      bool found = false;
      for (const auto& e : schema["enum"]) found = found || e == v;
      if (!found) errors.push_back(at(path) + ": " + v.dump() + " not in " + schema["enum"].dump());
    }
    if (v.is_string() && schema.contains("format")) {
      static const std::regex kDateTime(
          R"(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2}))");
      static const std::regex kDate(R"(\d{4}-\d{2}-\d{2})");
      const std::string& f = schema["format"].get_ref<const std::string&>();
      const std::string& s = v.get_ref<const std::string&>();
      if ((f == "date-time" && !std::regex_match(s, kDateTime)) ||
          (f == "date" && !std::regex_match(s, kDate))) {
        errors.push_back(at(path) + ": \"" + s + "\" is not a " + f);
      }
    }
    if (v.is_object()) {
      static const nlohmann::json kNone = nlohmann::json::object();
      const auto& props = schema.contains("properties") ? schema["properties"] : kNone;
      if (schema.contains("required")) {
        for (const auto& name : schema["required"]) {
          if (!v.contains(name.get<std::string>())) {
            errors.push_back(at(path) + ": required member " + name.dump() + " is missing");
          }
        }
      }
      const bool closed =
          schema.contains("additionalProperties") && schema["additionalProperties"] == false;
      for (const auto& [name, member] : v.items()) {
        if (props.contains(name)) {
          check(props[name], member, path + "/" + name, errors, depth + 1);
        } else if (closed) {
          errors.push_back(at(path) + ": member \"" + name + "\" is not in the schema");
        }
      }
    }
    if (v.is_array() && schema.contains("items")) {
      for (std::size_t i = 0; i < v.size(); ++i) {
        check(schema["items"], v[i], path + "/" + std::to_string(i), errors, depth + 1);
      }
    }
  }

  nlohmann::json doc_;
};

}  // namespace kerf::api::testing
