// Strict JSON -> model parsing of master data request bodies (work centers,
// parts, tools, customers, calendars). Every problem becomes a FieldError naming the
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
// A shift calendar in the shape GET /calendars/{id} answers: week = 7 arrays (Monday first) of
// shifts {name?, start_minute, end_minute, breaks?: [{start_minute, end_minute}]}, holidays =
// ["YYYY-MM-DD"], overtime = [{start, end, reason?}]. Errors name the path, e.g.
// "week/2/0/end_minute", "holidays/1"; the model's own rules (breaks inside their shift, no
// overlaps) are checked by ShiftCalendar::validate in the use case.
std::optional<model::ShiftCalendar> read_calendar(const nlohmann::json& body, bool update,
                                                  std::vector<FieldError>& errors);
std::optional<model::Customer> read_customer(const nlohmann::json& body, bool update,
                                             std::vector<FieldError>& errors);

}  // namespace kerf::api
