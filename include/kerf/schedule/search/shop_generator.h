// Synthetic but realistic sheet-metal shop problems for benchmarks and load tests.
#pragma once

#include <cstdint>

#include "kerf/schedule/problem.h"

namespace kerf::schedule::search {

struct ShopOptions {
  int operations = 10000;  // approximate number of operations (routings of 3-7 ops)
  uint64_t seed = 1;
};

// Builds a validated-shape problem: departments laser, punch, forming, welding, polishing,
// assembly, shipping with 25 machines; two-shift calendars (Mon-Fri 06:00-14:00 and
// 14:00-22:00, 30-minute breaks) spanning enough weeks for the load; setup families with
// matrices on laser, punch and forming; routings of 3-7 operations with alternative machines in
// each department; releases over the first weeks, due dates and weights. Time ticks are
// seconds from a Monday 00:00. Deterministic for a given seed.
Problem generate_shop(const ShopOptions& options);

}  // namespace kerf::schedule::search
