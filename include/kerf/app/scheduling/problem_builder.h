// Model -> engine mapping: builds a schedule::Problem from the store's open jobs, operations, work
// centers, shift calendars and existing slots, with index maps back to the database ids.
//
// Mapping rules (see docs/scheduling-wiring.md):
//  - ticks are seconds from `now` (rounded down to the second), Problem::origin_epoch_s = now;
//  - jobs with status planned, released or in_progress and at least one open (non-complete)
//    operation; release 0, due = job.due - now, weight = (6 - priority) * (2 if VIP customer);
//  - one machine per work center; its Calendar from the shift calendar (plant time zone, DST
//    aware: shifts at their local wall times on every local day) over
//    [0, calendar_days), minus downtime: a work center with status down/maintenance is assumed
//    down for `assumed_down_s` from now unless an explicit Downtime for it is given;
//  - alternatives = eligible work centers: setup = setup_seconds (0 for a running op), run =
//    ceil(qty_remaining * run_seconds_per_piece / efficiency); down work centers are dropped
//    from the alternatives while another one remains;
//  - setup families by name; precedences between consecutive open ops: finish-start with the
//    transfer time as lag, or overlap (lot streaming) when the op allows overlap;
//  - pinned/locked slots -> pinned machine + start (snapped to the next working instant);
//    running ops -> frozen at their slot's machine (or the first alternative) from now;
//  - nests not cut that carry open laser operations -> one batch op each (job -1) with
//    Sigmanest's cut time; laser ops carried entirely are dropped, partly carried ones keep the
//    rest; each nest precedes the next operation of its jobs (docs/scheduling.md, "Nests").
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"
#include "kerf/model/nest_slot.h"
#include "kerf/model/operation.h"
#include "kerf/model/schedule_slot.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/model/work_center.h"
#include "kerf/schedule/problem.h"
#include "kerf/store/database.h"

namespace kerf::app::scheduling {

// A work center out of service during [from, to).
struct Downtime {
  int64_t work_center_id = 0;
  TimePoint from;
  TimePoint to;
};

struct BuildOptions {
  TimePoint now;                      // tick 0
  int64_t horizon_s = 7 * 86400;      // the planning horizon reported to callers
  int64_t calendar_days = 56;         // calendars are built this far (>= horizon) so all fits
  int64_t assumed_down_s = 8 * 3600;  // downtime assumed for a work center in status down
  std::vector<Downtime> downtimes;    // explicit downtime (overrides the status assumption)
  std::map<int64_t, int32_t> priority_overrides;  // job id -> priority used instead (what-if)
  std::set<int64_t> excluded_jobs;  // jobs left out of the problem (what-if: "without it")
};

// The built problem and the maps between engine indices and database ids.
struct MappedProblem {
  schedule::Problem problem;
  TimePoint origin;  // wall time of tick 0
  int64_t horizon_s = 0;
  TimePoint calendar_end;  // end of the calendars built: an op not placed by then does not fit
  TimeZone zone;                         // plant zone (local days, shifts, buckets)
  std::vector<int64_t> operation_ids;    // op index -> operation id (0 for a nest batch op)
  std::vector<int64_t> nest_ids;         // op index -> nest id (0 for a job operation)
  std::vector<int64_t> job_ids;          // job index -> job id
  std::vector<std::string> job_numbers;  // job index -> job number
  std::vector<int64_t> work_center_ids;  // machine index -> work center id
  std::vector<std::string> work_center_codes;
  std::vector<bool> work_center_down;      // machine index -> status is down/maintenance
  std::map<int64_t, int> op_index;         // operation id -> op index
  std::map<int64_t, int> machine_index;    // work center id -> machine index
  std::vector<model::ScheduleSlot> slots;  // all stored slots of the mapped ops
  std::map<int64_t, int> nest_index;       // nest id -> op index of its batch op
  std::vector<model::NestSlot> nest_slots;     // all stored slots of the mapped nests
  std::vector<int64_t> carried_operation_ids;  // laser ops carried entirely by nests (dropped)
  std::vector<std::string> warnings;       // data that could not be mapped, and why

  // Tick <-> wall time.
  TimePoint to_time(schedule::Time tick) const;
  schedule::Time to_tick(TimePoint t) const;
};

// Time zone of the plant (the first plant; UTC when none is stored). kFailedPrecondition when
// the stored zone name is not in the tz database.
Result<TimeZone> plant_zone(store::Tx& tx);

// The working windows of a work center with the shift calendar `shifts` (plant `zone`, DST
// aware; holidays dropped, overtime added, `downtime` removed) as an engine Calendar in ticks =
// seconds since `origin` (rounded down to the second), clipped to `span`: the calendar the
// scheduler itself uses. kFailedPrecondition naming the calendar and work center when
// schedule::build_calendar rejects it.
Result<schedule::Calendar> shift_calendar(const model::ShiftCalendar& shifts,
                                          const std::string& work_center_code, const TimeZone& zone,
                                          TimePoint origin, schedule::Interval span,
                                          const std::vector<schedule::Interval>& downtime = {});

// Builds the problem inside a read transaction. Errors: store failures, kFailedPrecondition for
// calendars the engine's calendar builder rejects. Problems with the data of single operations
// (no known work center, ...) are skipped and listed in `warnings`.
Result<MappedProblem> build_problem(store::Tx& tx, const BuildOptions& options);

// The stored schedule as an engine Schedule over `mapped`: each op's current slot (pinned or
// locked first, else the earliest) with its setup recomputed by the setup rule; ops without a
// usable slot get start = end = kInfinity. `missing` receives how many.
schedule::Schedule current_schedule(const MappedProblem& mapped, int* missing = nullptr);

}  // namespace kerf::app::scheduling
