#include "kerf/api/app_api.h"

#include "app_common.h"
#include "kerf/core/time_format.h"

namespace kerf::api {

Authenticator make_authenticator(app::Services& services) {
  return [&services](std::string_view token) -> Result<Principal> {
    auto who = services.auth().authenticate(token);
    if (!who.ok()) return who.error();
    Principal p;
    static_cast<app::Principal&>(p) = *who;
    p.token = std::string(token);
    return p;
  };
}

namespace {

nlohmann::json audit_json(const store::AuditEntry& e) {
  auto parse = [](const std::optional<std::string>& s) {
    return s ? nlohmann::json::parse(*s, nullptr, false) : nlohmann::json();
  };
  return {{"id", e.id},
          {"at", format_iso8601(e.at)},
          {"actor_user_id", e.actor_user_id},
          {"actor", e.actor},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"action", e.action},
          {"before", parse(e.before_json)},
          {"after", parse(e.after_json)}};
}

void register_audit_routes(Router& router, app::Services& services) {
  static const ListSpec spec{.sort_fields = {"occurred_at"},
                             .filters = {{"entity", FilterKind::kText},
                                         {"entity_id", FilterKind::kInt},
                                         {"actor", FilterKind::kText},
                                         {"actor_user_id", FilterKind::kInt},
                                         {"action", FilterKind::kText}},
                             .search = true,
                             .date_range = true};
  auto list = [&services](const app::Principal& who, const store::ListQuery& q) {
    return services.audit_log(who, q);
  };
  // Read-only: the audit log is written by app use cases only.
  router.add({.method = "GET",
              .path = "/api/v1/audit",
              .permission = app::Permission::kReadAudit,
              .summary = "Audit log (read-only)",
              .tag = "audit",
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("AuditEntry")},
             list_handler(spec, list, audit_json));
}

}  // namespace

void register_app_routes(Router& router, app::Services& services, app::AgentsPort* agents) {
  register_auth_routes(router, services);
  register_job_routes(router, services);
  register_operation_routes(router, services);
  register_slot_routes(router, services);
  register_material_routes(router, services);
  register_master_data_routes(router, services);
  register_audit_routes(router, services);
  register_trace_routes(router, services);
  register_machine_routes(router, services);
  register_scan_routes(router, services);
  register_nest_routes(router, services);
  register_sigmanest_routes(router, services);
  register_approval_routes(router, services);
  register_agent_routes(router, services, agents);
}

Result<std::unique_ptr<Server>> start_server(ServerOptions options, app::Services& services,
                                             const std::function<void(Router&)>& extra) {
  Router router;
  register_app_routes(router, services, options.agents);
  if (extra) extra(router);
  return Server::start(std::move(options), std::move(router), make_authenticator(services),
                       &services.bus());
}

}  // namespace kerf::api
