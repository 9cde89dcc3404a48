#include "kerf/api/board_routes.h"

#include <string>
#include <vector>

#include "app_common.h"
#include "json_input.h"
#include "kerf/app/scheduling/scheduling_service.h"

namespace kerf::api {
namespace {

using app::scheduling::SchedulingService;

Response bad_request(std::vector<FieldError> fields) {
  return problem_response(Error::invalid(std::move(fields)));
}

}  // namespace

void register_board_routes(Router& router, SchedulingService& scheduling) {
  router.add(
      {.method = "GET",
       .path = "/api/v1/schedule/board",
       .permission = app::Permission::kRead,
       .summary = "Planner board: work centers by department, slots with job/part/customer and "
                  "lateness, off-shift intervals and downtime over [from, to)",
       .tag = "schedule",
       .response_description = "{from, to, now, time_zone, departments, slots, off_shift, "
                               "downtime}",
       .query_params = {{"from", "string", "start (ISO 8601; default plant-local yesterday 00:00)",
                         false},
                        {"to", "string", "end (default from + 14 days; at most 62 days after from)",
                         false}},
       .response_schema = schemas::ref("Board")},
      [&scheduling](RequestContext& ctx) -> Response {
        std::vector<FieldError> fields;
        reject_unknown_query(ctx, {"from", "to"}, fields);
        auto from = query_instant(ctx, "from", fields);
        auto to = query_instant(ctx, "to", fields);
        if (!fields.empty()) return bad_request(std::move(fields));
        return to_response(scheduling.board(app_principal(ctx), from, to));
      });
  router.add({.method = "GET",
              .path = "/api/v1/schedule/runs",
              .permission = app::Permission::kRead,
              .summary = "Scheduling run summaries, newest first",
              .tag = "schedule",
              .response_description = "{items: [run summary], total}",
              .query_params = {{"limit", "integer", "page size, 1..1000 (default 50)", false},
                               {"offset", "integer", "rows to skip (default 0)", false},
                               {"trigger", "string", "manual, what_if or repair", false},
                               {"status", "string", "running, succeeded or failed", false}},
              .response_schema = schemas::list_of("RunSummary")},
             [&scheduling](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"limit", "offset", "trigger", "status"}, fields);
               app::scheduling::RunListQuery q;
               if (auto v = query_int(ctx, "limit", 1, 1000, fields)) q.limit = *v;
               if (auto v = query_int(ctx, "offset", 0, INT64_MAX / 2, fields)) q.offset = *v;
               if (const auto* v = ctx.query_param("trigger")) q.trigger = *v;
               if (const auto* v = ctx.query_param("status")) q.status = *v;
               if (!fields.empty()) return bad_request(std::move(fields));
               return to_response(scheduling.list_runs(app_principal(ctx), q));
             });
  router.add({.method = "GET",
              .path = "/api/v1/dashboard",
              .permission = app::Permission::kRead,
              .summary = "Supervisor's dashboard: on-time delivery, late jobs, departments, "
                         "bottleneck, schedule adherence",
              .tag = "dashboard",
              .response_description = "{now, days, week, on_time, late_jobs, departments, "
                                      "bottleneck, adherence}",
              .query_params = {{"days", "integer", "look-back window, 1..366 (default 7)", false}},
              .response_schema = schemas::ref("Dashboard")},
             [&scheduling](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"days"}, fields);
               auto days = query_int(ctx, "days", 1, 366, fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               return to_response(
                   scheduling.dashboard(app_principal(ctx), static_cast<int>(days.value_or(7))));
             });
  router.add(
      {.method = "GET",
       .path = "/api/v1/work-centers/{id}/dispatch",
       .permission = app::Permission::kRead,
       .summary = "Dispatch list of a work center: running operation first, then its "
                  "open scheduled operations by start",
       .tag = "work-centers",
       .response_description = "{work_center, items, total}",
       .query_params = {{"limit", "integer", "items, 1..500 (default 50)", false}},
       .response_schema = schemas::ref("DispatchList")},
      with_id([&scheduling](RequestContext& ctx, int64_t id) -> Response {
        std::vector<FieldError> fields;
        reject_unknown_query(ctx, {"limit"}, fields);
        auto limit = query_int(ctx, "limit", 1, 500, fields);
        if (!fields.empty()) return bad_request(std::move(fields));
        return to_response(scheduling.dispatch_list(app_principal(ctx), id, limit.value_or(50)));
      }));
}

}  // namespace kerf::api
