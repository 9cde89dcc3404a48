// kerf openapi: print the OpenAPI document `kerf serve` serves at /api/v1/openapi.json, without a
// server, a config file or a database file (the web build generates its TypeScript types from it).
#include <iostream>

#include "cli/command_registry.h"
#include "kerf/api/app_api.h"
#include "kerf/api/openapi.h"
#include "kerf/api/schedule_routes.h"
#include "kerf/api/server.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/event_bus.h"
#include "kerf/store/database.h"

namespace kerf::cli {
namespace {

void run_openapi() {
  // The route table binds its handlers to services, which need a database handle: an empty
  // in-memory SQLite one, never migrated nor queried (no handler runs here).
  auto db = store::Database::open(":memory:", {.pool_size = 1});
  if (!db.ok()) {
    std::cerr << "error: " << db.error().message << "\n";
    exit_code() = 1;
    return;
  }
  EventBus bus;
  app::Services services(**db, Env::system(), bus);
  app::scheduling::SchedulingService scheduling(services);
  api::Router router;
  api::register_app_routes(router, services);
  api::register_schedule_routes(router, services, scheduling);
  const api::ServerOptions defaults;
  std::cout
      << api::server_openapi(std::move(router), defaults.title, defaults.version, true).dump(2)
      << "\n";
}

const CommandRegistrar kOpenApi("openapi", [](CLI::App& root) {
  root.add_subcommand("openapi",
                      "Print the OpenAPI 3.1 document of the HTTP API (what GET "
                      "/api/v1/openapi.json serves) to stdout")
      ->callback(run_openapi);
});

}  // namespace
}  // namespace kerf::cli
