#include "kerf/api/schedule_routes.h"

#include <chrono>
#include <string>

#include "app_common.h"
#include "kerf/api/board_routes.h"
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

constexpr const char* kTag = "schedule";

Response bad_request(std::vector<FieldError> fields) {
  return problem_response(Error::invalid(std::move(fields)));
}

// A POST /schedule/runs body.
struct RunBody {
  app::scheduling::RunRequest request;
  bool commit = false;
  bool async = false;
};

// Reads the optional string `field` through `parse`; an unknown value is a field error listing
// `one_of`.
template <typename T>
void read_choice(JsonReader& r, const std::string& field,
                 Result<T> (*parse)(std::string_view, const std::string&), const char* one_of,
                 T& out) {
  auto text = r.string(field, false, 64);
  if (!text) return;
  if (auto v = parse(*text, field); v.ok()) {
    out = *v;
  } else {
    r.add(field, std::string("must be one of ") + one_of);
  }
}

// Reads a run body strictly: every problem is a field error.
Result<RunBody> read_run_body(const json& body) {
  return read_json(
      body, {"horizon", "mode", "time_limit_s", "rule", "what_if", "commit", "async", "seed"},
      [](JsonReader& r) {
        RunBody b;
        auto& req = b.request;
        read_choice(r, "horizon", &app::scheduling::parse_horizon, "weekly, daily, realtime",
                    req.horizon);
        read_choice(r, "mode", &app::scheduling::parse_run_mode, "dispatch, optimize", req.mode);
        if (auto t = r.number("time_limit_s", false, 0, app::scheduling::kMaxTimeLimitS)) {
          if (*t > 0) {
            req.time_limit_s = *t;
          } else {
            r.add("time_limit_s", "must be > 0 and <= 600");
          }
        }
        if (auto rule = r.string("rule", false, 16); rule && *rule != "best") {
          if (auto parsed = schedule::parse_dispatch_rule(*rule); parsed.ok()) {
            req.rule = *parsed;
          } else {
            r.add("rule", "must be one of best, edd, cr, atc, spt, mwkr, fifo");
          }
        }
        if (auto v = r.boolean("what_if", false)) req.what_if = *v;
        if (auto v = r.boolean("commit", false)) b.commit = *v;
        if (auto v = r.boolean("async", false)) b.async = *v;
        if (auto v = r.integer("seed", false, 0)) req.seed = static_cast<uint64_t>(*v);
        if (req.what_if && b.commit) {
          r.add("commit", "a what-if run is never committed automatically");
        }
        if (b.async && b.commit) {
          r.add("commit", "an asynchronous run is committed with its commit route");
        }
        return b;
      });
}

// A POST /schedule/repair body.
struct RepairBody {
  int64_t work_center_id = 0;
  TimePoint from;
  TimePoint to;
};

Result<RepairBody> read_repair_body(const json& body) {
  return read_json(body, {"work_center_id", "from", "to"}, [](JsonReader& r) {
    RepairBody b;
    if (auto v = r.integer("work_center_id", true, 1)) b.work_center_id = *v;
    auto from = r.time("from", true);
    auto to = r.time("to", true);
    if (from) b.from = *from;
    if (to) b.to = *to;
    if (from && to && *to <= *from) r.add("to", "must be after from");
    return b;
  });
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
  router.add({.method = "POST",
              .path = "/api/v1/schedule/runs",
              .permission = app::Permission::kRunScheduler,
              .summary = "Run the scheduler (dispatch or optimize; what-if runs are never "
                         "committed automatically; async: 202 at once, poll the run)",
              .tag = kTag,
              .body_type = "application/json",
              .request_schema = run_schema(),
              .response_description = "The run with metrics before/after and proposed slots "
                                      "(async: 202 with the run, status running)",
              .success_status = 201,
              .response_schema = schemas::ref("ScheduleRun")},
             [&scheduling](RequestContext& ctx) -> Response {
               auto body = read_run_body(ctx.json);
               if (!body.ok()) return problem_response(body.error());
               const auto& who = app_principal(ctx);
               if (body->async) return to_response(scheduling.start_run(who, body->request), 202);
               return to_response(scheduling.run(who, body->request, body->commit), 201);
             });
  router.add({.method = "GET",
              .path = "/api/v1/schedule/runs/{id}",
              .permission = app::Permission::kRead,
              .summary = "A stored scheduling run",
              .tag = kTag,
              .response_schema = schemas::ref("ScheduleRun")},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.get_run(app_principal(ctx), id));
             }));
  router.add({.method = "POST",
              .path = "/api/v1/schedule/runs/{id}/commit",
              .permission = app::Permission::kRunScheduler,
              .summary = "Commit a run: replace the unpinned future slots with its slots",
              .tag = kTag,
              .response_description = "{run_id, inserted, deleted, kept}",
              .response_schema = schemas::ref("CommitResult")},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.commit(app_principal(ctx), id));
             }));
  router.add({.method = "POST",
              .path = "/api/v1/schedule/runs/{id}/cancel",
              .permission = app::Permission::kRunScheduler,
              .summary = "Cancel a running asynchronous run: it ends cancelled with the best "
                         "schedule found so far",
              .tag = kTag,
              .response_description = "The run (status cancelled)",
              .response_schema = schemas::ref("ScheduleRun")},
             with_id([&scheduling](RequestContext& ctx, int64_t id) {
               return to_response(scheduling.cancel(app_principal(ctx), id));
             }));
  router.add({.method = "POST",
              .path = "/api/v1/schedule/repair",
              .permission = app::Permission::kRunScheduler,
              .summary = "Repair proposal after a work center went down during [from, to)",
              .tag = kTag,
              .body_type = "application/json",
              .request_schema = repair_schema(),
              .response_description = "The repair run (moved_operation_ids)",
              .success_status = 201,
              .response_schema = schemas::ref("ScheduleRun")},
             [&scheduling](RequestContext& ctx) -> Response {
               auto body = read_repair_body(ctx.json);
               if (!body.ok()) return problem_response(body.error());
               return to_response(
                   scheduling.repair_after_machine_down(app_principal(ctx), body->work_center_id,
                                                        body->from, body->to),
                   201);
             });
  router.add({.method = "GET",
              .path = "/api/v1/schedule",
              .permission = app::Permission::kRead,
              .summary = "Stored schedule slots",
              .tag = kTag,
              .query_params = {{"work_center_id", "integer", "only this work center", false},
                               {"department", "string", "only this department", false},
                               {"from", "string", "slots ending after (ISO 8601)", false},
                               {"to", "string", "slots starting before (ISO 8601)", false}},
              .response_schema = schemas::list_of("ScheduleSlotView")},
             [&scheduling](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               app::scheduling::SlotFilter filter;
               filter.work_center_id = query_id(ctx, "work_center_id", fields);
               if (const auto* v = ctx.query_param("department"); v && !v->empty()) {
                 if (auto d = model::parse_department(*v); d.ok()) {
                   filter.department = *d;
                 } else {
                   fields.push_back({"department", "unknown department"});
                 }
               }
               filter.from = query_instant(ctx, "from", fields);
               filter.to = query_instant(ctx, "to", fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               auto slots = scheduling.slots(app_principal(ctx), filter);
               if (!slots.ok()) return problem_response(slots.error());
               json items = json::array();
               for (const auto& v : *slots) items.push_back(slot_view_json(v));
               return json_response({{"items", items}, {"total", items.size()}});
             });
  router.add(
      {.method = "GET",
       .path = "/api/v1/schedule/load",
       .permission = app::Permission::kRead,
       .summary = "Load vs capacity per work center of the stored schedule",
       .tag = kTag,
       .query_params = {{"granularity", "string", "day (default) or week", false},
                        {"from", "string",
                         "start (ISO 8601; default plant-local today 00:00, or this "
                         "Monday 00:00 for weeks)",
                         false},
                        {"to", "string",
                         "end (default 7 days / 4 weeks later; with the default from: "
                         "the plant-local midnight then)",
                         false}},
       .response_schema = schemas::ref("Load")},
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
        auto from = query_instant(ctx, "from", fields);
        auto to = query_instant(ctx, "to", fields);
        if (!fields.empty()) return bad_request(std::move(fields));
        TimePoint start;
        if (from) {
          start = *from;
        } else {
          auto today = scheduling.plant_bucket_start(services.env().now(), bucket);
          if (!today.ok()) return problem_response(today.error());
          start = *today;
        }
        TimePoint end =
            to.value_or(start + std::chrono::seconds(bucket == 86400 ? 7 * 86400 : 28 * 86400));
        if (!to && !from) {
          // The defaulted start is a plant-local midnight: end on the local midnight
          // 7 days / 4 weeks later (a DST change in between moves it by an hour).
          auto local_end = scheduling.plant_bucket_start(end + std::chrono::hours(12), bucket);
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
  router.add({.method = "GET",
              .path = "/api/v1/schedule/conflicts",
              .permission = app::Permission::kRead,
              .summary = "Conflicts, unscheduled operations and late jobs of the stored schedule",
              .tag = kTag,
              .response_schema = schemas::ref("Conflicts")},
             [&scheduling](RequestContext& ctx) -> Response {
               return to_response(scheduling.conflicts(app_principal(ctx)));
             });
  register_board_routes(router, scheduling);
}

}  // namespace kerf::api
