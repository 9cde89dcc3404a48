// OpenAPI 3.1 document generated from the route table.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kerf/api/router.h"

namespace kerf::api {

// Every route becomes an operation under its pattern: path parameters, documented query
// parameters, request body schema, success + problem responses, security (bearer + cookie,
// none for public routes) and its roles in "x-kerf-roles".
nlohmann::json build_openapi(const Router& router, const std::string& title,
                             const std::string& version);

}  // namespace kerf::api
