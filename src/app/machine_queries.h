// Internal: reads shared by the machine use cases, views, sinks and OEE reports.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <vector>

#include "kerf/app/machine_service.h"
#include "kerf/core/time_zone.h"
#include "kerf/ingest/oee.h"
#include "kerf/model/model.h"
#include "kerf/store/database.h"

namespace kerf::app::machines {

inline int64_t ms_of(TimePoint t) {
  return std::chrono::floor<std::chrono::milliseconds>(t.time_since_epoch()).count();
}
inline TimePoint time_of(int64_t ms) { return TimePoint(Micros(ms * 1000)); }

// The operation running on work center `work_center_id` (the most recently started one with a
// schedule slot there, else one eligible for it), if any.
Result<std::optional<int64_t>> running_operation_id(store::Tx& tx, int64_t work_center_id);
// That operation with job, part and machine actuals.
Result<MachineOperation> machine_operation(store::Tx& tx, int64_t operation_id);

// Planned production time of a work center in [from, to): its shift calendar's working windows
// (scheduler's calendar helper); the whole window when it has no calendar (or no work center).
// Cached per work center id by the caller.
Result<std::vector<ingest::TimeSpan>> planned_spans(store::Tx& tx,
                                                    const std::optional<model::WorkCenter>& wc,
                                                    const TimeZone& zone, TimePoint from,
                                                    TimePoint to);

// OEE input of a machine for planned spans clipped to [from_ms, to_ms); the timeline's open
// interval ends at now_ms.
Result<ingest::OeeInput> oee_input(store::Tx& tx, const model::Machine& m,
                                   const std::vector<ingest::TimeSpan>& planned, int64_t from_ms,
                                   int64_t to_ms, int64_t now_ms);

// Buckets of [from, to): plant-local days, or the planned spans (shifts) when kShift and the
// work center has a calendar.
std::vector<std::pair<int64_t, int64_t>> buckets_of(OeeBucket bucket, const TimeZone& zone,
                                                    const std::vector<ingest::TimeSpan>& planned,
                                                    bool has_calendar, int64_t from_ms,
                                                    int64_t to_ms);

}  // namespace kerf::app::machines
