// Scheduling routes (planner runs, commits, repairs; Gantt reads), registered into the Router with
// their specs so they appear in the OpenAPI document:
//   POST /api/v1/schedule/runs               run the engine (201, run with metrics before/after)
//   GET  /api/v1/schedule/runs/{id}          a stored run
//   POST /api/v1/schedule/runs/{id}/commit   replace the unpinned slots with the run's slots
//   POST /api/v1/schedule/repair             repair proposal after a work center went down
//   GET  /api/v1/schedule                    stored slots (?work_center_id=&department=&from=&to=)
//   GET  /api/v1/schedule/load               load vs capacity (?granularity=day|week&from=&to=)
//   GET  /api/v1/schedule/conflicts          conflicts and late jobs of the stored schedule
// plus the board routes of board_routes.h (board, run list, dashboard, dispatch lists).
#pragma once

#include "kerf/api/router.h"

namespace kerf::app {
class Services;
namespace scheduling {
class SchedulingService;
}
}  // namespace kerf::app

namespace kerf::api {

// Adds the scheduling routes to `router`. `services` and `scheduling` must outlive the server.
// Roles: planner (admin) for runs, commits and repairs; planner, lead, quality, operator read.
void register_schedule_routes(Router& router, app::Services& services,
                              app::scheduling::SchedulingService& scheduling);

}  // namespace kerf::api
