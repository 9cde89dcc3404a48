// Overall equipment effectiveness of one machine (or a sum of machines) over a window, from its
// state timeline, its part counts and the planned production time of its shift calendar.
// Pure: no clock, no store. docs/oee.md gives the definitions and a worked example; the golden
// scenarios in tests/ingest/golden hold it to them.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/model/machine.h"

namespace kerf::ingest {

// [from_ms, to_ms), UTC milliseconds.
struct TimeSpan {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
};

struct StateSpan {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  model::MachineState state = model::MachineState::kUnknown;
};

struct OeeInput {
  std::vector<TimeSpan> planned;   // planned production time (shifts minus breaks), any order
  std::vector<StateSpan> states;   // the machine's state timeline (gaps count as UNKNOWN)
  int64_t good = 0;                // good parts made in the window
  int64_t scrap = 0;               // scrapped parts (rework counts as scrap for quality)
  double ideal_cycle_s = 0;        // ideal seconds per part; 0 = performance taken as 1
  int64_t minor_stop_ms = 5 * 60 * 1000;  // PAUSED/IDLE stretches shorter than this are minor
                                          // stops (a performance loss), longer ones downtime
};

// The six big losses, in milliseconds of planned time (quality losses as the time the bad
// parts took at the ideal rate).
struct OeeLosses {
  int64_t equipment_failure_ms = 0;  // DOWN (and UNKNOWN) during planned time
  int64_t setup_ms = 0;              // SETUP
  int64_t idling_ms = 0;             // PAUSED/IDLE stretches >= minor_stop_ms (no work / waiting)
  int64_t minor_stops_ms = 0;        // PAUSED/IDLE stretches < minor_stop_ms
  int64_t reduced_speed_ms = 0;      // run time not explained by ideal_cycle_s x parts
  int64_t defects_ms = 0;            // scrap x ideal_cycle_s
};

struct OeeResult {
  int64_t planned_ms = 0;    // planned production time in the window
  int64_t operating_ms = 0;  // planned minus availability losses (failure, setup, idling)
  int64_t run_ms = 0;        // time in RUN during planned time
  int64_t good = 0;
  int64_t total = 0;         // good + scrap
  double availability = 0;   // operating / planned (0 when planned is 0)
  double performance = 0;    // ideal_cycle x total / operating, capped at 1
  double quality = 0;        // good / total (1 when total is 0)
  double oee = 0;            // availability x performance x quality
  OeeLosses losses;
  // Time per state during planned time, indexed by model::MachineState's enumerator order.
  int64_t state_ms[6] = {0, 0, 0, 0, 0, 0};
};

// OEE of one machine over the union of `input.planned`. Time outside planned spans is ignored.
OeeResult compute_oee(const OeeInput& input);

// Sums results of several machines or windows (a department, a day of shifts): times and
// counts add; the ratios are recomputed from the sums.
OeeResult combine(const std::vector<OeeResult>& parts);

}  // namespace kerf::ingest
