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
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("Operation")},
             list_handler(spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->operations().list(who, q);
             }));
  router.add({.method = "GET",
              .path = "/api/v1/operations/{id}",
              .summary = "An operation",
              .tag = "operations",
              .response_schema = schemas::ref("Operation")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->operations().get(app_principal(ctx), id));
             }));
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/start",
              .permission = app::Permission::kRecordWork,
              .summary = "Start an operation",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"properties",
                                  {{"version", {{"type", "integer"}}},
                                   {"operator_id", {{"type", "integer"}}}}}},
              .response_schema = schemas::ref("OperationOutcome")},
             id_action(
                 body_or_empty, {"version", "operator_id"},
                 [](JsonReader& r) {
                   auto version = optional_version(r);
                   return std::pair(version, r.integer("operator_id", false, 0));
                 },
                 [s](const app::Principal& who, int64_t id, const auto& in) {
                   return s->operations().start(who, id, in.first, in.second.value_or(0));
                 },
                 outcome_json));
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/pause",
              .permission = app::Permission::kRecordWork,
              .summary = "Pause a running operation (reason code required)",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"reason"}}},
              .response_schema = schemas::ref("OperationOutcome")},
             id_action(
                 body_or_empty, {"version", "reason"},
                 [](JsonReader& r) {
                   auto version = optional_version(r);
                   return std::pair(version, r.string("reason", true, 200));
                 },
                 [s](const app::Principal& who, int64_t id, const auto& in) {
                   return s->operations().pause(who, id, *in.second, in.first);
                 },
                 outcome_json));
  router.add({.method = "POST",
              .path = "/api/v1/operations/{id}/resume",
              .permission = app::Permission::kRecordWork,
              .summary = "Resume a paused operation",
              .tag = "operations",
              .body_type = "application/json",
              .request_schema = kVersionSchema,
              .response_schema = schemas::ref("OperationOutcome")},
             id_action(
                 body_or_empty, {"version"}, optional_version,
                 [s](const app::Principal& who, int64_t id, std::optional<int64_t> version) {
                   return s->operations().resume(who, id, version);
                 },
                 outcome_json));
  router.add(
      {.method = "POST",
       .path = "/api/v1/operations/{id}/complete",
       .permission = app::Permission::kRecordWork,
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
                             {{"type", "array"}, {"items", {{"type", "string"}}}}}}}},
       .response_schema = schemas::ref("OperationOutcome")},
      id_action(
          body_or_empty, {"version", "qty_good", "qty_scrap", "operator_id", "scrap_reasons"},
          [](JsonReader& r) {
            app::CompleteOperationInput in;
            in.expected_version = optional_version(r);
            if (auto x = r.integer("qty_good", true, 0, 1000000)) in.qty_good = *x;
            if (auto x = r.integer("qty_scrap", false, 0, 1000000)) in.qty_scrap = *x;
            if (auto x = r.integer("operator_id", false, 0)) in.operator_id = *x;
            if (auto x = r.string_array("scrap_reasons", false)) in.scrap_reasons = *x;
            return in;
          },
          [s](const app::Principal& who, int64_t id, app::CompleteOperationInput in) {
            in.operation_id = id;
            return s->operations().complete(who, in);
          },
          outcome_json));
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
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("ScheduleSlot")},
             list_handler(spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->schedule().list(who, q);
             }));
  router.add({.method = "GET",
              .path = "/api/v1/schedule/slots/{id}",
              .summary = "A schedule slot",
              .tag = "schedule",
              .response_schema = schemas::ref("ScheduleSlot")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->schedule().get(app_principal(ctx), id));
             }));
  router.add({.method = "POST",
              .path = "/api/v1/schedule/slots/{id}/move",
              .permission = app::Permission::kEditSchedule,
              .summary = "Move a slot to a work center and start time (pins it)",
              .tag = "schedule",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"work_center_id", "start"}}},
              .response_schema = schemas::ref("ScheduleSlot")},
             id_action(
                 body_or_empty, {"version", "work_center_id", "start"},
                 [](JsonReader& r) {
                   app::MoveSlotInput in;
                   in.expected_version = optional_version(r);
                   if (auto x = r.integer("work_center_id", true, 1)) in.work_center_id = *x;
                   if (auto x = r.time("start", true)) in.start = *x;
                   return in;
                 },
                 [s](const app::Principal& who, int64_t id, app::MoveSlotInput in) {
                   in.slot_id = id;
                   return s->schedule().move(who, in);
                 }));
  for (bool pin : {true, false}) {
    auto act = [s, pin](const app::Principal& who, int64_t id, std::optional<int64_t> version) {
      return pin ? s->schedule().pin(who, id, version) : s->schedule().unpin(who, id, version);
    };
    router.add({.method = "POST",
                .path = std::string("/api/v1/schedule/slots/{id}/") + (pin ? "pin" : "unpin"),
                .permission = app::Permission::kEditSchedule,
                .summary = pin ? "Pin a slot" : "Unpin a slot",
                .tag = "schedule",
                .body_type = "application/json",
                .request_schema = kVersionSchema,
                .response_schema = schemas::ref("ScheduleSlot")},
               id_action(body_or_empty, {"version"}, optional_version, act));
  }
}

}  // namespace kerf::api
