#include "kerf/api/schedule_routes.h"

#include <charconv>
#include <chrono>
#include <set>
#include <string>

#include "json_input.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/model/enums.h"

namespace kerf::api {
namespace {

using app::scheduling::SchedulingService;
using nlohmann::json;

const std::vector<std::string> kWriteRoles = {"planner"};
const std::vector<std::string> kReadRoles = {"planner", "lead", "quality", "operator"};
constexpr const char* kTag = "schedule";

// The app principal of the authenticated caller.
app::Principal app_principal(const RequestContext& ctx) {
  const Principal& p = ctx.user();
  app::Principal out;
  out.user_id = p.user_id;
  out.username = p.username;
  if (auto role = model::parse_role(p.role); role.ok()) out.roles.insert(*role);
  return out;
}

std::optional<int64_t> parse_id(const std::string& text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || v <= 0) return std::nullopt;
  return v;
}

Response bad_request(std::vector<FieldError> fields) {
  return problem_response(Error::invalid(std::move(fields)));
}

// Unknown keys of an object body as field errors.
void reject_unknown(const json& body, const std::set<std::string>& known,
                    std::vector<FieldError>& fields) {
  for (const auto& [key, value] : body.items()) {
    if (!known.count(key)) fields.push_back({key, "unknown field"});
  }
}

// Reads the optional string member `key` of `body` into `out` through `parse`; a non-string or a
// value `parse` rejects is a field error (`one_of` lists the values it accepts).
template <typename T>
void read_choice(const json& body, const std::string& key,
                 Result<T> (*parse)(std::string_view, const std::string&), const char* one_of,
                 T& out, std::vector<FieldError>& fields) {
  auto it = body.find(key);
  if (it == body.end()) return;
  if (!it->is_string()) {
    fields.push_back({key, "must be a string"});
  } else if (auto v = parse(it->get<std::string>(), key); v.ok()) {
    out = *v;
  } else {
    fields.push_back({key, std::string("must be one of ") + one_of});
  }
}

// Parses the run body strictly; fields collects every problem.
app::scheduling::RunRequest parse_run_body(const json& body, bool& commit, bool& async,
                                           std::vector<FieldError>& fields) {
  app::scheduling::RunRequest req;
  commit = false;
  async = false;
  if (!body.is_object()) {
    fields.push_back({"body", "must be a JSON object"});
    return req;
  }
  reject_unknown(body,
                 {"horizon", "mode", "time_limit_s", "rule", "what_if", "commit", "async", "seed"},
                 fields);
  read_choice(body, "horizon", &app::scheduling::parse_horizon, "weekly, daily, realtime",
              req.horizon, fields);
  read_choice(body, "mode", &app::scheduling::parse_run_mode, "dispatch, optimize", req.mode,
              fields);
  if (auto it = body.find("time_limit_s"); it != body.end()) {
    if (!it->is_number()) {
      fields.push_back({"time_limit_s", "must be a number"});
    } else {
      req.time_limit_s = it->get<double>();
      if (!(req.time_limit_s > 0) || req.time_limit_s > app::scheduling::kMaxTimeLimitS) {
        fields.push_back({"time_limit_s", "must be > 0 and <= 600"});
      }
    }
  }
  if (auto it = body.find("rule"); it != body.end() && !it->is_null()) {
    if (!it->is_string()) {
      fields.push_back({"rule", "must be a string"});
    } else if (it->get<std::string>() != "best") {
      auto rule = schedule::parse_dispatch_rule(it->get<std::string>());
      if (rule.ok()) {
        req.rule = *rule;
      } else {
        fields.push_back({"rule", "must be one of best, edd, cr, atc, spt, mwkr, fifo"});
      }
    }
  }
  for (auto [key, out] : {std::pair<const char*, bool*>{"what_if", &req.what_if},
                          std::pair<const char*, bool*>{"commit", &commit},
                          std::pair<const char*, bool*>{"async", &async}}) {
    auto it = body.find(key);
    if (it == body.end()) continue;
    if (!it->is_boolean()) {
      fields.push_back({key, "must be a boolean"});
    } else {
      *out = it->get<bool>();
    }
  }
  if (auto it = body.find("seed"); it != body.end()) {
    if (!it->is_number_integer() || it->get<int64_t>() < 0) {
      fields.push_back({"seed", "must be a non-negative integer"});
    } else {
      req.seed = it->get<uint64_t>();
    }
  }
  if (req.what_if && commit) {
    fields.push_back({"commit", "a what-if run is never committed automatically"});
  }
  if (async && commit) {
    fields.push_back({"commit", "an asynchronous run is committed with its commit route"});
  }
  return req;
}

// Optional ISO 8601 query parameter.
std::optional<TimePoint> time_param(const RequestContext& ctx, const std::string& name,
                                    std::vector<FieldError>& fields) {
  const std::string* v = ctx.query_param(name);
  if (v == nullptr || v->empty()) return std::nullopt;
  auto t = parse_iso8601(*v);
  if (!t.ok()) {
    fields.push_back({name, "must be an ISO 8601 time"});
    return std::nullopt;
  }
  return *t;
}

json slot_view_json(const app::scheduling::SlotView& v) {
  return {{"id", v.slot.id},
          {"version", v.slot.version},
          {"operation_id", v.slot.operation_id},
          {"operation", v.operation},
          {"job_id", v.job_id},
          {"job_number", v.job_number},
          {"work_center_id", v.slot.work_center_id},
          {"work_center_code", v.work_center_code},
          {"department", v.department},
          {"start", format_iso8601(v.slot.start)},
          {"end", format_iso8601(v.slot.end)},
          {"pinned", v.slot.pinned},
          {"locked", v.slot.locked}};
}

json run_schema() {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"properties",
           {{"horizon", {{"type", "string"}, {"enum", {"weekly", "daily", "realtime"}}}},
            {"mode", {{"type", "string"}, {"enum", {"dispatch", "optimize"}}}},
            {"time_limit_s", {{"type", "number"}, {"exclusiveMinimum", 0}, {"maximum", 600}}},
            {"rule",
             {{"type", {"string", "null"}},
              {"enum", {"best", "edd", "cr", "atc", "spt", "mwkr", "fifo", nullptr}}}},
            {"what_if", {{"type", "boolean"}}},
            {"commit", {{"type", "boolean"}}},
            {"async", {{"type", "boolean"}}},
            {"seed", {{"type", "integer"}, {"minimum", 0}}}}}};
}

json repair_schema() {
  return {{"type", "object"},
          {"additionalProperties", false},
          {"required", {"work_center_id", "from", "to"}},
          {"properties",
           {{"work_center_id", {{"type", "integer"}, {"minimum", 1}}},
            {"from", {{"type", "string"}, {"format", "date-time"}}},
            {"to", {{"type", "string"}, {"format", "date-time"}}}}}};
}

}  // namespace

void register_schedule_routes(Router& router, app::Services& services,
                              SchedulingService& scheduling) {
  router.add({.method = "POST", .path = "/api/v1/schedule/runs", .roles = kWriteRoles,
              .summary = "Run the scheduler (dispatch or optimize; what-if runs are never "
                         "committed automatically; async: 202 at once, poll the run)",
              .tag = kTag, .body_type = "application/json", .request_schema = run_schema(),
              .response_description = "The run with metrics before/after and proposed slots "
                                      "(async: 202 with the run, status running)",
              .success_status = 201},
             [&scheduling](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               bool commit = false;
               bool async = false;
               auto req = parse_run_body(ctx.json, commit, async, fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               if (async) return to_response(scheduling.start_run(app_principal(ctx), req), 202);
               return to_response(scheduling.run(app_principal(ctx), req, commit), 201);
             });
  router.add({.method = "GET", .path = "/api/v1/schedule/runs/{id}", .roles = kReadRoles,
              .summary = "A stored scheduling run", .tag = kTag},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.get_run(app_principal(ctx), id));
             }));
  router.add({.method = "POST", .path = "/api/v1/schedule/runs/{id}/commit",
              .roles = kWriteRoles,
              .summary = "Commit a run: replace the unpinned future slots with its slots",
              .tag = kTag, .response_description = "{run_id, inserted, deleted, kept}"},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.commit(app_principal(ctx), id));
             }));
  router.add({.method = "POST", .path = "/api/v1/schedule/runs/{id}/cancel",
              .roles = kWriteRoles,
              .summary = "Cancel a running asynchronous run: it ends cancelled with the best "
                         "schedule found so far",
              .tag = kTag, .response_description = "The run (status cancelled)"},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.cancel(app_principal(ctx), id));
             }));
  router.add({.method = "POST", .path = "/api/v1/schedule/repair", .roles = kWriteRoles,
              .summary = "Repair proposal after a work center went down during [from, to)",
              .tag = kTag, .body_type = "application/json", .request_schema = repair_schema(),
              .response_description = "The repair run (moved_operation_ids)",
              .success_status = 201},
             [&scheduling](RequestContext& ctx) -> Response {
               const json& body = ctx.json;
               if (!body.is_object()) return bad_request({{"body", "must be a JSON object"}});
               std::vector<FieldError> fields;
               reject_unknown(body, {"work_center_id", "from", "to"}, fields);
               int64_t wc = 0;
               auto it = body.find("work_center_id");
               if (it == body.end()) {
                 fields.push_back({"work_center_id", "is required"});
               } else if (!it->is_number_integer() || it->get<int64_t>() <= 0) {
                 fields.push_back({"work_center_id", "must be a positive integer"});
               } else {
                 wc = it->get<int64_t>();
               }
               TimePoint from, to;
               for (auto [key, out] : {std::pair<const char*, TimePoint*>{"from", &from},
                                       std::pair<const char*, TimePoint*>{"to", &to}}) {
                 auto f = body.find(key);
                 if (f == body.end()) {
                   fields.push_back({key, "is required"});
                 } else if (!f->is_string() || !parse_iso8601(f->get<std::string>()).ok()) {
                   fields.push_back({key, "must be an ISO 8601 time"});
                 } else {
                   *out = *parse_iso8601(f->get<std::string>());
                 }
               }
               if (fields.empty() && to <= from) fields.push_back({"to", "must be after from"});
               if (!fields.empty()) return bad_request(std::move(fields));
               return to_response(
                   scheduling.repair_after_machine_down(app_principal(ctx), wc, from, to), 201);
             });
  router.add({.method = "GET", .path = "/api/v1/schedule", .roles = kReadRoles,
              .summary = "Stored schedule slots", .tag = kTag,
              .query_params = {{"work_center_id", "integer", "only this work center", false},
                               {"department", "string", "only this department", false},
                               {"from", "string", "slots ending after (ISO 8601)", false},
                               {"to", "string", "slots starting before (ISO 8601)", false}}},
             [&scheduling](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               app::scheduling::SlotFilter filter;
               if (const auto* v = ctx.query_param("work_center_id"); v && !v->empty()) {
                 if (auto id = parse_id(*v)) {
                   filter.work_center_id = *id;
                 } else {
                   fields.push_back({"work_center_id", "must be a positive integer"});
                 }
               }
               if (const auto* v = ctx.query_param("department"); v && !v->empty()) {
                 if (auto d = model::parse_department(*v); d.ok()) {
                   filter.department = *d;
                 } else {
                   fields.push_back({"department", "unknown department"});
                 }
               }
               filter.from = time_param(ctx, "from", fields);
               filter.to = time_param(ctx, "to", fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               auto slots = scheduling.slots(app_principal(ctx), filter);
               if (!slots.ok()) return problem_response(slots.error());
               json items = json::array();
               for (const auto& v : *slots) items.push_back(slot_view_json(v));
               return json_response({{"items", items}, {"total", items.size()}});
             });
  router.add({.method = "GET", .path = "/api/v1/schedule/load", .roles = kReadRoles,
              .summary = "Load vs capacity per work center of the stored schedule", .tag = kTag,
              .query_params = {{"granularity", "string", "day (default) or week", false},
                               {"from", "string",
                                "start (ISO 8601; default plant-local today 00:00, or this "
                                "Monday 00:00 for weeks)",
                                false},
                               {"to", "string",
                                "end (default 7 days / 4 weeks later; with the default from: "
                                "the plant-local midnight then)",
                                false}}},
             [&scheduling, &services](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               int64_t bucket = 86400;
               if (const auto* g = ctx.query_param("granularity"); g && !g->empty()) {
                 if (*g == "week") {
                   bucket = 7 * 86400;
                 } else if (*g != "day") {
                   fields.push_back({"granularity", "must be day or week"});
                 }
               }
               auto from = time_param(ctx, "from", fields);
               auto to = time_param(ctx, "to", fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               TimePoint start;
               if (from) {
                 start = *from;
               } else {
                 auto today = scheduling.plant_bucket_start(services.env().now(), bucket);
                 if (!today.ok()) return problem_response(today.error());
                 start = *today;
               }
               TimePoint end = to.value_or(start + std::chrono::seconds(bucket == 86400
                                                                            ? 7 * 86400
                                                                            : 28 * 86400));
               if (!to && !from) {
                 // The defaulted start is a plant-local midnight: end on the local midnight
                 // 7 days / 4 weeks later (a DST change in between moves it by an hour).
                 auto local_end =
                     scheduling.plant_bucket_start(end + std::chrono::hours(12), bucket);
                 if (!local_end.ok()) return problem_response(local_end.error());
                 end = *local_end;
               }
               if (end <= start) return bad_request({{"to", "must be after from"}});
               if (end - start > std::chrono::hours(24 * 366)) {
                 return bad_request({{"to", "at most one year after from"}});
               }
               auto load = scheduling.load(app_principal(ctx), start, end, bucket);
               if (!load.ok()) return problem_response(load.error());
               json items = json::array();
               for (const auto& b : *load) items.push_back(app::scheduling::to_json(b));
               return json_response({{"granularity", bucket == 86400 ? "day" : "week"},
                                     {"from", format_iso8601(start)},
                                     {"to", format_iso8601(end)},
                                     {"items", items}});
             });
  router.add({.method = "GET", .path = "/api/v1/schedule/conflicts", .roles = kReadRoles,
              .summary = "Conflicts, unscheduled operations and late jobs of the stored schedule",
              .tag = kTag},
             [&scheduling](RequestContext& ctx) -> Response {
               return to_response(scheduling.conflicts(app_principal(ctx)));
             });
}

}  // namespace kerf::api
