// Transport-neutral request/response types seen by route handlers (no Beast types leak here).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"

namespace kerf::api {

// The authenticated caller: the app principal (user id, username, every role it holds) and the
// session token it presented.
struct Principal : app::Principal {
  std::string token;
};

// Resolves a bearer token or session cookie value to a principal; any error means 401.
using Authenticator = std::function<Result<Principal>(std::string_view token)>;

// What a handler returns.
struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers (Set-Cookie, ETag)
};

// Everything a handler may read about the request. Header names are lower-case.
struct RequestContext {
  std::string method;                              // "GET", "POST", ...
  std::string path;                                // decoded path without the query
  std::map<std::string, std::string> path_params;  // {id} -> "42"
  std::map<std::string, std::string> query;        // decoded ?a=b pairs (last one wins)
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  nlohmann::json json;                 // parsed body on JSON routes, else null
  std::optional<Principal> principal;  // set on authenticated routes
  std::string client_address;          // peer IP, for throttling keys
  std::string route_pattern;           // e.g. "/api/v1/jobs/{id}"

  // The first header named `name` (case-insensitive), or nullptr.
  const std::string* header(std::string_view name) const;
  // The query value for `name`, or nullptr.
  const std::string* query_param(std::string_view name) const;
  // The principal; only valid on non-public routes (throws std::logic_error otherwise).
  const Principal& user() const;
};

// 200/201 JSON response from a JSON value.
Response json_response(const nlohmann::json& value, int status = 200);
// 204 No Content.
Response no_content();
// The RFC 9457 problem response for `error` (status from error.code; 429 adds Retry-After when
// the error carries a "retry_after" field).
Response problem_response(const Error& error);
// A problem response with an explicit status and title (for transport-level errors).
Response problem_response(int status, std::string_view detail, std::vector<FieldError> fields = {});
// HTTP status for an error code (kInvalidArgument -> 400 ... kInternal -> 500).
int http_status_for(ErrorCode code);
// The reason phrase / problem title for a status ("Not Found").
std::string_view status_title(int status);

// Value or problem: converts a Result holding JSON to a response.
inline Response to_response(Result<nlohmann::json> r, int ok_status = 200) {
  if (!r.ok()) return problem_response(r.error());
  return json_response(r.value(), ok_status);
}

// Percent-decodes `in` ("+" becomes a space when `plus_is_space`); nullopt on bad escapes.
std::optional<std::string> percent_decode(std::string_view in, bool plus_is_space);

// Parses "a=1&b=x%20y" into a map; nullopt on bad escapes.
std::optional<std::map<std::string, std::string>> parse_query_string(std::string_view query);

// The value of cookie `name` in a Cookie header value, or empty.
std::string cookie_value(std::string_view cookie_header, std::string_view name);

}  // namespace kerf::api
