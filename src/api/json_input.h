// Strict reading of JSON request bodies and list query strings: every problem becomes a
// FieldError naming the field ("quantity", "operations/2/run_seconds_per_piece") or query
// parameter, collected so one 400 reports them all.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kerf/api/http_types.h"
#include "kerf/api/router.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/page.h"

namespace kerf::api {

class JsonReader {
 public:
  // Reads fields of `obj` (which must be an object, else one error at `prefix`).
  JsonReader(const nlohmann::json& obj, std::string prefix, std::vector<FieldError>& errors);

  bool ok_object() const { return obj_ != nullptr; }
  // Integer in [min, max]; a float, string or out-of-range value is an error.
  std::optional<int64_t> integer(const std::string& field, bool required, int64_t min = INT64_MIN,
                                 int64_t max = INT64_MAX);
  std::optional<double> number(const std::string& field, bool required, double min, double max);
  std::optional<std::string> string(const std::string& field, bool required,
                                    std::size_t max_len = 1000);
  std::optional<bool> boolean(const std::string& field, bool required);
  std::optional<TimePoint> time(const std::string& field, bool required);
  // An enum by its snake_case name through `parse` (e.g. model::parse_process).
  template <typename E>
  std::optional<E> enumeration(const std::string& field, bool required,
                               Result<E> (*parse)(std::string_view)) {
    auto text = string(field, required, 64);
    if (!text) return std::nullopt;
    auto v = parse(*text);
    if (!v.ok()) {
      add(field, "unknown value '" + *text + "'");
      return std::nullopt;
    }
    return v.value();
  }
  std::optional<std::vector<int64_t>> int_array(const std::string& field, bool required,
                                                int64_t min = INT64_MIN);
  std::optional<std::vector<std::string>> string_array(const std::string& field, bool required);
  // The array at `field` (nullptr when absent/invalid; errors recorded).
  const nlohmann::json* array(const std::string& field, bool required);
  // Records an error for every member not in `known`.
  void reject_unknown(const std::vector<std::string>& known);
  // Records "is read-only" for every member of `server_owned` present in the body (id, status...
  // of an update: refused rather than silently ignored, so a client learns nothing was written).
  void reject_read_only(const std::vector<std::string>& server_owned);
  // Records an error at `prefix/field`.
  void add(const std::string& field, std::string message);
  // The full path of `field` under this reader's prefix.
  std::string path(const std::string& field) const;
  // Where this reader collects its errors (for readers of nested objects).
  std::vector<FieldError>& errors() const { return errors_; }

 private:
  const nlohmann::json* get(const std::string& field, bool required);
  const nlohmann::json* obj_ = nullptr;
  std::string prefix_;
  std::vector<FieldError>& errors_;
};

// Status from accumulated errors: ok when none.
Status errors_status(std::vector<FieldError> errors);

// Kinds of list filter values.
enum class FilterKind { kInt, kText, kBool };

struct ListSpec {
  std::vector<std::string> sort_fields;                     // "id" is always allowed
  std::vector<std::pair<std::string, FilterKind>> filters;  // ?name=value equality filters
  // Extra validation of text filters (e.g. enum names): returns an error message or "".
  std::function<std::string(const std::string& name, const std::string& value)> check;
  bool search = false;      // ?q=
  bool date_range = false;  // ?from=&to=
};

// ?limit=&offset=&sort=&order=asc|desc&q=&from=&to=&<filters>. Unknown parameters, bad numbers,
// limit outside 1..1000, unknown sort fields... -> kInvalidArgument naming the parameter.
Result<store::ListQuery> parse_list_query(const RequestContext& ctx, const ListSpec& spec);

// Query parameter documentation for OpenAPI from a ListSpec.
std::vector<QueryParamSpec> list_query_docs(const ListSpec& spec);

// {"items": [...], "total": N} from a page and a JSON mapper.
template <typename T, typename F>
nlohmann::json page_json(const store::Page<T>& page, F&& to_json) {
  nlohmann::json items = nlohmann::json::array();
  for (const auto& item : page.items) items.push_back(to_json(item));
  return {{"items", std::move(items)}, {"total", page.total}};
}

// Parses a path parameter as a positive id; kInvalidArgument naming `name` otherwise.
Result<int64_t> path_id(const RequestContext& ctx, const std::string& name = "id");

// The optional query parameter `name` (absent or empty: nullopt) as a positive id; a bad value
// adds a field error naming it to `errors`.
std::optional<int64_t> query_id(const RequestContext& ctx, const std::string& name,
                                std::vector<FieldError>& errors);
// The optional query parameter `name` as an instant (parse_instant: Z or ±hh:mm, years
// 2000..2100); a bad value adds a field error naming it to `errors`.
std::optional<TimePoint> query_instant(const RequestContext& ctx, const std::string& name,
                                       std::vector<FieldError>& errors);

// The optional query parameter `name` (absent or empty: nullopt) as an integer in [lo, hi]; a
// bad value adds a field error naming it to `errors`.
std::optional<int64_t> query_int(const RequestContext& ctx, const std::string& name, int64_t lo,
                                 int64_t hi, std::vector<FieldError>& errors);
// Adds a field error for every query parameter not in `known` ("unknown parameter").
void reject_unknown_query(const RequestContext& ctx, const std::vector<std::string>& known,
                          std::vector<FieldError>& errors);

// Handler of a route on /{id}: answers the problem of a malformed id, else `handle(ctx, id)`.
template <typename Handle>
Handler with_id(Handle handle) {
  return [handle](RequestContext& ctx) -> Response {
    auto id = path_id(ctx);
    if (!id.ok()) return problem_response(id.error());
    return handle(ctx, *id);
  };
}

}  // namespace kerf::api
