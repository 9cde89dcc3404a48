// The kerf REST API over app::Services: the /api/v1 routes (auth, users, jobs, operations,
// schedule slots, materials, master data, audit) and the one-call entry point `kerf serve` uses.
#pragma once

#include <functional>
#include <memory>

#include "kerf/api/router.h"
#include "kerf/api/server.h"
#include "kerf/core/result.h"

namespace kerf::app {
class AgentsPort;
class Services;
}  // namespace kerf::app

namespace kerf::api {

// Resolves session tokens through services.auth().authenticate().
Authenticator make_authenticator(app::Services& services);

// Adds every /api/v1 route backed by an app use case. `services` (and `agents`, the shop agents
// behind /api/v1/agents/ask and /status; null = agents off, those answer 503) must outlive the
// server.
void register_app_routes(Router& router, app::Services& services,
                         app::AgentsPort* agents = nullptr);

// Builds the router (app routes with options.agents + `extra` additions, e.g. scheduling
// routes), starts the server
// with the app authenticator and the services' event bus. Stop it before destroying services.
Result<std::unique_ptr<Server>> start_server(ServerOptions options, app::Services& services,
                                             const std::function<void(Router&)>& extra = {});

}  // namespace kerf::api
