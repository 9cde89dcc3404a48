// JSON (nlohmann) form of Problem and Schedule; the format is specified in docs/scheduling.md.
#pragma once

#include <nlohmann/json.hpp>

#include "kerf/core/result.h"
#include "kerf/schedule/problem.h"

namespace kerf::schedule {

// Full JSON of a problem. Infinite due dates and absent pins are written as null.
nlohmann::json problem_to_json(const Problem& problem);

// Parses and validate()s a problem. Optional fields take the defaults of problem.h; unknown keys
// are ignored. kInvalidArgument with field errors ("operations/3/alternatives/0/run: must be an
// integer") on type errors or validation failures.
Result<Problem> problem_from_json(const nlohmann::json& json);

// {"slots": [{"operation", "machine", "start", "end", "setup"}...]}; infinite times are null.
nlohmann::json schedule_to_json(const Schedule& schedule);

// Parses a schedule; checks shape only (use check() for feasibility).
Result<Schedule> schedule_from_json(const nlohmann::json& json);

}  // namespace kerf::schedule
