// /api/v1/operations (shop floor) and /api/v1/schedule/slots (planner moves/pins).
#include "app_common.h"

namespace kerf::api {
namespace {

using nlohmann::json;

const json kVersionSchema = {{"type", "object"},
                             {"properties", {{"version", {{"type", "integer"}}}}}};

json outcome_json(const app::OperationOutcome& o) {
  return {{"operation", app::json_of(o.operation)}, {"job", app::json_of(o.job)}};
}

}  // namespace

void register_operation_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec spec{
      .sort_fields = {"job_id", "sequence", "status", "started_at"},
      .filters = {{"job_id", FilterKind::kInt},
                  {"status", FilterKind::kText},
                  {"department", FilterKind::kText},
                  {"process", FilterKind::kText},
                  {"operator_id", FilterKind::kInt}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        bool ok = name == "status"       ? model::parse_operation_status(value).ok()
                  : name == "department" ? model::parse_department(value).ok()
                                         : model::parse_process(value).ok();
        return ok ? "" : "unknown " + name + " '" + value + "'";
      },
      .search = true,
      .date_range = true};
  router.add({.method = "GET",
              .path = "/api/v1/operations",
              .summary = "List operations",
              .tag = "operations",
              .query_params = list_query_docs(spec)},
             [s](RequestContext& ctx) -> Response {
               auto q = parse_list_query(ctx, spec);
               if (!q.ok()) return problem_response(q.error());
               auto page = s->operations().list(app_principal(ctx), q.value());
               if (!page.ok()) return problem_response(page.error());
               return json_response(
                   page_json(page.value(), [](const auto& o) { return app::json_of(o); }));
             });
  router.add({.method = "GET",
              .path = "/api/v1/operations/{id}",
              .summary = "An operation",
              .tag = "operations"},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               auto op = s->operations().get(app_principal(ctx), *id);
               if (!op.ok()) return problem_response(op.error());
               return json_response(app::json_of(op.value()));
             });
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/start",
              .roles = kFloor,
              .summary = "Start an operation",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"properties",
                                  {{"version", {{"type", "integer"}}},
                                   {"operator_id", {{"type", "integer"}}}}}}},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(body_or_empty(ctx), "", errors);
               auto version = optional_version(r);
               auto op_id = r.integer("operator_id", false, 0);
               r.reject_unknown({"version", "operator_id"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto out =
                   s->operations().start(app_principal(ctx), *id, version, op_id.value_or(0));
               if (!out.ok()) return problem_response(out.error());
               return json_response(outcome_json(out.value()));
             });
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/pause",
              .roles = kFloor,
              .summary = "Pause a running operation (reason code required)",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"reason"}}}},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(body_or_empty(ctx), "", errors);
               auto version = optional_version(r);
               auto reason = r.string("reason", true, 200);
               r.reject_unknown({"version", "reason"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto out = s->operations().pause(app_principal(ctx), *id, *reason, version);
               if (!out.ok()) return problem_response(out.error());
               return json_response(outcome_json(out.value()));
             });
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/resume",
              .roles = kFloor,
              .summary = "Resume a paused operation",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = kVersionSchema},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(body_or_empty(ctx), "", errors);
               auto version = optional_version(r);
               r.reject_unknown({"version"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto out = s->operations().resume(app_principal(ctx), *id, version);
               if (!out.ok()) return problem_response(out.error());
               return json_response(outcome_json(out.value()));
             });
  router.add(
      {.method = "POST",
       .path = "/api/v1/operations/{id}/complete",
       .roles = kFloor,
       .summary = "Complete an operation with good/scrap quantities",
       .tag = "operations",
       .body_type = "application/json",
       .request_schema = {{"type", "object"},
                          {"required", {"qty_good"}},
                          {"properties",
                           {{"version", {{"type", "integer"}}},
                            {"qty_good", {{"type", "integer"}, {"minimum", 0}}},
                            {"qty_scrap", {{"type", "integer"}, {"minimum", 0}}},
                            {"operator_id", {{"type", "integer"}}},
                            {"scrap_reasons",
                             {{"type", "array"}, {"items", {{"type", "string"}}}}}}}}},
      [s](RequestContext& ctx) -> Response {
        auto id = path_id(ctx);
        if (!id.ok()) return problem_response(id.error());
        std::vector<FieldError> errors;
        JsonReader r(body_or_empty(ctx), "", errors);
        app::CompleteOperationInput in;
        in.operation_id = *id;
        in.expected_version = optional_version(r);
        if (auto x = r.integer("qty_good", true, 0, 1000000)) in.qty_good = *x;
        if (auto x = r.integer("qty_scrap", false, 0, 1000000)) in.qty_scrap = *x;
        if (auto x = r.integer("operator_id", false, 0)) in.operator_id = *x;
        if (auto x = r.string_array("scrap_reasons", false)) in.scrap_reasons = *x;
        r.reject_unknown({"version", "qty_good", "qty_scrap", "operator_id", "scrap_reasons"});
        if (auto bad = invalid_response(errors)) return *bad;
        auto out = s->operations().complete(app_principal(ctx), in);
        if (!out.ok()) return problem_response(out.error());
        return json_response(outcome_json(out.value()));
      });
}

void register_slot_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec spec{.sort_fields = {"start_at", "end_at", "work_center_id"},
                             .filters = {{"operation_id", FilterKind::kInt},
                                         {"work_center_id", FilterKind::kInt},
                                         {"pinned", FilterKind::kBool},
                                         {"locked", FilterKind::kBool}},
                             .date_range = true};
  router.add({.method = "GET",
              .path = "/api/v1/schedule/slots",
              .summary = "List schedule slots",
              .tag = "schedule",
              .query_params = list_query_docs(spec)},
             [s](RequestContext& ctx) -> Response {
               auto q = parse_list_query(ctx, spec);
               if (!q.ok()) return problem_response(q.error());
               auto page = s->schedule().list(app_principal(ctx), q.value());
               if (!page.ok()) return problem_response(page.error());
               return json_response(
                   page_json(page.value(), [](const auto& x) { return app::json_of(x); }));
             });
  router.add({.method = "GET",
              .path = "/api/v1/schedule/slots/{id}",
              .summary = "A schedule slot",
              .tag = "schedule"},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               auto slot = s->schedule().get(app_principal(ctx), *id);
               if (!slot.ok()) return problem_response(slot.error());
               return json_response(app::json_of(slot.value()));
             });
  router.add({.method = "POST",
              .path = "/api/v1/schedule/slots/{id}/move",
              .roles = kSchedulers,
              .summary = "Move a slot to a work center and start time (pins it)",
              .tag = "schedule",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"work_center_id", "start"}}}},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(body_or_empty(ctx), "", errors);
               app::MoveSlotInput in;
               in.slot_id = *id;
               in.expected_version = optional_version(r);
               if (auto x = r.integer("work_center_id", true, 1)) in.work_center_id = *x;
               if (auto x = r.time("start", true)) in.start = *x;
               r.reject_unknown({"version", "work_center_id", "start"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto slot = s->schedule().move(app_principal(ctx), in);
               if (!slot.ok()) return problem_response(slot.error());
               return json_response(app::json_of(slot.value()));
             });
  for (bool pin : {true, false}) {
    router.add({.method = "POST",
                .path = std::string("/api/v1/schedule/slots/{id}/") + (pin ? "pin" : "unpin"),
                .roles = kSchedulers,
                .summary = pin ? "Pin a slot" : "Unpin a slot",
                .tag = "schedule",
                .body_type = "application/json",
                .request_schema = kVersionSchema},
               [s, pin](RequestContext& ctx) -> Response {
                 auto id = path_id(ctx);
                 if (!id.ok()) return problem_response(id.error());
                 std::vector<FieldError> errors;
                 JsonReader r(body_or_empty(ctx), "", errors);
                 auto version = optional_version(r);
                 r.reject_unknown({"version"});
                 if (auto bad = invalid_response(errors)) return *bad;
                 auto who = app_principal(ctx);
                 auto slot = pin ? s->schedule().pin(who, *id, version)
                                 : s->schedule().unpin(who, *id, version);
                 if (!slot.ok()) return problem_response(slot.error());
                 return json_response(app::json_of(slot.value()));
               });
  }
}

}  // namespace kerf::api
