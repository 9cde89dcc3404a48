#include "kerf/agents/llm/tool_schema.h"

#include <cmath>
#include <cstdlib>
#include <limits>

namespace kerf::agents {
namespace {

using nlohmann::json;

constexpr size_t kMaxArgumentBytes = 256 * 1024;  // a model's arguments text, before repairs
constexpr int kMaxDepth = 64;                     // nesting of arrays/objects in arguments

std::string type_of(const json& v) {
  switch (v.type()) {
    case json::value_t::null:
      return "null";
    case json::value_t::boolean:
      return "boolean";
    case json::value_t::number_integer:
    case json::value_t::number_unsigned:
      return "integer";
    case json::value_t::number_float:
      return "number";
    case json::value_t::string:
      return "string";
    case json::value_t::array:
      return "array";
    case json::value_t::object:
      return "object";
    default:
      return "value";
  }
}

bool is_integral(const json& v) {
  if (v.is_number_integer() || v.is_number_unsigned()) return true;
  if (!v.is_number_float()) return false;
  double d = v.get<double>();
  return std::isfinite(d) && std::floor(d) == d && std::fabs(d) < 9.007199254740992e15;
}

bool has_type(const json& v, const std::string& type) {
  if (type == "integer") return is_integral(v);
  if (type == "number") return v.is_number();
  if (type == "string") return v.is_string();
  if (type == "boolean") return v.is_boolean();
  if (type == "object") return v.is_object();
  if (type == "array") return v.is_array();
  if (type == "null") return v.is_null();
  return false;
}

// The schema's allowed types ("" entries never; empty = any).
std::vector<std::string> schema_types(const json& schema) {
  std::vector<std::string> out;
  if (!schema.is_object() || !schema.contains("type")) return out;
  const json& t = schema["type"];
  if (t.is_string()) out.push_back(t.get<std::string>());
  if (t.is_array()) {
    for (const auto& e : t) {
      if (e.is_string()) out.push_back(e.get<std::string>());
    }
  }
  return out;
}

size_t utf8_length(const std::string& s) {
  size_t n = 0;
  for (unsigned char c : s) {
    if ((c & 0xC0) != 0x80) ++n;
  }
  return n;
}

std::string short_dump(const json& v) {
  std::string s = v.dump(-1, ' ', false, json::error_handler_t::replace);
  if (s.size() > 60) s = s.substr(0, 57) + "...";
  return s;
}

std::string number_text(double d) {
  if (std::floor(d) == d && std::fabs(d) < 1e15) return std::to_string(static_cast<int64_t>(d));
  return json(d).dump();
}

// Whether `text` is a JSON nesting deeper than kMaxDepth (counted outside strings).
bool too_deep(std::string_view text) {
  int depth = 0;
  bool in_string = false;
  char quote = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;
      } else if (c == quote) {
        in_string = false;
      }
      continue;
    }
    if (c == '"' || c == '\'') {
      in_string = true;
      quote = c;
    } else if (c == '{' || c == '[') {
      if (++depth > kMaxDepth) return true;
    } else if (c == '}' || c == ']') {
      --depth;
    }
  }
  return false;
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && std::isspace(static_cast<unsigned char>(s[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(s[e - 1]))) --e;
  return std::string(s.substr(b, e - b));
}

// Strips a Markdown code fence (```json ... ```); false when there is none.
bool strip_code_fence(std::string& text) {
  if (text.rfind("```", 0) != 0) return false;
  size_t nl = text.find('\n');
  if (nl == std::string::npos) return false;
  std::string lang = trim(std::string_view(text).substr(3, nl - 3));
  if (!lang.empty() && lang != "json" && lang != "JSON") return false;
  std::string body = text.substr(nl + 1);
  std::string t = trim(body);
  if (t.size() < 3 || t.compare(t.size() - 3, 3, "```") != 0) return false;
  text = trim(std::string_view(t).substr(0, t.size() - 3));
  return true;
}

// Removes commas directly before a closing } or ] (outside strings).
bool strip_trailing_commas(std::string& text) {
  std::string out;
  out.reserve(text.size());
  bool in_string = false, changed = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (in_string) {
      out += c;
      if (c == '\\' && i + 1 < text.size()) {
        out += text[++i];
      } else if (c == '"') {
        in_string = false;
      }
      continue;
    }
    if (c == '"') in_string = true;
    if (c == ',') {
      size_t j = i + 1;
      while (j < text.size() && std::isspace(static_cast<unsigned char>(text[j]))) ++j;
      if (j < text.size() && (text[j] == '}' || text[j] == ']')) {
        changed = true;
        continue;
      }
    }
    out += c;
  }
  if (changed) text = std::move(out);
  return changed;
}

// Rewrites 'single-quoted' strings as "double-quoted" ones (outside double-quoted strings).
bool convert_single_quotes(std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
  bool changed = false;
  for (size_t i = 0; i < text.size(); ++i) {
    char c = text[i];
    if (c == '"') {  // copy a double-quoted string as is
      out += c;
      for (++i; i < text.size(); ++i) {
        out += text[i];
        if (text[i] == '\\' && i + 1 < text.size()) {
          out += text[++i];
        } else if (text[i] == '"') {
          break;
        }
      }
      continue;
    }
    if (c != '\'') {
      out += c;
      continue;
    }
    changed = true;
    out += '"';
    for (++i; i < text.size() && text[i] != '\''; ++i) {
      if (text[i] == '\\' && i + 1 < text.size()) {
        if (text[i + 1] == '\'') {
          out += '\'';
        } else {
          out += text[i];
          out += text[i + 1];
        }
        ++i;
      } else if (text[i] == '"') {
        out += "\\\"";
      } else {
        out += text[i];
      }
    }
    out += '"';
  }
  if (changed) text = std::move(out);
  return changed;
}

json parse_or_discard(const std::string& text) {
  if (too_deep(text)) return json(json::value_t::discarded);
  return json::parse(text, nullptr, false);
}

// Converts numeric strings where the schema wants integer/number, recording each path.
void coerce_numbers(const json& schema, json& value, const std::string& path,
                    std::vector<std::string>& repairs, int depth) {
  if (!schema.is_object() || depth > kMaxDepth) return;
  std::vector<std::string> types = schema_types(schema);
  if (value.is_string() && !types.empty()) {
    bool wants_int = false, wants_num = false, allows_string = false;
    for (const auto& t : types) {
      wants_int |= t == "integer";
      wants_num |= t == "number";
      allows_string |= t == "string";
    }
    if ((wants_int || wants_num) && !allows_string) {
      const std::string s = trim(value.get<std::string>());
      if (!s.empty() && s.size() < 40) {
        json parsed = json::parse(s, nullptr, false);
        if (!parsed.is_discarded() && parsed.is_number() && std::isfinite(parsed.get<double>()) &&
            (wants_num || is_integral(parsed))) {
          value = parsed;
          repairs.push_back(path + ": number given as string");
        }
      }
    }
    return;
  }
  if (value.is_object() && schema.contains("properties") && schema["properties"].is_object()) {
    for (auto& [key, sub] : value.items()) {
      if (schema["properties"].contains(key)) {
        coerce_numbers(schema["properties"][key], sub, path + "." + key, repairs, depth + 1);
      }
    }
  }
  if (value.is_array() && schema.contains("items") && schema["items"].is_object()) {
    for (size_t i = 0; i < value.size(); ++i) {
      coerce_numbers(schema["items"], value[i], path + "[" + std::to_string(i) + "]", repairs,
                     depth + 1);
    }
  }
}

Status validate(const json& schema, const json& value, const std::string& path, int depth) {
  if (depth > kMaxDepth) return Error::invalid(path, "nested too deeply");
  if (!schema.is_object()) return ok_status();  // true / {} = anything
  std::vector<std::string> types = schema_types(schema);
  if (!types.empty()) {
    bool ok = false;
    for (const auto& t : types) ok |= has_type(value, t);
    if (!ok) {
      std::string want = types.size() == 1 ? types[0] : "one of";
      if (types.size() > 1) {
        for (size_t i = 0; i < types.size(); ++i) want += (i ? ", " : " ") + types[i];
      }
      return Error::invalid(path, "expected " + want + ", got " + type_of(value));
    }
  }
  if (schema.contains("enum") && schema["enum"].is_array()) {
    bool found = false;
    for (const auto& e : schema["enum"]) {
      found |= e == value ||
               (e.is_number() && value.is_number() && e.get<double>() == value.get<double>());
    }
    if (!found) {
      return Error::invalid(
          path, "must be one of " + short_dump(schema["enum"]) + ", got " + short_dump(value));
    }
  }
  if (value.is_number()) {
    double d = value.get<double>();
    if (schema.contains("minimum") && schema["minimum"].is_number() &&
        d < schema["minimum"].get<double>()) {
      return Error::invalid(path, "must be >= " + number_text(schema["minimum"].get<double>()));
    }
    if (schema.contains("maximum") && schema["maximum"].is_number() &&
        d > schema["maximum"].get<double>()) {
      return Error::invalid(path, "must be <= " + number_text(schema["maximum"].get<double>()));
    }
  }
  if (value.is_string()) {
    size_t len = utf8_length(value.get_ref<const std::string&>());
    if (schema.contains("minLength") && schema["minLength"].is_number_unsigned() &&
        len < schema["minLength"].get<size_t>()) {
      return Error::invalid(path, "shorter than " + schema["minLength"].dump() + " characters");
    }
    if (schema.contains("maxLength") && schema["maxLength"].is_number_unsigned() &&
        len > schema["maxLength"].get<size_t>()) {
      return Error::invalid(path, "longer than " + schema["maxLength"].dump() + " characters");
    }
  }
  if (value.is_array() && schema.contains("items")) {
    for (size_t i = 0; i < value.size(); ++i) {
      Status s =
          validate(schema["items"], value[i], path + "[" + std::to_string(i) + "]", depth + 1);
      if (!s.ok()) return s;
    }
  }
  if (value.is_object()) {
    const json empty = json::object();
    const json& props = schema.contains("properties") && schema["properties"].is_object()
                            ? schema["properties"]
                            : empty;
    if (schema.contains("required") && schema["required"].is_array()) {
      for (const auto& r : schema["required"]) {
        if (r.is_string() && !value.contains(r.get<std::string>())) {
          return Error::invalid(path + "." + r.get<std::string>(), "required");
        }
      }
    }
    const bool closed = schema.contains("additionalProperties") &&
                        schema["additionalProperties"].is_boolean() &&
                        !schema["additionalProperties"].get<bool>();
    for (const auto& [key, sub] : value.items()) {
      if (props.contains(key)) {
        Status s = validate(props[key], sub, path + "." + key, depth + 1);
        if (!s.ok()) return s;
      } else if (closed) {
        return Error::invalid(path + "." + key, "unknown property");
      }
    }
  }
  return ok_status();
}

}  // namespace

Status validate_against_schema(const nlohmann::json& schema, const nlohmann::json& value,
                               const std::string& path) {
  return validate(schema, value, path, 0);
}

Result<RepairedArguments> parse_tool_arguments(std::string_view raw, const nlohmann::json& schema) {
  if (raw.size() > kMaxArgumentBytes) {
    return Error::invalid("arguments",
                          "longer than " + std::to_string(kMaxArgumentBytes) + " bytes");
  }
  RepairedArguments out;
  std::string text = trim(raw);
  if (text.empty()) {
    out.value = json::object();
    out.repairs.push_back("arguments: empty text read as {}");
  } else {
    if (strip_code_fence(text)) out.repairs.push_back("arguments: code fence");
    json v = parse_or_discard(text);
    if (v.is_discarded() && strip_trailing_commas(text)) {
      out.repairs.push_back("arguments: trailing comma");
      v = parse_or_discard(text);
    }
    if (v.is_discarded() && convert_single_quotes(text)) {
      out.repairs.push_back("arguments: single quotes");
      v = parse_or_discard(text);
      if (v.is_discarded() && strip_trailing_commas(text)) {
        out.repairs.push_back("arguments: trailing comma");
        v = parse_or_discard(text);
      }
    }
    if (v.is_discarded()) {
      // The reason from the parser (its byte position), for the model's follow-up message.
      std::string why = "not valid JSON";
      if (!too_deep(text)) {
        try {
          [[maybe_unused]] json ignored = json::parse(text);
        } catch (const json::parse_error& e) {
          why += " (byte " + std::to_string(e.byte) + ")";
        }
      } else {
        why = "nested deeper than " + std::to_string(kMaxDepth);
      }
      return Error::invalid("arguments", why);
    }
    // A JSON string holding the object (arguments encoded twice).
    for (int i = 0; i < 2 && v.is_string(); ++i) {
      json inner = parse_or_discard(trim(v.get<std::string>()));
      if (inner.is_discarded() || !(inner.is_object() || inner.is_string())) break;
      out.repairs.push_back("arguments: JSON string holding the object");
      v = std::move(inner);
    }
    out.value = std::move(v);
  }
  coerce_numbers(schema, out.value, "arguments", out.repairs, 0);
  Status s = validate_against_schema(schema, out.value, "arguments");
  if (!s.ok()) return s.error();
  return out;
}

}  // namespace kerf::agents
