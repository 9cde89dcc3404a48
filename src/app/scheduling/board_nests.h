// Internal to SchedulingService::board: the nest entries of the planner board (kind "nest"),
// one per stored nest slot overlapping the range (docs/scheduling-wiring.md, "Planner board").
#pragma once

#include <nlohmann/json.hpp>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::app::scheduling {

// [{"kind": "nest", "id", "nest_id", "program_name", "work_center_id", "start", "end",
//   "setup_end", "pinned", "locked", "version", "state", "material", "thickness_mm",
//   "sheet_id", "repeat", "cut_seconds_est", "utilisation", "due", "lateness_seconds",
//   "jobs": [{"job_id", "job_number", "operation_id", "qty"}]}], by start.
Result<nlohmann::json> board_nest_entries(store::Tx& tx, TimePoint from, TimePoint to);

}  // namespace kerf::app::scheduling
