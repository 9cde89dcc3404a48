// Master data routes: reads of work centers, calendars, parts, tools and customers; create,
// update and delete of work centers, parts, tools, customers and shift calendars.
#include "app_common.h"
#include "json_master_data.h"

namespace kerf::api {
namespace {

using nlohmann::json;

// The components.schemas name of the entity T (openapi_schemas.h).
template <typename T>
constexpr const char* kSchemaName = nullptr;
template <>
constexpr const char* kSchemaName<model::WorkCenter> = "WorkCenter";
template <>
constexpr const char* kSchemaName<model::ShiftCalendar> = "Calendar";
template <>
constexpr const char* kSchemaName<model::Part> = "Part";
template <>
constexpr const char* kSchemaName<model::Tool> = "Tool";
template <>
constexpr const char* kSchemaName<model::Customer> = "Customer";

template <typename T>
void add_reads(Router& router, app::Services* s, const std::string& base, const std::string& tag,
               const ListSpec* spec) {
  router.add({.method = "GET",
              .path = base,
              .summary = "List " + tag,
              .tag = tag,
              .query_params = list_query_docs(*spec),
              .response_schema = schemas::list_of(kSchemaName<T>)},
             list_handler(*spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->master_data().list<T>(who, q);
             }));
  router.add({.method = "GET",
              .path = base + "/{id}",
              .summary = "Get one of " + tag,
              .tag = tag,
              .response_schema = schemas::ref(kSchemaName<T>)},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->master_data().get<T>(app_principal(ctx), id));
             }));
}

// Parses a request body into T, collecting field errors (see
// json_master_data.h).
template <typename T>
using BodyReader = std::optional<T> (*)(const json&, bool, std::vector<FieldError>&);

// POST base (201), PUT base/{id} (body carries version; 409 when stale) and
// DELETE base/{id}
// (?version= required; 204), all through MasterDataService.
template <typename T>
void add_writes(Router& router, app::Services* s, const std::string& base, const std::string& tag,
                const std::string& noun, app::Permission permission, BodyReader<T> read,
                const json& required) {
  json update_required = required;
  update_required.push_back("version");
  router.add({.method = "POST",
              .path = base,
              .permission = permission,
              .summary = "Create a " + noun,
              .tag = tag,
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", required}},
              .success_status = 201,
              .response_schema = schemas::ref(kSchemaName<T>)},
             [s, read](RequestContext& ctx) -> Response {
               std::vector<FieldError> errors;
               auto x = read(ctx.json, false, errors);
               if (!x) return problem_response(Error::invalid(std::move(errors)));
               return respond(s->master_data().create(app_principal(ctx), *x), JsonOf{}, 201);
             });
  router.add({.method = "PUT",
              .path = base + "/{id}",
              .permission = permission,
              .summary = "Update a " + noun + " (body carries version)",
              .tag = tag,
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", update_required}},
              .response_schema = schemas::ref(kSchemaName<T>)},
             with_id([s, read](RequestContext& ctx, int64_t id) -> Response {
               std::vector<FieldError> errors;
               auto x = read(ctx.json, true, errors);
               if (!x) return problem_response(Error::invalid(std::move(errors)));
               x->id = id;
               return respond(s->master_data().update(app_principal(ctx), *x));
             }));
  router.add({.method = "DELETE",
              .path = base + "/{id}",
              .permission = permission,
              .summary = "Delete a " + noun + " (?version= required)",
              .tag = tag,
              .success_status = 204,
              .query_params = {{"version", "integer", "the version you read", true}}},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               auto version = query_version(ctx);
               if (!version.ok()) return problem_response(version.error());
               return respond(s->master_data().remove<T>(app_principal(ctx), id, *version));
             }));
}

}  // namespace

void register_master_data_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec wc_spec{
      .sort_fields = {"code", "name", "department", "status"},
      .filters = {{"department", FilterKind::kText},
                  {"status", FilterKind::kText},
                  {"calendar_id", FilterKind::kInt}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        bool ok = name == "department" ? model::parse_department(value).ok()
                                       : model::parse_work_center_status(value).ok();
        return ok ? "" : "unknown " + name + " '" + value + "'";
      },
      .search = true};
  static const ListSpec cal_spec{.sort_fields = {"name"}, .search = true};
  static const ListSpec part_spec{.sort_fields = {"number", "revision", "material", "thickness_mm"},
                                  .filters = {{"number", FilterKind::kText},
                                              {"revision", FilterKind::kText},
                                              {"material", FilterKind::kText},
                                              {"assembly", FilterKind::kBool}},
                                  .search = true};
  static const ListSpec tool_spec{.sort_fields = {"code", "kind", "hits_used"},
                                  .filters = {{"kind", FilterKind::kText}},
                                  .search = true};
  static const ListSpec customer_spec{
      .sort_fields = {"code", "name"}, .filters = {{"vip", FilterKind::kBool}}, .search = true};
  add_reads<model::WorkCenter>(router, s, "/api/v1/work-centers", "work-centers", &wc_spec);
  add_reads<model::ShiftCalendar>(router, s, "/api/v1/calendars", "calendars", &cal_spec);
  add_reads<model::Part>(router, s, "/api/v1/parts", "parts", &part_spec);
  add_reads<model::Tool>(router, s, "/api/v1/tools", "tools", &tool_spec);
  add_reads<model::Customer>(router, s, "/api/v1/customers", "customers", &customer_spec);
  router.add({.method = "GET",
              .path = "/api/v1/departments",
              .summary = "The departments",
              .tag = "departments",
              .response_schema = schemas::ref("Departments")},
             [](RequestContext&) {
               json items = json::array();
               for (auto d : model::kAllDepartments)
                 items.push_back(std::string(model::to_string(d)));
               return json_response({{"items", items}, {"total", items.size()}});
             });
  add_writes<model::WorkCenter>(router, s, "/api/v1/work-centers", "work-centers", "work center",
                                app::Permission::kWriteMasterData, &read_work_center,
                                {"code", "name", "department", "capabilities"});
  add_writes<model::Part>(router, s, "/api/v1/parts", "parts", "part",
                          app::Permission::kWriteMasterData, &read_part,
                          {"number", "revision", "description", "material"});
  add_writes<model::Tool>(router, s, "/api/v1/tools", "tools", "tool", app::Permission::kWriteTools,
                          &read_tool, {"code", "kind", "life_hits_max"});
  add_writes<model::ShiftCalendar>(router, s, "/api/v1/calendars", "calendars", "calendar",
                                   app::Permission::kWriteMasterData, &read_calendar,
                                   {"name", "week"});
  add_writes<model::Customer>(router, s, "/api/v1/customers", "customers", "customer",
                              app::Permission::kWriteMasterData, &read_customer, {"code", "name"});
}

}  // namespace kerf::api
