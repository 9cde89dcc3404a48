// The demo shop as a running shop: after app::seed_demo, `kerf serve --demo` commits one
// scheduling run and records some shop-floor activity so every screen has something to show.
#pragma once

#include <cstdint>

#include "kerf/core/result.h"

namespace kerf::app {
class Services;
}

namespace kerf::app::scheduling {

class SchedulingService;

inline constexpr int kDemoStarts = 6;     // operations started
inline constexpr int kDemoCompletes = 3;  // of those, completed at once

struct DemoActivity {
  int64_t run_id = 0;  // the committed run
  int started = 0;
  int completed = 0;
};

// As the system principal: runs the scheduler (weekly, dispatch: fast) and commits it, then
// starts the first kDemoStarts startable ready operations (those the committed plan starts first,
// by slot start; then the others by id) and completes the first
// kDemoCompletes of them with their remaining quantity good, through the operation use cases
// (audit rows and events as for any user). Deterministic for a given seeded database and clock.
Result<DemoActivity> animate_demo(Services& services, SchedulingService& scheduling);

}  // namespace kerf::app::scheduling
