#include "json_input.h"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

std::string type_name(const json& v) {
  if (v.is_null()) return "null";
  if (v.is_boolean()) return "a boolean";
  if (v.is_number_integer() || v.is_number_unsigned()) return "an integer";
  if (v.is_number()) return "a number";
  if (v.is_string()) return "a string";
  if (v.is_array()) return "an array";
  return "an object";
}

std::optional<int64_t> parse_int(const std::string& s) {
  int64_t v = 0;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return std::nullopt;
  return v;
}

// `text` as an instant, or a field error naming `name` added to `errors`.
std::optional<TimePoint> instant_or_error(const std::string& name, const std::string& text,
                                          std::vector<FieldError>& errors) {
  auto t = parse_instant(text);
  if (!t.ok()) {
    errors.push_back({name, t.error().message});
    return std::nullopt;
  }
  return t.value();
}

}  // namespace

JsonReader::JsonReader(const json& obj, std::string prefix, std::vector<FieldError>& errors)
    : prefix_(std::move(prefix)), errors_(errors) {
  if (obj.is_object()) {
    obj_ = &obj;
  } else {
    errors_.push_back({prefix_, "must be a JSON object, got " + type_name(obj)});
  }
}

std::string JsonReader::path(const std::string& field) const {
  return prefix_.empty() ? field : prefix_ + "/" + field;
}

void JsonReader::add(const std::string& field, std::string message) {
  errors_.push_back({path(field), std::move(message)});
}

const json* JsonReader::get(const std::string& field, bool required) {
  if (obj_ == nullptr) return nullptr;
  auto it = obj_->find(field);
  if (it == obj_->end() || it->is_null()) {
    if (required) add(field, "is required");
    return nullptr;
  }
  return &*it;
}

std::optional<int64_t> JsonReader::integer(const std::string& field, bool required, int64_t min,
                                           int64_t max) {
  const json* v = get(field, required);
  if (v == nullptr) return std::nullopt;
  if (v->is_number_unsigned() && v->get<uint64_t>() > static_cast<uint64_t>(INT64_MAX)) {
    add(field, "is out of range");
    return std::nullopt;
  }
  if (!v->is_number_integer()) {
    add(field, "must be an integer, got " + type_name(*v));
    return std::nullopt;
  }
  int64_t x = v->get<int64_t>();
  if (x < min || x > max) {
    add(field, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return std::nullopt;
  }
  return x;
}

std::optional<double> JsonReader::number(const std::string& field, bool required, double min,
                                         double max) {
  const json* v = get(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_number()) {
    add(field, "must be a number, got " + type_name(*v));
    return std::nullopt;
  }
  double x = v->get<double>();
  if (!std::isfinite(x) || x < min || x > max) {
    add(field, "must be between " + json(min).dump() + " and " + json(max).dump());
    return std::nullopt;
  }
  return x;
}

std::optional<std::string> JsonReader::string(const std::string& field, bool required,
                                              std::size_t max_len) {
  const json* v = get(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_string()) {
    add(field, "must be a string, got " + type_name(*v));
    return std::nullopt;
  }
  auto s = v->get<std::string>();
  if (s.size() > max_len) {
    add(field, "must be at most " + std::to_string(max_len) + " characters");
    return std::nullopt;
  }
  return s;
}

std::optional<bool> JsonReader::boolean(const std::string& field, bool required) {
  const json* v = get(field, required);
  if (v == nullptr) return std::nullopt;
  if (!v->is_boolean()) {
    add(field, "must be a boolean, got " + type_name(*v));
    return std::nullopt;
  }
  return v->get<bool>();
}

std::optional<TimePoint> JsonReader::time(const std::string& field, bool required) {
  auto s = string(field, required, 64);
  if (!s) return std::nullopt;
  auto t = parse_instant(*s);
  if (!t.ok()) {
    add(field, t.error().message);
    return std::nullopt;
  }
  return t.value();
}

const json* JsonReader::array(const std::string& field, bool required) {
  const json* v = get(field, required);
  if (v == nullptr) return nullptr;
  if (!v->is_array()) {
    add(field, "must be an array, got " + type_name(*v));
    return nullptr;
  }
  return v;
}

std::optional<std::vector<int64_t>> JsonReader::int_array(const std::string& field, bool required,
                                                          int64_t min) {
  const json* a = array(field, required);
  if (a == nullptr) return std::nullopt;
  std::vector<int64_t> out;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    const json& e = (*a)[i];
    if (!e.is_number_integer() || e.get<int64_t>() < min) {
      add(field + "/" + std::to_string(i), "must be an integer >= " + std::to_string(min));
      ok = false;
      continue;
    }
    out.push_back(e.get<int64_t>());
  }
  if (!ok) return std::nullopt;
  return out;
}

std::optional<std::vector<std::string>> JsonReader::string_array(const std::string& field,
                                                                 bool required) {
  const json* a = array(field, required);
  if (a == nullptr) return std::nullopt;
  std::vector<std::string> out;
  bool ok = true;
  for (std::size_t i = 0; i < a->size(); ++i) {
    if (!(*a)[i].is_string()) {
      add(field + "/" + std::to_string(i), "must be a string");
      ok = false;
      continue;
    }
    out.push_back((*a)[i].get<std::string>());
  }
  if (!ok) return std::nullopt;
  return out;
}

void JsonReader::reject_unknown(const std::vector<std::string>& known) {
  if (obj_ == nullptr) return;
  for (auto it = obj_->begin(); it != obj_->end(); ++it) {
    if (std::find(known.begin(), known.end(), it.key()) == known.end()) {
      add(it.key(), "unknown field");
    }
  }
}

void JsonReader::reject_read_only(const std::vector<std::string>& server_owned) {
  if (obj_ == nullptr) return;
  for (const auto& field : server_owned) {
    if (obj_->contains(field)) add(field, "is read-only (set by the server)");
  }
}

Status errors_status(std::vector<FieldError> errors) {
  if (errors.empty()) return ok_status();
  return Error::invalid(std::move(errors));
}

Result<store::ListQuery> parse_list_query(const RequestContext& ctx, const ListSpec& spec) {
  store::ListQuery q;
  std::vector<FieldError> errors;
  for (const auto& [name, value] : ctx.query) {
    if (name == "limit" || name == "offset") {
      auto v = parse_int(value);
      int64_t lo = name == "limit" ? 1 : 0;
      int64_t hi = name == "limit" ? 1000 : INT64_MAX / 2;
      if (!v || *v < lo || *v > hi) {
        errors.push_back({name, "must be an integer between " + std::to_string(lo) + " and " +
                                    std::to_string(hi)});
        continue;
      }
      (name == "limit" ? q.limit : q.offset) = *v;
    } else if (name == "sort") {
      if (value != "id" && std::find(spec.sort_fields.begin(), spec.sort_fields.end(), value) ==
                               spec.sort_fields.end()) {
        std::string allowed = "id";
        for (const auto& f : spec.sort_fields) allowed += ", " + f;
        errors.push_back({name, "cannot sort by '" + value + "' (allowed: " + allowed + ")"});
        continue;
      }
      q.sort = value;
    } else if (name == "order") {
      if (value != "asc" && value != "desc") {
        errors.push_back({name, "must be asc or desc"});
        continue;
      }
      q.descending = value == "desc";
    } else if (name == "q" && spec.search) {
      q.search = value;
    } else if ((name == "from" || name == "to") && spec.date_range) {
      auto t = instant_or_error(name, value, errors);
      if (!t) continue;
      (name == "from" ? q.from : q.to) = *t;
    } else {
      const std::string key(name);  // structured bindings cannot be captured (clang-14)
      auto it = std::find_if(spec.filters.begin(), spec.filters.end(),
                             [&key](const auto& f) { return f.first == key; });
      if (it == spec.filters.end()) {
        errors.push_back({name, "unknown query parameter"});
        continue;
      }
      if (it->second == FilterKind::kInt) {
        auto v = parse_int(value);
        if (!v) {
          errors.push_back({name, "must be an integer"});
          continue;
        }
        q.filters[name] = *v;
      } else if (it->second == FilterKind::kBool) {
        if (value != "true" && value != "false") {
          errors.push_back({name, "must be true or false"});
          continue;
        }
        q.filters[name] = value == "true";
      } else {
        if (spec.check) {
          auto msg = spec.check(name, value);
          if (!msg.empty()) {
            errors.push_back({name, msg});
            continue;
          }
        }
        q.filters[name] = value;
      }
    }
  }
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return q;
}

std::vector<QueryParamSpec> list_query_docs(const ListSpec& spec) {
  std::vector<QueryParamSpec> out = {{"limit", "integer", "page size, 1..1000 (default 50)"},
                                     {"offset", "integer", "rows to skip"},
                                     {"sort", "string", "sort field"},
                                     {"order", "string", "asc or desc"}};
  if (spec.search) out.push_back({"q", "string", "text search"});
  if (spec.date_range) {
    out.push_back({"from", "string", "ISO 8601 lower bound (inclusive)"});
    out.push_back({"to", "string", "ISO 8601 upper bound (exclusive)"});
  }
  for (const auto& [name, kind] : spec.filters) {
    out.push_back({name,
                   kind == FilterKind::kInt    ? "integer"
                   : kind == FilterKind::kBool ? "boolean"
                                               : "string",
                   "equality filter"});
  }
  return out;
}

Result<int64_t> path_id(const RequestContext& ctx, const std::string& name) {
  auto it = ctx.path_params.find(name);
  if (it == ctx.path_params.end()) return Error::invalid(name, "is required");
  auto v = parse_int(it->second);
  if (!v || *v <= 0) return Error::invalid(name, "must be a positive integer");
  return *v;
}

std::optional<int64_t> query_id(const RequestContext& ctx, const std::string& name,
                                std::vector<FieldError>& errors) {
  const std::string* text = ctx.query_param(name);
  if (text == nullptr || text->empty()) return std::nullopt;
  auto v = parse_int(*text);
  if (!v || *v <= 0) {
    errors.push_back({name, "must be a positive integer"});
    return std::nullopt;
  }
  return v;
}

std::optional<int64_t> query_int(const RequestContext& ctx, const std::string& name, int64_t lo,
                                 int64_t hi, std::vector<FieldError>& errors) {
  const std::string* text = ctx.query_param(name);
  if (text == nullptr || text->empty()) return std::nullopt;
  auto v = parse_int(*text);
  if (!v || *v < lo || *v > hi) {
    errors.push_back(
        {name, "must be an integer between " + std::to_string(lo) + " and " + std::to_string(hi)});
    return std::nullopt;
  }
  return v;
}

void reject_unknown_query(const RequestContext& ctx, const std::vector<std::string>& known,
                          std::vector<FieldError>& errors) {
  for (const auto& [name, value] : ctx.query) {
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      errors.push_back({name, "unknown parameter"});
    }
  }
}

std::optional<TimePoint> query_instant(const RequestContext& ctx, const std::string& name,
                                       std::vector<FieldError>& errors) {
  const std::string* text = ctx.query_param(name);
  if (text == nullptr || text->empty()) return std::nullopt;
  return instant_or_error(name, *text, errors);
}

}  // namespace kerf::api
