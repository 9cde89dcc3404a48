// Helpers shared by the app-backed route files.
#pragma once

#include <string>
#include <vector>

#include "json_input.h"
#include "kerf/api/http_types.h"
#include "kerf/api/router.h"
#include "kerf/api/server.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"

namespace kerf::api {

inline const std::vector<std::string> kAnyUser = {};
inline const std::vector<std::string> kPlanner = {"planner"};
inline const std::vector<std::string> kFloor = {"operator", "lead"};
inline const std::vector<std::string> kHolders = {"planner", "lead", "quality"};
inline const std::vector<std::string> kSchedulers = {"planner", "lead"};
inline const std::vector<std::string> kReceivers = {"shipping", "planner", "lead"};
inline const std::vector<std::string> kConsumers = {"operator", "lead", "planner"};
inline const std::vector<std::string> kToolKeepers = {"planner", "lead"};
inline const std::vector<std::string> kAdmin = {"admin"};
inline const std::vector<std::string> kAuditReaders = {"quality", "admin"};

// The app principal of the authenticated caller.
app::Principal app_principal(const RequestContext& ctx);

// The "version" (optional) of a JSON action body such as {"version": 3, "reason": "..."}.
std::optional<int64_t> optional_version(JsonReader& r);

// Body of an action route: an empty body means {}.
const nlohmann::json& body_or_empty(const RequestContext& ctx);

// Problem for accumulated field errors; nullopt when there are none.
std::optional<Response> invalid_response(std::vector<FieldError>& errors);

void register_auth_routes(Router& router, app::Services& services);
void register_job_routes(Router& router, app::Services& services);
void register_operation_routes(Router& router, app::Services& services);
void register_slot_routes(Router& router, app::Services& services);
void register_material_routes(Router& router, app::Services& services);
void register_master_data_routes(Router& router, app::Services& services);

}  // namespace kerf::api
