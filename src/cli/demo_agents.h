// What `kerf serve --demo` does so the agents have something to propose within minutes of the
// start (docs/agents.md "Demo"): through the ordinary use cases under the system principal,
//  - a rush job (priority 1, due in two days, for a non-VIP customer) created and released:
//    the Scheduler's what-if run moves other jobs -> a rush_order approval (planner);
//  - extra released jobs loading one department beyond its capacity in the current plant week:
//    the Capacity scan -> an overtime approval (lead);
//  - sheets consumed against the rush job until one material/thickness falls below its safety
//    minimum ("material.below_safety_stock"): the Material agent -> a material_shortage
//    approval (planner).
// Runs once, a few seconds after the start, on a freshly seeded demo shop only.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/app/services.h"
#include "kerf/core/result.h"

namespace kerf::cli {

struct DemoAgentTriggers {
  std::string rush_job;       // job number
  int64_t overload_jobs = 0;  // jobs added to overload a department
  std::string overloaded_department;
  std::string low_material;  // "<material> <thickness> mm", "" when no safety level applies
  int64_t sheets_consumed = 0;
};

// Creates the triggers described above. Deterministic for a seeded shop and clock.
Result<DemoAgentTriggers> trigger_demo_agents(app::Services& services);

}  // namespace kerf::cli
