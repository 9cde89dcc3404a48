// Read routes of the web UI's screens, one call per screen (registered with the scheduling
// routes by register_schedule_routes):
//   GET /api/v1/schedule/board               planner board (slots, off-shift, downtime)
//   GET /api/v1/schedule/runs                run summaries, newest first
//   GET /api/v1/dashboard                    supervisor's dashboard
//   GET /api/v1/work-centers/{id}/dispatch   a work center's dispatch list
#pragma once

#include "kerf/api/router.h"

namespace kerf::app::scheduling {
class SchedulingService;
}

namespace kerf::api {

// Adds the board routes to `router`; `scheduling` must outlive the server. Any authenticated
// user may read them.
void register_board_routes(Router& router, app::scheduling::SchedulingService& scheduling);

}  // namespace kerf::api
