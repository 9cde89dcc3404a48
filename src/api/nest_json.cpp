#include "nest_json.h"

#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

json id_or_null(int64_t id) { return id > 0 ? json(id) : json(nullptr); }

}  // namespace

json nest_json(const model::Nest& n) {
  json parts = json::array();
  for (const auto& p : n.parts) {
    parts.push_back({{"job_id", p.job_id},
                     {"part_id", p.part_id},
                     {"qty", p.qty},
                     {"operation_id", id_or_null(p.operation_id)}});
  }
  return {{"id", n.id},
          {"version", n.version},
          {"program_name", n.program_name},
          {"material", model::to_string(n.material)},
          {"thickness_mm", n.thickness_mm},
          {"sheet_id", n.sheet_id},
          {"parts", std::move(parts)},
          {"repeat", n.repeat},
          {"work_center_id", id_or_null(n.work_center_id)},
          {"machine_name", n.machine_name},
          {"state", model::to_string(n.state)},
          {"cut_seconds_est", n.cut_seconds_est},
          {"cut_seconds_actual", n.cut_seconds_actual},
          {"utilisation", n.utilisation},
          {"scrap_fraction", n.scrap_fraction},
          {"queue_position", n.queue_position},
          {"archive_packet_id", n.archive_packet_id},
          {"posted_at", time_or_null(n.posted_at)},
          {"cut_at", time_or_null(n.cut_at)}};
}

json laser_queue_entry_json(const app::LaserQueueEntry& e) {
  return {{"nest", nest_json(e.nest)},    {"work_center_code", e.work_center_code},
          {"sheet_label", e.sheet_label}, {"heat_number", e.heat_number},
          {"job_numbers", e.job_numbers}, {"planned_start", time_or_null(e.planned_start)}};
}

}  // namespace kerf::api
