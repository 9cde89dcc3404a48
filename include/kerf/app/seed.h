// Demo data: fills an EMPTY database with sim::make_demo_shop(seed, now) in one transaction,
// plus the demo users admin, planner, lead, operator, quality, shipping (password "kerf-demo",
// each with the role of the same name). Refuses (kFailedPrecondition) if the database already
// holds jobs, parts, customers, work centers or users.
#pragma once

#include <cstdint>

#include "kerf/core/result.h"

namespace kerf::app {

class Services;

inline constexpr const char* kDemoPassword = "kerf-demo";

struct SeedSummary {
  int64_t users = 0;
  int64_t customers = 0;
  int64_t parts = 0;
  int64_t work_centers = 0;
  int64_t calendars = 0;
  int64_t jobs = 0;
  int64_t operations = 0;
  int64_t sheets = 0;
  int64_t heat_lots = 0;
  int64_t slots = 0;
};

// Seeds the demo shop. Events are not emitted per row; one "demo.seeded" event carries the
// summary. Audit gets one row (entity "database", action "seed_demo").
Result<SeedSummary> seed_demo(Services& services, uint64_t seed);

// Demo station badges (badge, PIN) of demo users: operator, lead and three station-only
// operators (op.ana, op.ben, op.cem; password kDemoPassword).
struct DemoBadge {
  const char* username;
  const char* badge;
  const char* pin;
};
inline constexpr DemoBadge kDemoBadges[] = {{"operator", "B-1001", "1234"},
                                            {"lead", "B-1002", "5678"},
                                            {"op.ana", "B-1003", "2468"},
                                            {"op.ben", "B-1004", "1357"},
                                            {"op.cem", "B-1005", "9753"}};

// The demo shop floor, after seed_demo: creates op.ana, op.ben and op.cem, gives every
// kDemoBadges user their badge and PIN (set_badge use case) and consumes one sheet for up to six
// released/running jobs whose cutting operation is under way or done (consume use case, as the
// demo "operator"), so heat lot traces are not empty. Audited and evented like any change.
Status seed_demo_floor(Services& services);

}  // namespace kerf::app
