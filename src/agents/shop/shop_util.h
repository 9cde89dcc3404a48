// Helpers shared by the shop agents' tools and nodes (private to the agents module): argument
// access, JSON of times, paging through app lists, the agent principal.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/core/time_format.h"
#include "kerf/store/page.h"

// Returns the error of a failed Status/Result expression from the enclosing function.
#define AGENTS_TRY(expr)                 \
  do {                                   \
    auto agents_try_status_ = (expr);    \
    if (!agents_try_status_.ok()) {      \
      return agents_try_status_.error(); \
    }                                    \
  } while (false)

namespace kerf::agents::shop {

inline std::string iso(TimePoint t) { return format_iso8601(t); }

// An integer member of an object (`fallback` when absent, null or not a number).
inline int64_t int_at(const Json& o, const char* key, int64_t fallback = 0) {
  if (!o.is_object()) return fallback;
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return fallback;
  return it->get<int64_t>();
}
inline double num_at(const Json& o, const char* key, double fallback = 0) {
  if (!o.is_object()) return fallback;
  auto it = o.find(key);
  if (it == o.end() || !it->is_number()) return fallback;
  return it->get<double>();
}
inline std::string str_at(const Json& o, const char* key, std::string fallback = "") {
  if (!o.is_object()) return fallback;
  auto it = o.find(key);
  if (it == o.end() || !it->is_string()) return fallback;
  return it->get<std::string>();
}
// A member (null when absent).
inline Json at(const Json& o, const char* key) {
  if (!o.is_object()) return Json();
  auto it = o.find(key);
  return it == o.end() ? Json() : *it;
}

// An ISO 8601 member as a time (nullopt when absent or malformed).
inline std::optional<TimePoint> time_at(const Json& o, const char* key) {
  const std::string text = str_at(o, key);
  if (text.empty()) return std::nullopt;
  auto t = parse_iso8601(text);
  if (!t.ok()) return std::nullopt;
  return *t;
}

// Each job's planned end in a scheduling run document: its job_ends cover the whole proposed
// schedule, beyond the horizon whose slots it stores. A job the run could not place is absent.
inline std::map<int64_t, TimePoint> planned_job_ends(const Json& run) {
  std::map<int64_t, TimePoint> out;
  for (const auto& e : run.value("job_ends", Json::array())) {
    const int64_t job = int_at(e, "job_id");
    auto end = time_at(e, "end");
    if (job > 0 && end) out[job] = *end;
  }
  return out;
}

// Every item of a paged app list: calls `page(query)` with offsets until all are read (at most
// `max_items`).
template <typename T>
Result<std::vector<T>> all_pages(
    store::ListQuery query,
    const std::function<Result<store::Page<T>>(const store::ListQuery&)>& page,
    int64_t max_items = 20000) {
  std::vector<T> out;
  query.limit = 1000;
  for (query.offset = 0;; query.offset += query.limit) {
    auto p = page(query);
    if (!p.ok()) return p.error();
    out.insert(out.end(), p->items.begin(), p->items.end());
    if (static_cast<int64_t>(p->items.size()) < query.limit ||
        static_cast<int64_t>(out.size()) >= max_items) {
      break;
    }
  }
  return out;
}

// Seconds between two instants.
inline int64_t seconds_between(TimePoint from, TimePoint to) {
  return std::chrono::duration_cast<std::chrono::seconds>(to - from).count();
}

// The JSON schema of a tool's arguments: an object with `properties`, `required`, no others.
inline Json object_schema(Json properties, std::vector<std::string> required = {}) {
  Json s = {
      {"type", "object"}, {"properties", std::move(properties)}, {"additionalProperties", false}};
  if (!required.empty()) s["required"] = required;
  return s;
}
inline Json int_prop(const char* description, int64_t minimum, int64_t maximum) {
  return {{"type", "integer"},
          {"description", description},
          {"minimum", minimum},
          {"maximum", maximum}};
}

}  // namespace kerf::agents::shop

namespace kerf::app {
struct Approval;
}
namespace kerf::agents {
// JSON of an approval as tools return it (the API's Approval shape; toolbox_approvals.cpp).
Json approval_json(const app::Approval& a);
}  // namespace kerf::agents
