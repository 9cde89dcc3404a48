// Helpers shared by the app-backed route files.
#pragma once

#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "json_input.h"
#include "kerf/api/http_types.h"
#include "kerf/api/router.h"
#include "kerf/api/server.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "openapi_schemas.h"

namespace kerf::app {
class AgentsPort;
}

namespace kerf::api {

// The app principal of the authenticated caller.
app::Principal app_principal(const RequestContext& ctx);

// The "version" (optional) of a JSON action body such as {"version": 3, "reason": "..."}.
std::optional<int64_t> optional_version(JsonReader& r);

// Body of an action route: an empty body means {}.
const nlohmann::json& body_or_empty(const RequestContext& ctx);

// Body of a route that requires one, as sent (null when there was none).
const nlohmann::json& body_as_sent(const RequestContext& ctx);

// Which body a route reads: body_or_empty or body_as_sent.
using BodyOf = const nlohmann::json& (*)(const RequestContext&);

// The "version" query parameter a DELETE requires: a positive integer, else kInvalidArgument.
Result<int64_t> query_version(const RequestContext& ctx);

// An instant stored as UTC milliseconds (machine data), as ISO 8601; null when absent.
nlohmann::json iso_of_ms(int64_t ms);
nlohmann::json iso_of_ms(const std::optional<int64_t>& ms);

// Renders an app entity with app::json_of.
struct JsonOf {
  template <typename T>
  nlohmann::json operator()(const T& value) const {
    return app::json_of(value);
  }
};

// The response to a use case's result: its value rendered by `render` with `status`, or its
// problem.
template <typename T, typename Render = JsonOf>
Response respond(const Result<T>& result, Render render = {}, int status = 200) {
  if (!result.ok()) return problem_response(result.error());
  return json_response(render(result.value()), status);
}

// The response to a use case without a value: 204 No Content, or its problem.
Response respond(const Status& status);

// Reads a JSON request body with `read(reader)`, which returns the use case's input, then rejects
// members not in `known`: the input, or kInvalidArgument listing every field error.
template <typename Read>
auto read_json(const nlohmann::json& body, const std::vector<std::string>& known, const Read& read)
    -> Result<std::invoke_result_t<const Read&, JsonReader&>> {
  std::vector<FieldError> errors;
  JsonReader r(body, "", errors);
  auto input = read(r);
  r.reject_unknown(known);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return input;
}

// Handler of a list route: parses the query by `spec` (which must outlive the router), lists
// through `list(principal, query)` and renders each item of the page with `render`.
template <typename List, typename Render = JsonOf>
Handler list_handler(const ListSpec& spec, List list, Render render = {}) {
  return [spec = &spec, list, render](RequestContext& ctx) -> Response {
    auto q = parse_list_query(ctx, *spec);
    if (!q.ok()) return problem_response(q.error());
    return respond(list(app_principal(ctx), q.value()),
                   [&render](const auto& page) { return page_json(page, render); });
  };
}

// Handler of a create route: reads the body with `read` (see read_json), runs
// `act(principal, input)` and answers 201 with its result rendered by `render`.
template <typename Read, typename Act, typename Render = JsonOf>
Handler create_handler(std::vector<std::string> known, Read read, Act act, Render render = {}) {
  return [known = std::move(known), read, act, render](RequestContext& ctx) -> Response {
    auto in = read_json(ctx.json, known, read);
    if (!in.ok()) return problem_response(in.error());
    return respond(act(app_principal(ctx), std::move(in.value())), render, 201);
  };
}

// Handler of a POST or PUT on /{id}: parses the id, reads `body_of(ctx)` with `read` (see
// read_json), runs `act(principal, id, input)` and answers with its result rendered by `render`.
template <typename Read, typename Act, typename Render = JsonOf>
Handler id_action(BodyOf body_of, std::vector<std::string> known, Read read, Act act,
                  Render render = {}) {
  return with_id([body_of, known = std::move(known), read, act, render](RequestContext& ctx,
                                                                        int64_t id) -> Response {
    auto in = read_json(body_of(ctx), known, read);
    if (!in.ok()) return problem_response(in.error());
    return respond(act(app_principal(ctx), id, std::move(in.value())), render);
  });
}

void register_auth_routes(Router& router, app::Services& services);
void register_job_routes(Router& router, app::Services& services);
void register_operation_routes(Router& router, app::Services& services);
void register_slot_routes(Router& router, app::Services& services);
void register_material_routes(Router& router, app::Services& services);
void register_master_data_routes(Router& router, app::Services& services);
void register_trace_routes(Router& router, app::Services& services);
void register_scan_routes(Router& router, app::Services& services);  // routes_scans.cpp
void register_machine_routes(Router& router, app::Services& services);  // routes_machines.cpp
void register_nest_routes(Router& router, app::Services& services);     // routes_nests.cpp
void register_sigmanest_routes(Router& router, app::Services& services);  // routes_sigmanest.cpp
void register_approval_routes(Router& router, app::Services& services);   // routes_approvals.cpp
// routes_agents.cpp; `agents` may be null (ask and status answer 503).
void register_agent_routes(Router& router, app::Services& services, app::AgentsPort* agents);

}  // namespace kerf::api
