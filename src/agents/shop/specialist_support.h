// Helpers shared by the material, quality and customer tools and agents and the assistant
// (private to the agents module): argument access, paging through app list queries, time text,
// and the common channels every specialist declares (specialists.h).
#pragma once

#include <cmath>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/state.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/core/time_format.h"
#include "kerf/store/page.h"

// Evaluates a Status/Result expression and returns its error from the enclosing function.
#define KERF_AGENTS_TRY(expr)                                                  \
  do {                                                                         \
    auto kerf_agents_try_result_ = (expr);                                     \
    if (!kerf_agents_try_result_.ok()) return kerf_agents_try_result_.error(); \
  } while (0)

namespace kerf::agents::support {

// Every item of a paged app query (pages of 1000 until `total`, at most `cap` items).
template <typename T>
Result<std::vector<T>> all_pages(
    const std::function<Result<store::Page<T>>(const store::ListQuery&)>& list,
    store::ListQuery query = {}, int64_t cap = 100000) {
  std::vector<T> out;
  query.limit = 1000;
  query.offset = 0;
  for (;;) {
    auto page = list(query);
    if (!page.ok()) return page.error();
    for (auto& item : page->items) out.push_back(std::move(item));
    if (page->items.empty() || static_cast<int64_t>(out.size()) >= page->total ||
        static_cast<int64_t>(out.size()) >= cap) {
      break;
    }
    query.offset += static_cast<int64_t>(page->items.size());
  }
  return out;
}

inline std::string iso(TimePoint t) { return format_iso8601(t); }

// A thickness as the tools print it: 1.5, 3, 0.75 (millimetres, rounded to micrometres).
inline double thickness(double mm) { return std::round(mm * 1000.0) / 1000.0; }
inline bool same_thickness(double a, double b) { return std::fabs(a - b) < 0.0005; }

// Optional typed arguments (the schema already checked the types).
inline std::optional<int64_t> opt_int(const Json& args, const char* key) {
  if (!args.is_object() || !args.contains(key) || !args[key].is_number()) return std::nullopt;
  return args[key].get<int64_t>();
}
inline std::optional<double> opt_number(const Json& args, const char* key) {
  if (!args.is_object() || !args.contains(key) || !args[key].is_number()) return std::nullopt;
  return args[key].get<double>();
}
inline std::optional<std::string> opt_string(const Json& args, const char* key) {
  if (!args.is_object() || !args.contains(key) || !args[key].is_string()) return std::nullopt;
  return args[key].get<std::string>();
}

// The channels every specialist declares (specialists.h) added to `schema`.
inline void add_common_channels(StateSchema& schema) {
  (void)schema.add({"trigger", Reducer::kReplace, Json()});
  (void)schema.add({"decision", Reducer::kReplace, Json()});
  (void)schema.add({"proposals", Reducer::kAppend, Json::array()});
  (void)schema.add({"approval_id", Reducer::kReplace, 0});
  (void)schema.add({"outcome", Reducer::kReplace, ""});
  (void)schema.add({"breaker", Reducer::kReplace, ""});
  (void)schema.add({"notes", Reducer::kAppend, Json::array()});
}

// The trigger's payload object ({} when absent).
inline Json trigger_payload(const Json& state) {
  const Json& t = state.value("trigger", Json());
  if (t.is_object() && t.contains("payload") && t["payload"].is_object()) return t["payload"];
  return Json::object();
}
inline std::string trigger_kind(const Json& state) {
  const Json& t = state.value("trigger", Json());
  if (!t.is_object()) return "";
  if (t.value("kind", "") == "scan") return "scan";
  return t.value("topic", t.value("kind", ""));
}
// "evt-<event_id>" for an event trigger, "scan-<day>" for a scan at `now` (dedupe keys).
inline std::string trigger_key(const Json& state, TimePoint now) {
  const Json& t = state.value("trigger", Json());
  if (t.is_object() && t.contains("event_id") && t["event_id"].is_number()) {
    return "evt-" + std::to_string(t["event_id"].get<int64_t>());
  }
  return "scan-" + iso(now).substr(0, 10);
}

// A node result that only ends the thread with `outcome`.
inline NodeResult end_with(const std::string& outcome, Json extra = Json::object()) {
  NodeResult r;
  r.update = std::move(extra);
  r.update["outcome"] = outcome;
  return r;
}

}  // namespace kerf::agents::support
