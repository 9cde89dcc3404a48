// Strict JSON -> model parsing of master data request bodies (work centers,
// parts, tools, customers). Every problem becomes a FieldError naming the
// field; nullopt when any occurred.
#pragma once

#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "kerf/api/http_types.h"
#include "kerf/model/model.h"

namespace kerf::api {

// `update` requires "version" (>= 1). Server-owned members ("id"; "version" on create; a
// tool's computed "remaining") are refused as read-only, never ignored.
std::optional<model::WorkCenter> read_work_center(const nlohmann::json& body, bool update,
                                                  std::vector<FieldError>& errors);
std::optional<model::Part> read_part(const nlohmann::json& body, bool update,
                                     std::vector<FieldError>& errors);
std::optional<model::Tool> read_tool(const nlohmann::json& body, bool update,
                                     std::vector<FieldError>& errors);
std::optional<model::Customer> read_customer(const nlohmann::json& body, bool update,
                                             std::vector<FieldError>& errors);

}  // namespace kerf::api
