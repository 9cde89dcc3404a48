// Route table: each route carries the spec it is documented by (OpenAPI is generated from it)
// and its access rule, and a synchronous handler run on a server worker thread.
#pragma once

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/api/http_types.h"
#include "kerf/app/permissions.h"

namespace kerf::api {

// One documented query parameter of a route.
struct QueryParamSpec {
  std::string name;
  std::string type = "string";  // JSON-schema type: string, integer, boolean
  std::string description;
  bool required = false;
};

struct RouteSpec {
  std::string method;      // GET, POST, PUT, PATCH, DELETE
  std::string path;        // "/api/v1/jobs/{id}"; params are whole segments
  bool is_public = false;  // no authentication at all
  // Who may call it (app/permissions.h); unset and !is_public = any authenticated user.
  std::optional<app::Permission> permission;
  std::string summary;
  std::string tag;
  // Request body content type: "" = no body, "application/json" = parsed into ctx.json
  // (415 otherwise, 400 on malformed JSON), anything else = raw body of that type.
  std::string body_type;
  nlohmann::json request_schema;  // JSON schema of the body, for OpenAPI (may be null)
  std::string response_description = "OK";
  int success_status = 200;
  std::vector<QueryParamSpec> query_params;
  // The handler blocks for long (password hashing): run it on the server's bounded worker
  // pool instead of an I/O thread; 503 + Retry-After when that pool's queue is full.
  bool blocking = false;
  // JSON schema of the success response body, for OpenAPI (null = no body or undocumented;
  // src/api/openapi_schemas.h has the named entity schemas and the list helper).
  nlohmann::json response_schema;
  // Content type of the success response body described by response_schema.
  std::string response_type = "application/json";
  // The path's last {param} also takes every further segment, joined with '/' (ids that hold
  // a '/', e.g. agent thread ids "material/evt-812", sent percent-encoded as %2F).
  bool path_tail = false;
};

using Handler = std::function<Response(RequestContext&)>;

struct Route {
  RouteSpec spec;
  Handler handler;
  std::vector<std::string> segments;  // path split on '/', "{x}" kept verbatim
};

// Result of matching a method + path.
struct RouteMatch {
  const Route* route = nullptr;               // set on a full match
  std::map<std::string, std::string> params;  // path parameters
  std::vector<std::string> allowed_methods;   // path matched but method did not (405)
};

class Router {
 public:
  // Adds a route. Throws std::logic_error on a duplicate method+pattern or a malformed pattern
  // (programming errors, caught by tests at start-up).
  void add(RouteSpec spec, Handler handler);
  // Finds the route for `method` and decoded `path`. Literal segments win over parameters.
  RouteMatch match(std::string_view method, std::string_view path) const;
  // Every registered route in registration order.
  const std::vector<Route>& routes() const { return routes_; }
  // Ok if `who` may call a route with `spec`; else kPermissionDenied naming the roles required.
  static Status authorize(const RouteSpec& spec, const Principal& who);

 private:
  std::vector<Route> routes_;
};

// Splits "/a/b/c" into {"a","b","c"} (empty segments dropped).
std::vector<std::string> split_path(std::string_view path);

}  // namespace kerf::api
