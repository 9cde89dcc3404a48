// Response schemas of the nest and Sigmanest routes (routes_nests.cpp, routes_sigmanest.cpp,
// nest_json.cpp) and of the nests added to the traceability views, member for member.
#include "openapi_schema_helpers.h"
#include "openapi_schemas.h"

namespace kerf::api::schemas {

using detail::array_of;
using detail::boolean;
using detail::closed;
using detail::date;
using detail::date_time;
using detail::integer;
using detail::nullable;
using detail::number;
using detail::string;
using detail::strings;
using nlohmann::json;

json nest() {
  json part = closed({{"job_id", integer()},
                      {"part_id", integer()},
                      {"qty", integer()},
                      {"operation_id", nullable(integer())}});
  return closed({{"id", integer()},
                 {"version", integer()},
                 {"program_name", string()},
                 {"material", ref("Material")},
                 {"thickness_mm", number()},
                 {"sheet_id", integer()},
                 {"parts", array_of(part)},
                 {"repeat", integer()},
                 {"work_center_id", nullable(integer())},
                 {"machine_name", string()},
                 {"state", ref("NestState")},
                 {"cut_seconds_est", integer()},
                 {"cut_seconds_actual", integer()},
                 {"utilisation", number()},
                 {"scrap_fraction", number()},
                 {"queue_position", integer()},
                 {"archive_packet_id", integer()},
                 {"remnants_reported", boolean()},
                 {"posted_at", nullable(date_time())},
                 {"cut_at", nullable(date_time())}});
}

json laser_queue_entry() {
  return closed({{"nest", ref("Nest")},
                 {"work_center_code", string()},
                 {"sheet_label", string()},
                 {"heat_number", string()},
                 {"job_numbers", array_of(string())},
                 {"planned_start", nullable(date_time())}});
}

json laser_queue() { return closed({{"items", array_of(ref("LaserQueueEntry"))}}); }

json nest_efficiency() {
  json row = closed({{"day", date()},
                     {"material", ref("Material")},
                     {"thickness_mm", number()},
                     {"programs", integer()},
                     {"sheets", integer()},
                     {"utilisation", number()},
                     {"scrap_fraction", number()}});
  return closed({{"from", date()},
                 {"to", date()},
                 {"goal_now", number()},
                 {"goal_target", number()},
                 {"items", array_of(row)}});
}

json sigmanest_status() {
  json counts = closed({{"queued", integer()},
                        {"sent", integer()},
                        {"consumed", integer()},
                        {"applied", integer()},
                        {"failed", integer()},
                        {"lost", integer()},
                        {"refused", integer()}});
  return closed({{"enabled", detail::boolean()},
                 {"gateway", string()},
                 {"outbound", counts},
                 {"oldest_sent_age_s", nullable(integer())},
                 {"simtrans_stopped", detail::boolean()},
                 {"inbound_packets", integer()},
                 {"feedback_high_water", integer()},
                 {"last_poll_at", nullable(date_time())},
                 {"last_error", string()}});
}

json sigmanest_outbound_row() {
  return closed({{"id", integer()},
                 {"trans_id", string()},
                 {"trans_type", string()},
                 {"district", integer()},
                 {"columns", {{"type", "object"}, {"additionalProperties", string()}}},
                 {"status", ref("SigmanestOutboundStatus")},
                 {"entity", string()},
                 {"entity_id", integer()},
                 {"event_id", integer()},
                 {"error", string()},
                 {"attempts", integer()},
                 {"created_at", date_time()},
                 {"sent_at", nullable(date_time())},
                 {"updated_at", nullable(date_time())}});
}

json sigmanest_sync_entry() {
  return closed({{"id", integer()},
                 {"at", date_time()},
                 {"direction", strings({"import", "export"})},
                 {"kind", string()},
                 {"external_ref", string()},
                 {"entity", string()},
                 {"entity_id", integer()},
                 {"status", strings({"ok", "error", "skipped"})},
                 {"message", string()}});
}

json sigmanest_remnants() {
  return closed({{"items", array_of(closed({{"name", string()},
                                            {"sheet_id", integer()},
                                            {"recorded_at", date_time()}}))}});
}

json trace_nest() {
  json job = closed({{"job_id", integer()},
                     {"job_number", string()},
                     {"part_id", integer()},
                     {"qty", integer()},
                     {"operation_id", nullable(integer())}});
  return closed({{"id", integer()},
                 {"program_name", string()},
                 {"state", ref("NestState")},
                 {"sheet_id", integer()},
                 {"repeat", integer()},
                 {"work_center_id", nullable(integer())},
                 {"machine_name", string()},
                 {"utilisation", number()},
                 {"cut_seconds_est", integer()},
                 {"cut_seconds_actual", integer()},
                 {"cut_at", nullable(date_time())},
                 {"jobs", array_of(job)}});
}

json nest_components() {
  return {{"NestState", strings({"posted", "started", "stopped", "cut"})},
          {"Nest", nest()},
          {"LaserQueueEntry", laser_queue_entry()},
          {"LaserQueue", laser_queue()},
          {"NestEfficiency", nest_efficiency()},
          {"SigmanestOutboundStatus",
           strings({"queued", "sent", "consumed", "applied", "failed", "lost", "refused"})},
          {"SigmanestStatus", sigmanest_status()},
          {"SigmanestOutboundRow", sigmanest_outbound_row()},
          {"SigmanestSyncEntry", sigmanest_sync_entry()},
          {"SigmanestRemnants", sigmanest_remnants()},
          {"TraceNest", trace_nest()}};
}

}  // namespace kerf::api::schemas
