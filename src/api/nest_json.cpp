#include "nest_json.h"

#include "kerf/app/entity_json.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

}  // namespace

json nest_json(const model::Nest& n) { return app::json_of(n); }

json laser_queue_entry_json(const app::LaserQueueEntry& e) {
  return {{"nest", nest_json(e.nest)},    {"work_center_code", e.work_center_code},
          {"sheet_label", e.sheet_label}, {"heat_number", e.heat_number},
          {"job_numbers", e.job_numbers}, {"planned_start", time_or_null(e.planned_start)}};
}

}  // namespace kerf::api
