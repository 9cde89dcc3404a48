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

// The answer to a successful sign-in (password or badge): {"token","user","expires"} and the
// HttpOnly session cookie. A password session's cookie lives as long as the session may idle;
// a station session's cookie is a browser-session cookie (the server ends the session after
// the idle timeout, which activity keeps sliding).
Response session_response(const app::LoginResult& login, TimePoint now) {
  auto ttl = std::chrono::duration_cast<std::chrono::seconds>(login.expires - now);
  Response res = json_response({{"token", login.token},
                                {"user", app::json_of(login.user)},
                                {"expires", format_iso8601(login.expires)}});
  std::string cookie =
      std::string(kSessionCookie) + "=" + login.token + "; HttpOnly; SameSite=Strict; Path=/";
  if (!login.station) cookie += "; Max-Age=" + std::to_string(std::max<int64_t>(ttl.count(), 1));
  res.headers.emplace_back("Set-Cookie", std::move(cookie));
  return res;
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
                                   {"password", {{"type", "string"}}}}}},
              .blocking = true,  // argon2id: off the I/O threads
              .response_schema = schemas::ref("LoginResponse")},
             [s](RequestContext& ctx) -> Response {
               auto in = read_json(ctx.json, {"username", "password"}, [](JsonReader& r) {
                 auto username = r.string("username", true, 64);
                 return std::pair(username, r.string("password", true, app::kMaxPasswordLength));
               });
               if (!in.ok()) return problem_response(in.error());
               auto login = s->auth().login(*in->first, *in->second, ctx.client_address);
               if (!login.ok()) return problem_response(login.error());
               return session_response(*login, s->env().now());
             });
  router.add(
      {.method = "POST",
       .path = "/api/v1/auth/badge",
       .is_public = true,
       .summary = "Sign in at a shop-floor station with badge + PIN; opens a station "
                  "session (short idle timeout) and sets the kerf_session cookie",
       .tag = "auth",
       .body_type = "application/json",
       .request_schema = {{"type", "object"},
                          {"required", {"badge", "pin"}},
                          {"properties",
                           {{"badge", {{"type", "string"}}}, {"pin", {{"type", "string"}}}}}},
       .blocking = true,  // argon2id: off the I/O threads
       .response_schema = schemas::ref("LoginResponse")},
      [s](RequestContext& ctx) -> Response {
        auto in = read_json(ctx.json, {"badge", "pin"}, [](JsonReader& r) {
          auto badge = r.string("badge", true, 256);
          return std::pair(badge, r.string("pin", true, 64));
        });
        if (!in.ok()) return problem_response(in.error());
        auto login = s->auth().badge_login(*in->first, *in->second, ctx.client_address);
        if (!login.ok()) return problem_response(login.error());
        return session_response(*login, s->env().now());
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
      {.method = "GET",
       .path = "/api/v1/auth/me",
       .summary = "The logged-in user, their session (station, idle timeout, expiry) and the "
                  "plant's time zone",
       .tag = "auth",
       .response_schema = schemas::ref("Me")},
      [s](RequestContext& ctx) -> Response {
        const auto& p = ctx.user();
        json roles = json::array();
        for (auto r : p.roles) roles.push_back(std::string(model::to_string(r)));
        const auto& options = s->auth().options();
        auto idle = p.station ? options.station_idle : options.session_ttl;
        auto zone = s->auth().plant_time_zone();
        if (!zone.ok()) return problem_response(zone.error());
        return json_response({{"id", p.user_id},
                              {"username", p.username},
                              {"roles", roles},
                              {"station", p.station},
                              {"idle_timeout_s", idle.count()},
                              {"expires", format_iso8601(p.session_expires)},
                              {"plant_time_zone", *zone}});
      });

  static const ListSpec users_spec{.sort_fields = {"username", "display_name"},
                                   .filters = {{"active", FilterKind::kBool}},
                                   .search = true};
  router.add({.method = "GET",
              .path = "/api/v1/users",
              .permission = app::Permission::kManageUsers,
              .summary = "List users",
              .tag = "users",
              .query_params = list_query_docs(users_spec),
              .response_schema = schemas::list_of("User")},
             list_handler(
                 users_spec,
                 [s](const app::Principal& who, const store::ListQuery& q) {
                   return s->auth().list_users(who, q);
                 },
                 [](const app::UserRow& row) {
                   json out = app::json_of(row.user);
                   out["has_badge"] = row.has_badge;
                   return out;
                 }));
  router.add({.method = "POST",
              .path = "/api/v1/users",
              .permission = app::Permission::kManageUsers,
              .summary = "Create a user",
              .tag = "users",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required", {"username", "display_name", "password", "roles"}}},
              .success_status = 201,
              .blocking = true,  // hashes the password
              .response_schema = schemas::ref("User")},
             create_handler(
                 {"username", "display_name", "password", "roles"},
                 [](JsonReader& r) {
                   app::NewUser in;
                   if (auto v = r.string("username", true, 64)) in.username = *v;
                   if (auto v = r.string("display_name", true, 200)) in.display_name = *v;
                   if (auto v = r.string("password", true, app::kMaxPasswordLength)) {
                     in.password = *v;
                   }
                   if (auto v = read_roles(r, true)) in.roles = *v;
                   return in;
                 },
                 [s](const app::Principal& who, const app::NewUser& in) {
                   return s->auth().create_user(who, in);
                 }));
  router.add({.method = "GET",
              .path = "/api/v1/users/{id}",
              .permission = app::Permission::kManageUsers,
              .summary = "Get a user",
              .tag = "users",
              .response_schema = schemas::ref("User")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->auth().get_user(app_principal(ctx), id));
             }));
  router.add({.method = "PUT",
              .path = "/api/v1/users/{id}/roles",
              .permission = app::Permission::kManageUsers,
              .summary = "Replace a user's roles",
              .tag = "users",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"roles", "version"}}},
              .response_schema = schemas::ref("User")},
             id_action(
                 body_as_sent, {"roles", "version"},
                 [](JsonReader& r) {
                   auto roles = read_roles(r, true);
                   return std::pair(roles, r.integer("version", true, 1));
                 },
                 [s](const app::Principal& who, int64_t id, const auto& in) {
                   return s->auth().set_roles(who, id, *in.first, in.second);
                 }));
  router.add({.method = "PUT",
              .path = "/api/v1/users/{id}/badge",
              .permission = app::Permission::kManageUsers,
              .summary = "Set or replace a user's station badge and PIN (4-8 digits)",
              .tag = "users",
              .body_type = "application/json",
              .request_schema = {{"type", "object"},
                                 {"required", {"badge", "pin"}},
                                 {"properties",
                                  {{"badge", {{"type", "string"}}},
                                   {"pin", {{"type", "string"}, {"pattern", "^[0-9]{4,8}$"}}}}}},
              .blocking = true,  // hashes the PIN
              .response_schema = schemas::ref("User")},
             id_action(
                 body_as_sent, {"badge", "pin"},
                 [](JsonReader& r) {
                   auto badge = r.string("badge", true, 256);
                   return std::pair(badge, r.string("pin", true, 64));
                 },
                 [s](const app::Principal& who, int64_t id, const auto& in) {
                   return s->auth().set_badge(who, id, *in.first, *in.second);
                 },
                 [](const model::User& u) {
                   json out = app::json_of(u);
                   out["has_badge"] = true;
                   return out;
                 }));
  router.add({.method = "DELETE",
              .path = "/api/v1/users/{id}/badge",
              .permission = app::Permission::kManageUsers,
              .summary = "Remove a user's station badge and PIN",
              .tag = "users",
              .success_status = 204},
             with_id([s](RequestContext& ctx, int64_t id) {
               auto cleared = s->auth().clear_badge(app_principal(ctx), id);
               if (!cleared.ok()) return problem_response(cleared.error());
               return no_content();
             }));
  router.add({.method = "POST",
              .path = "/api/v1/users/{id}/deactivate",
              .permission = app::Permission::kManageUsers,
              .summary = "Deactivate a user (ends their sessions)",
              .tag = "users",
              .body_type = "application/json",
              .response_schema = schemas::ref("User")},
             id_action(body_or_empty, {"version"}, optional_version,
                       [s](const app::Principal& who, int64_t id, std::optional<int64_t> version) {
                         return s->auth().deactivate(who, id, version);
                       }));
}

}  // namespace kerf::api
