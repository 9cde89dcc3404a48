// OpenAPI 3.1 document generated from the route table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kerf/api/router.h"

namespace kerf::api {

// Every route becomes an operation under its pattern: path parameters, documented query
// parameters, request body schema, success response (with its response_schema) + problem
// responses, security (bearer + cookie, none for public routes) and its roles in "x-kerf-roles".
// components.schemas holds the named schemas the routes reference (Job, Operation, ...).
nlohmann::json build_openapi(const Router& router, const std::string& title,
                             const std::string& version);

// The routes every Server adds to its router itself.
enum class BuiltinRoute { kHealth, kMetrics, kOpenApi, kEvents };

// The spec of a built-in route (its handler lives in the server).
RouteSpec builtin_route_spec(BuiltinRoute route);

// The document a Server started with `router` serves at /api/v1/openapi.json: `router`'s routes
// plus the built-in ones (/api/v1/events only when `with_events`, i.e. the server has an event
// bus). Needs no running server: `kerf openapi` prints it.
nlohmann::json server_openapi(Router router, const std::string& title, const std::string& version,
                              bool with_events);

}  // namespace kerf::api
