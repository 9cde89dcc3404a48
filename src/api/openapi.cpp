#include "kerf/api/openapi.h"

#include <algorithm>
#include <cctype>

#include "openapi_schemas.h"

namespace kerf::api {
namespace {

using nlohmann::json;

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string operation_id(const RouteSpec& spec) {
  std::string id = lower(spec.method);
  for (const auto& seg : split_path(spec.path)) {
    id.push_back('_');
    for (char c : seg) {
      if (std::isalnum(static_cast<unsigned char>(c))) id.push_back(c);
    }
  }
  return id;
}

json problem_ref(const std::string& description) {
  return {
      {"description", description},
      {"content",
       {{"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}}}}};
}

json operation(const RouteSpec& spec) {
  json op = {{"operationId", operation_id(spec)}, {"summary", spec.summary}};
  if (!spec.tag.empty()) op["tags"] = json::array({spec.tag});
  json params = json::array();
  for (const auto& seg : split_path(spec.path)) {
    if (seg.size() > 2 && seg.front() == '{') {
      params.push_back({{"name", seg.substr(1, seg.size() - 2)},
                        {"in", "path"},
                        {"required", true},
                        {"schema", {{"type", "string"}}}});
    }
  }
  for (const auto& q : spec.query_params) {
    params.push_back({{"name", q.name},
                      {"in", "query"},
                      {"required", q.required},
                      {"description", q.description},
                      {"schema", {{"type", q.type}}}});
  }
  if (!params.empty()) op["parameters"] = params;
  if (!spec.body_type.empty()) {
    json schema = spec.request_schema.is_null() ? json{{"type", "object"}} : spec.request_schema;
    if (spec.body_type != "application/json" && spec.request_schema.is_null()) {
      schema = {{"type", "string"}};
    }
    op["requestBody"] = {{"required", true}, {"content", {{spec.body_type, {{"schema", schema}}}}}};
  }
  json success = {{"description", spec.response_description}};
  if (!spec.response_schema.is_null()) {
    success["content"] = {{spec.response_type, {{"schema", spec.response_schema}}}};
  }
  json responses = {{std::to_string(spec.success_status), std::move(success)}};
  if (!spec.body_type.empty() || !spec.query_params.empty() ||
      spec.path.find('{') != std::string::npos) {
    responses["400"] = problem_ref("Invalid input; errors[] names each bad field");
  }
  if (!spec.is_public) {
    responses["401"] = problem_ref("Not authenticated");
    responses["403"] = problem_ref("Role not allowed");
    op["security"] =
        json::array({{{"bearerAuth", json::array()}}, {{"cookieAuth", json::array()}}});
    op["x-kerf-roles"] =
        spec.permission ? json(app::role_names(*spec.permission)) : json::array({"any"});
  } else {
    op["security"] = json::array();
    op["x-kerf-roles"] = json::array({"public"});
  }
  op["responses"] = responses;
  return op;
}

}  // namespace

nlohmann::json build_openapi(const Router& router, const std::string& title,
                             const std::string& version) {
  json paths = json::object();
  for (const auto& route : router.routes()) {
    paths[route.spec.path][lower(route.spec.method)] = operation(route.spec);
  }
  return {{"openapi", "3.1.0"},
          {"info", {{"title", title}, {"version", version}}},
          {"servers", json::array({{{"url", "/"}}})},
          {"paths", paths},
          {"components",
           {{"schemas", schemas::components()},
            {"securitySchemes",
             {{"bearerAuth", {{"type", "http"}, {"scheme", "bearer"}}},
              {"cookieAuth", {{"type", "apiKey"}, {"in", "cookie"}, {"name", "kerf_session"}}}}}}}};
}

RouteSpec builtin_route_spec(BuiltinRoute route) {
  switch (route) {
    case BuiltinRoute::kHealth:
      return {.method = "GET",
              .path = "/healthz",
              .is_public = true,
              .summary = "Liveness probe",
              .tag = "system",
              .response_schema = schemas::ref("Health")};
    case BuiltinRoute::kMetrics:
      return {.method = "GET",
              .path = "/metrics",
              .is_public = true,
              .summary = "Prometheus metrics (text exposition format)",
              .tag = "system",
              .response_schema = {{"type", "string"}},
              .response_type = "text/plain"};
    case BuiltinRoute::kOpenApi:
      return {.method = "GET",
              .path = "/api/v1/openapi.json",
              .is_public = true,
              .summary = "This OpenAPI 3.1 document",
              .tag = "system",
              .response_schema = {{"type", "object"}}};
    case BuiltinRoute::kEvents:
      break;
  }
  // No body: the frames are described by components.schemas.Event.
  return {.method = "GET",
          .path = "/api/v1/events",
          .summary = "WebSocket stream of domain events (JSON text frames: Event)",
          .tag = "events",
          .response_description = "Switching Protocols (WebSocket upgrade)",
          .success_status = 101,
          .query_params = {{"topic", "string", "topic prefix filter, e.g. job."},
                           {"token", "string", "session token (for browsers)"}}};
}

nlohmann::json server_openapi(Router router, const std::string& title, const std::string& version,
                              bool with_events) {
  // Placeholder handlers: only the specs are read.
  auto none = [](RequestContext&) { return problem_response(500, "documentation only"); };
  for (auto r : {BuiltinRoute::kHealth, BuiltinRoute::kMetrics, BuiltinRoute::kOpenApi}) {
    router.add(builtin_route_spec(r), none);
  }
  if (with_events) router.add(builtin_route_spec(BuiltinRoute::kEvents), none);
  return build_openapi(router, title, version);
}

}  // namespace kerf::api
