// Rough-cut capacity check of a demo shop: open work content per department against the working
// time of the department's work centers, and each open job's own chain work against the time
// left until its due date. Used to keep the generated order book realistic (a loaded but
// feasible bottleneck) and by tests.
#pragma once

#include <vector>

#include "kerf/core/clock.h"
#include "kerf/model/model.h"
#include "kerf/sim/demo_shop.h"

namespace kerf::sim {

struct DepartmentLoad {
  model::Department department = model::Department::kLaser;
  double work_hours = 0;      // open setup + remaining qty x run / efficiency
  double capacity_hours = 0;  // working time of the department's work centers in the horizon
  // work / capacity; 0 when the department has no capacity in the horizon.
  double load() const { return capacity_hours > 0 ? work_hours / capacity_hours : 0; }
};

// Effective remaining seconds of an operation: 0 when complete, else setup (unless already
// running) + remaining pieces x run / the mean efficiency of its eligible work centers.
double remaining_work_seconds(const DemoShop& shop, const model::Job& job,
                              const model::Operation& op);

// Load per department (only departments with work centers), horizon [from, to). Open work of
// every job that is not complete/cancelled counts, whatever its due date.
std::vector<DepartmentLoad> rough_cut_load(const DemoShop& shop, TimePoint from, TimePoint to);

struct ChainCheck {
  int64_t job_id = 0;
  double chain_hours = 0;      // remaining work of the job's open operations + transfers
  double available_hours = 0;  // single day-shift working time between `from` and the due date
};

// Per open job, its remaining chain (worked back to back) against the working time left to its
// due date on the shop's most restrictive calendar (the one with the least working time).
std::vector<ChainCheck> chain_checks(const DemoShop& shop, TimePoint from);

}  // namespace kerf::sim
