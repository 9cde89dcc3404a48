// Master data: work centers, calendars, parts, tools (read) and customers (full CRUD).
#include "app_common.h"

namespace kerf::api {
namespace {

using nlohmann::json;

template <typename T>
void add_reads(Router& router, app::Services* s, const std::string& base, const std::string& tag,
               const ListSpec* spec) {
  router.add({.method = "GET",
              .path = base,
              .summary = "List " + tag,
              .tag = tag,
              .query_params = list_query_docs(*spec)},
             [s, spec](RequestContext& ctx) -> Response {
               auto q = parse_list_query(ctx, *spec);
               if (!q.ok()) return problem_response(q.error());
               auto page = s->master_data().list<T>(app_principal(ctx), q.value());
               if (!page.ok()) return problem_response(page.error());
               return json_response(
                   page_json(page.value(), [](const auto& x) { return app::json_of(x); }));
             });
  router.add({.method = "GET", .path = base + "/{id}", .summary = "Get one of " + tag, .tag = tag},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               auto x = s->master_data().get<T>(app_principal(ctx), *id);
               if (!x.ok()) return problem_response(x.error());
               return json_response(app::json_of(x.value()));
             });
}

std::optional<model::Customer> read_customer(const json& body, bool update,
                                             std::vector<FieldError>& errors) {
  JsonReader r(body, "", errors);
  model::Customer c;
  if (update) {
    if (auto x = r.integer("version", true, 1)) c.version = *x;
  }
  if (auto x = r.string("code", true, 64)) c.code = *x;
  if (auto x = r.string("name", true, 200)) c.name = *x;
  if (auto x = r.boolean("vip", false)) c.vip = *x;
  r.reject_unknown({"id", "version", "code", "name", "vip"});
  if (!errors.empty()) return std::nullopt;
  return c;
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
              .tag = "departments"},
             [](RequestContext&) {
               json items = json::array();
               for (auto d : model::kAllDepartments)
                 items.push_back(std::string(model::to_string(d)));
               return json_response({{"items", items}, {"total", items.size()}});
             });
  router.add({.method = "POST",
              .path = "/api/v1/customers",
              .roles = kPlanner,
              .summary = "Create a customer",
              .tag = "customers",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"code", "name"}}},
              .success_status = 201},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> errors;
               auto c = read_customer(ctx.json, false, errors);
               if (auto bad = invalid_response(errors)) return *bad;
               auto out = s->master_data().create(app_principal(ctx), *c);
               if (!out.ok()) return problem_response(out.error());
               return json_response(app::json_of(out.value()), 201);
             });
  router.add({.method = "PUT",
              .path = "/api/v1/customers/{id}",
              .roles = kPlanner,
              .summary = "Update a customer (body carries version)",
              .tag = "customers",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"version", "code", "name"}}}},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               auto c = read_customer(ctx.json, true, errors);
               if (auto bad = invalid_response(errors)) return *bad;
               c->id = *id;
               auto out = s->master_data().update(app_principal(ctx), *c);
               if (!out.ok()) return problem_response(out.error());
               return json_response(app::json_of(out.value()));
             });
}

}  // namespace kerf::api
