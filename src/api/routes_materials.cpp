// /api/v1/materials: sheet inventory, heat lots, receiving and consumption against a job.
#include "app_common.h"

namespace kerf::api {

void register_material_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec sheets_spec{
      .sort_fields = {"material", "thickness_mm", "quantity", "location"},
      .filters = {{"material", FilterKind::kText},
                  {"heat_lot_id", FilterKind::kInt},
                  {"is_remnant", FilterKind::kBool},
                  {"location", FilterKind::kText},
                  {"parent_sheet_id", FilterKind::kInt}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        if (name == "material" && !model::parse_material(value).ok()) {
          return "unknown material '" + value + "'";
        }
        return "";
      },
      .search = true};
  static const ListSpec lots_spec{
      .sort_fields = {"number", "received", "material"},
      .filters = {{"material", FilterKind::kText}, {"supplier", FilterKind::kText}},
      .check = sheets_spec.check,
      .search = true,
      .date_range = true};
  router.add({.method = "GET",
              .path = "/api/v1/materials/sheets",
              .summary = "Sheet inventory",
              .tag = "materials",
              .query_params = list_query_docs(sheets_spec),
              .response_schema = schemas::list_of("Sheet")},
             list_handler(sheets_spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->materials().list_sheets(who, q);
             }));
  router.add({.method = "GET",
              .path = "/api/v1/materials/heat-lots",
              .summary = "Heat lots",
              .tag = "materials",
              .query_params = list_query_docs(lots_spec),
              .response_schema = schemas::list_of("HeatLot")},
             list_handler(lots_spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->materials().list_heat_lots(who, q);
             }));
  router.add({.method = "POST",
              .path = "/api/v1/materials/receive",
              .permission = app::Permission::kReceiveMaterial,
              .summary = "Receive sheets (creates the heat lot when new)",
              .tag = "materials",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required",
                                  {"material", "thickness_mm", "length_mm", "width_mm", "quantity",
                                   "location", "heat_number"}}},
              .success_status = 201,
              .response_schema = schemas::ref("ReceiveResult")},
             create_handler(
                 {"material", "thickness_mm", "length_mm", "width_mm", "quantity", "location",
                  "heat_number", "mill_cert_ref", "supplier"},
                 [](JsonReader& r) {
                   app::ReceiveSheetsInput in;
                   if (auto x = r.enumeration("material", true, model::parse_material)) {
                     in.material = *x;
                   }
                   if (auto x = r.number("thickness_mm", true, 0, 50)) in.thickness_mm = *x;
                   if (auto x = r.number("length_mm", true, 0, 10000)) in.length_mm = *x;
                   if (auto x = r.number("width_mm", true, 0, 10000)) in.width_mm = *x;
                   if (auto x = r.integer("quantity", true, 1, 100000)) in.quantity = *x;
                   if (auto x = r.string("location", true, 64)) in.location = *x;
                   if (auto x = r.string("heat_number", true, 64)) in.heat_number = *x;
                   if (auto x = r.string("mill_cert_ref", false, 128)) in.mill_cert_ref = *x;
                   if (auto x = r.string("supplier", false, 200)) in.supplier = *x;
                   return in;
                 },
                 [s](const app::Principal& who, const app::ReceiveSheetsInput& in) {
                   return s->materials().receive(who, in);
                 },
                 [](const app::ReceiveResult& out) -> nlohmann::json {
                   return {{"sheet", app::json_of(out.sheet)},
                           {"heat_lot", app::json_of(out.heat_lot)},
                           {"heat_lot_created", out.heat_lot_created}};
                 }));
  router.add({.method = "POST",
              .path = "/api/v1/materials/sheets/{id}/consume",
              .permission = app::Permission::kConsumeMaterial,
              .summary = "Consume sheets against a job",
              .tag = "materials",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required", {"job_id", "quantity"}},
                                 {"properties",
                                  {{"job_id", {{"type", "integer"}}},
                                   {"quantity", {{"type", "integer"}}},
                                   {"operation_id", {{"type", "integer"}}},
                                   {"version", {{"type", "integer"}}}}}},
              .response_schema = schemas::ref("ConsumeResult")},
             id_action(
                 body_as_sent, {"version", "job_id", "quantity", "operation_id"},
                 [](JsonReader& r) {
                   app::ConsumeSheetsInput in;
                   in.expected_version = optional_version(r);
                   if (auto x = r.integer("job_id", true, 1)) in.job_id = *x;
                   in.operation_id = r.integer("operation_id", false, 1);
                   if (auto x = r.integer("quantity", true, 1, 100000)) in.quantity = *x;
                   return in;
                 },
                 [s](const app::Principal& who, int64_t id, app::ConsumeSheetsInput in) {
                   in.sheet_id = id;
                   return s->materials().consume(who, in);
                 },
                 [](const app::ConsumeResult& out) -> nlohmann::json {
                   return {{"sheet", app::json_of(out.sheet)},
                           {"heat_lot_id", out.heat_lot_id},
                           {"below_safety_stock", out.below_safety_stock}};
                 }));
}

}  // namespace kerf::api
