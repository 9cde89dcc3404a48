// /api/v1/auth (login, logout, me) and /api/v1/users (admin).
#include <chrono>

#include "app_common.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

std::optional<std::set<model::Role>> read_roles(JsonReader& r, bool required) {
  auto names = r.string_array("roles", required);
  if (!names) return std::nullopt;
  std::set<model::Role> roles;
  bool ok = true;
  for (std::size_t i = 0; i < names->size(); ++i) {
    auto role = model::parse_role((*names)[i]);
    if (!role.ok()) {
      r.add("roles/" + std::to_string(i), "unknown role '" + (*names)[i] + "'");
      ok = false;
      continue;
    }
    roles.insert(*role);
  }
  if (!ok) return std::nullopt;
  return roles;
}

}  // namespace

void register_auth_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  router.add({.method = "POST",
              .path = "/api/v1/auth/login",
              .is_public = true,
              .summary = "Log in; returns a session token and sets the kerf_session cookie",
              .tag = "auth",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required", {"username", "password"}},
                                 {"properties",
                                  {{"username", {{"type", "string"}}},
                                   {"password", {{"type", "string"}}}}}}},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> errors;
               JsonReader r(ctx.json, "", errors);
               auto username = r.string("username", true, 64);
               auto password = r.string("password", true, app::kMaxPasswordLength);
               r.reject_unknown({"username", "password"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto login = s->auth().login(*username, *password, ctx.client_address);
               if (!login.ok()) return problem_response(login.error());
               auto ttl = std::chrono::duration_cast<std::chrono::seconds>(login->expires -
                                                                           s->env().now());
               Response res = json_response({{"token", login->token},
                                             {"user", app::json_of(login->user)},
                                             {"expires", format_iso8601(login->expires)}});
               res.headers.emplace_back("Set-Cookie",
                                        std::string(kSessionCookie) + "=" + login->token +
                                            "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                            std::to_string(std::max<int64_t>(ttl.count(), 1)));
               return res;
             });
  router.add({.method = "POST",
              .path = "/api/v1/auth/logout",
              .summary = "End this session",
              .tag = "auth",
              .success_status = 204},
             [s](RequestContext& ctx) -> Response {
               auto st = s->auth().logout(ctx.user().token);
               if (!st.ok()) return problem_response(st.error());
               Response res = no_content();
               res.headers.emplace_back("Set-Cookie", std::string(kSessionCookie) +
                                                          "=; HttpOnly; SameSite=Strict; Path=/; "
                                                          "Max-Age=0");
               return res;
             });
  router.add(
      {.method = "GET", .path = "/api/v1/auth/me", .summary = "The logged-in user", .tag = "auth"},
      [](RequestContext& ctx) -> Response {
        const auto& p = ctx.user();
        return json_response({{"id", p.user_id}, {"username", p.username}, {"roles", p.roles}});
      });

  static const ListSpec users_spec{.sort_fields = {"username", "display_name"},
                                   .filters = {{"active", FilterKind::kBool}},
                                   .search = true};
  router.add({.method = "GET",
              .path = "/api/v1/users",
              .roles = kAdmin,
              .summary = "List users",
              .tag = "users",
              .query_params = list_query_docs(users_spec)},
             [s](RequestContext& ctx) -> Response {
               auto q = parse_list_query(ctx, users_spec);
               if (!q.ok()) return problem_response(q.error());
               auto page = s->auth().list_users(app_principal(ctx), q.value());
               if (!page.ok()) return problem_response(page.error());
               return json_response(
                   page_json(page.value(), [](const auto& u) { return app::json_of(u); }));
             });
  router.add({.method = "POST",
              .path = "/api/v1/users",
              .roles = kAdmin,
              .summary = "Create a user",
              .tag = "users",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required", {"username", "display_name", "password", "roles"}}},
              .success_status = 201},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> errors;
               JsonReader r(ctx.json, "", errors);
               app::NewUser in;
               if (auto v = r.string("username", true, 64)) in.username = *v;
               if (auto v = r.string("display_name", true, 200)) in.display_name = *v;
               if (auto v = r.string("password", true, app::kMaxPasswordLength)) in.password = *v;
               if (auto v = read_roles(r, true)) in.roles = *v;
               r.reject_unknown({"username", "display_name", "password", "roles"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto u = s->auth().create_user(app_principal(ctx), in);
               if (!u.ok()) return problem_response(u.error());
               return json_response(app::json_of(u.value()), 201);
             });
  router.add({.method = "GET",
              .path = "/api/v1/users/{id}",
              .roles = kAdmin,
              .summary = "Get a user",
              .tag = "users"},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               auto u = s->auth().get_user(app_principal(ctx), *id);
               if (!u.ok()) return problem_response(u.error());
               return json_response(app::json_of(u.value()));
             });
  router.add({.method = "PUT",
              .path = "/api/v1/users/{id}/roles",
              .roles = kAdmin,
              .summary = "Replace a user's roles",
              .tag = "users",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"roles", "version"}}}},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(ctx.json, "", errors);
               auto roles = read_roles(r, true);
               auto version = r.integer("version", true, 1);
               r.reject_unknown({"roles", "version"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto u = s->auth().set_roles(app_principal(ctx), *id, *roles, version);
               if (!u.ok()) return problem_response(u.error());
               return json_response(app::json_of(u.value()));
             });
  router.add({.method = "POST",
              .path = "/api/v1/users/{id}/deactivate",
              .roles = kAdmin,
              .summary = "Deactivate a user (ends their sessions)",
              .tag = "users",
              .body_type = "application/json"},
             [s](RequestContext& ctx) -> Response {
               auto id = path_id(ctx);
               if (!id.ok()) return problem_response(id.error());
               std::vector<FieldError> errors;
               JsonReader r(body_or_empty(ctx), "", errors);
               auto version = optional_version(r);
               r.reject_unknown({"version"});
               if (auto bad = invalid_response(errors)) return *bad;
               auto u = s->auth().deactivate(app_principal(ctx), *id, version);
               if (!u.ok()) return problem_response(u.error());
               return json_response(app::json_of(u.value()));
             });
}

}  // namespace kerf::api
