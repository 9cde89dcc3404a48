// Job history and material traceability (app/trace_service.h): read by every authenticated user.
#include "app_common.h"

namespace kerf::api {

void register_trace_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  // Only paging: the history is always newest first.
  static const ListSpec history_spec{};
  router.add({.method = "GET",
              .path = "/api/v1/jobs/{id}/history",
              .summary = "History of a job: audit rows of the job, its operations, schedule slots "
                         "and material consumptions, newest first",
              .tag = "jobs",
              .query_params = {{"limit", "integer", "page size, 1..1000 (default 50)"},
                               {"offset", "integer", "rows to skip"}},
              .response_schema = schemas::list_of("JobHistoryEntry")},
             with_id([s](RequestContext& ctx, int64_t id) {
               auto q = parse_list_query(ctx, history_spec);
               if (!q.ok()) return problem_response(q.error());
               return respond(s->trace().job_history(app_principal(ctx), id, q->limit, q->offset),
                              [](const nlohmann::json& j) { return j; });
             }));
  router.add({.method = "GET",
              .path = "/api/v1/jobs/{id}/materials",
              .summary = "Sheets consumed by a job with their heat lots (traceability)",
              .tag = "jobs",
              .response_schema = schemas::ref("JobMaterials")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->trace().job_materials(app_principal(ctx), id),
                              [](const nlohmann::json& j) { return j; });
             }));
  router.add({.method = "GET",
              .path = "/api/v1/materials/heat-lots/{id}/trace",
              .summary = "Trace a heat lot: its sheets and remnants, each consumption with job, "
                         "part, operation and customer",
              .tag = "materials",
              .response_schema = schemas::ref("HeatLotTrace")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->trace().heat_lot_trace(app_principal(ctx), id),
                              [](const nlohmann::json& j) { return j; });
             }));
}

}  // namespace kerf::api
