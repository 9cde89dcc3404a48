// Response schemas of the UI's view routes: the planner board, run summaries, the dashboard,
// dispatch lists (app/scheduling/*_view.cpp, run_list.cpp) and traceability
// (app/trace_service.cpp), member for member.
#include "openapi_schema_helpers.h"
#include "openapi_schemas.h"

namespace kerf::api::schemas {

using detail::array_of;
using detail::boolean;
using detail::closed;
using detail::date_time;
using detail::integer;
using detail::nullable;
using detail::number;
using detail::object;
using detail::string;
using detail::strings;
using nlohmann::json;

namespace {

// `name`'s schema or null.
json nullable_ref(const std::string& name) {
  return {{"anyOf", json::array({ref(name), {{"type", "null"}}})}};
}

// Adds `more` to the object schema `s` as optional members.
json with_optional(json s, const json& more) {
  for (const auto& [name, schema] : more.items()) s["properties"][name] = schema;
  return s;
}

json consumption_part() {
  return closed(
      {{"id", integer()}, {"number", string()}, {"revision", string()}, {"description", string()}});
}

json consumption_customer() {
  return closed({{"id", integer()}, {"code", string()}, {"name", string()}});
}

}  // namespace

json board_slot() {
  json s = object({{"id", integer()},
                   {"version", integer()},
                   {"operation_id", integer()},
                   {"work_center_id", integer()},
                   {"start", date_time()},
                   {"end", date_time()},
                   {"setup_end", date_time()},
                   {"pinned", boolean()},
                   {"locked", boolean()}},
                  {"id", "version", "operation_id", "work_center_id", "start", "end", "setup_end",
                   "pinned", "locked"});
  s = with_optional(s, {{"op_name", string()},
                        {"op_status", ref("OperationStatus")},
                        {"sequence", integer()},
                        {"department", ref("Department")},
                        {"qty_good", integer()},
                        {"qty_scrap", integer()},
                        {"eligible_work_center_ids", array_of(integer())},
                        {"job_id", integer()},
                        {"job_number", string()},
                        {"job_status", ref("JobStatus")},
                        {"priority", integer()},
                        {"due", date_time()},
                        {"quantity", integer()},
                        {"part_number", nullable(string())},
                        {"part_name", nullable(string())},
                        {"customer", nullable(string())},
                        {"vip", boolean()},
                        {"lateness_seconds", nullable(integer())},
                        {"machine_qty", integer()},
                        {"machine_run_s", integer()}});
  s["description"] =
      "A stored slot with its operation, job, part and customer (members from op_name on are "
      "absent when the operation or job is gone); lateness_seconds = projected job finish - due "
      "(negative = early), null when unknown; machine_qty and machine_run_s = what machines "
      "counted on a started operation (absent when no machine reported on it)";
  return s;
}

json board_nest() {
  json job = closed({{"job_id", integer()},
                     {"job_number", nullable(string())},
                     {"operation_id", integer()},
                     {"qty", integer()}});
  json s = closed(
      {{"kind", strings({"nest"})},    {"id", integer()},
       {"nest_id", integer()},         {"program_name", string()},
       {"work_center_id", integer()},  {"start", date_time()},
       {"end", date_time()},           {"setup_end", date_time()},
       {"pinned", boolean()},          {"locked", boolean()},
       {"version", integer()},         {"state", strings({"posted", "started", "stopped", "cut"})},
       {"material", ref("Material")},  {"thickness_mm", number()},
       {"sheet_id", integer()},        {"repeat", integer()},
       {"cut_seconds_est", integer()}, {"utilisation", number()},
       {"due", nullable(date_time())}, {"lateness_seconds", nullable(integer())},
       {"jobs", array_of(job)}});
  s["description"] =
      "A stored nest slot: a Sigmanest program planned as one batch on a laser (id is the nest "
      "slot's, not a schedule slot's); due = earliest due of its jobs, lateness_seconds = the "
      "latest projected lateness of its jobs";
  return s;
}

json off_shift() {
  return closed({{"work_center_id", integer()}, {"start", date_time()}, {"end", date_time()}});
}

json downtime() {
  return closed({{"work_center_id", integer()},
                 {"start", date_time()},
                 {"end", date_time()},
                 {"reason", strings({"down", "maintenance"})}});
}

json board() {
  json center = closed({{"id", integer()},
                        {"code", string()},
                        {"name", string()},
                        {"status", ref("WorkCenterStatus")},
                        {"calendar_id", integer()}});
  json department = closed({{"name", ref("Department")}, {"work_centers", array_of(center)}});
  return closed({{"from", date_time()},
                 {"to", date_time()},
                 {"now", date_time()},
                 {"time_zone", string()},
                 {"departments", array_of(department)},
                 {"slots", array_of(ref("BoardSlot"))},
                 {"nests", array_of(ref("BoardNest"))},
                 {"off_shift", array_of(ref("OffShift"))},
                 {"downtime", array_of(ref("Downtime"))}});
}

json run_summary() {
  json s = object({{"id", integer()},
                   {"status", strings({"running", "succeeded", "cancelled", "failed"})},
                   {"trigger", string()},
                   {"horizon", nullable(strings({"weekly", "daily", "realtime"}))},
                   {"mode", nullable(strings({"dispatch", "optimize", "repair"}))},
                   {"what_if", boolean()},
                   {"committed", boolean()},
                   {"created_at", date_time()},
                   {"created_by", nullable(string())},
                   {"objective", nullable(number())},
                   {"metrics_after", nullable_ref("RunMetrics")},
                   {"work_center_id", nullable(integer())},
                   {"moved", integer()}},
                  {"id", "status", "trigger", "horizon", "mode", "what_if", "committed",
                   "created_at", "created_by", "objective", "metrics_after"});
  s["description"] =
      "A scheduling run in the run list; repairs also carry work_center_id and moved (the number "
      "of operations moved)";
  return s;
}

json dashboard() {
  json late = closed({{"job_id", integer()},
                      {"job_number", string()},
                      {"due", date_time()},
                      {"projected_end", nullable(date_time())},
                      {"lateness_seconds", integer()},
                      {"customer", nullable(string())}});
  json department = closed({{"name", ref("Department")},
                            {"wip", integer()},
                            {"queue", integer()},
                            {"queue_hours", number()},
                            {"load_hours", number()},
                            {"capacity_hours", number()},
                            {"utilisation", number()}});
  json bottleneck = closed({{"department", ref("Department")},
                            {"work_center_id", integer()},
                            {"code", string()},
                            {"utilisation", number()}});
  return closed({{"now", date_time()},
                 {"days", integer()},
                 {"week", closed({{"from", date_time()}, {"to", date_time()}})},
                 {"on_time", closed({{"completed_jobs", integer()},
                                     {"on_time_jobs", integer()},
                                     {"rate", nullable(number())}})},
                 {"late_jobs", closed({{"count", integer()}, {"items", array_of(late)}})},
                 {"departments", array_of(department)},
                 {"bottleneck", nullable(bottleneck)},
                 {"adherence", closed({{"operations", integer()},
                                       {"started_on_time", integer()},
                                       {"finished_on_time", integer()},
                                       {"rate", nullable(number())}})}});
}

json dispatch_item() {
  json s = object({{"slot_id", integer()},
                   {"operation_id", integer()},
                   {"start", date_time()},
                   {"end", date_time()},
                   {"op_name", string()},
                   {"sequence", integer()},
                   {"op_status", ref("OperationStatus")},
                   {"qty_good", integer()},
                   {"qty_scrap", integer()},
                   {"job_id", integer()}},
                  {"slot_id", "operation_id", "start", "end", "op_name", "sequence", "op_status",
                   "qty_good", "qty_scrap", "job_id"});
  return with_optional(s, {{"job_number", string()},
                           {"job_status", ref("JobStatus")},
                           {"quantity", integer()},
                           {"due", date_time()},
                           {"priority", integer()},
                           {"part_number", string()},
                           {"part_name", string()},
                           {"material", ref("Material")},
                           {"thickness_mm", number()},
                           {"customer", string()}});
}

json dispatch_list() {
  json center = closed({{"id", integer()},
                        {"code", string()},
                        {"name", string()},
                        {"department", ref("Department")},
                        {"status", ref("WorkCenterStatus")}});
  return closed(
      {{"work_center", center}, {"items", array_of(ref("DispatchItem"))}, {"total", integer()}});
}

json job_history_entry() {
  json change = closed({{"from", json::object()}, {"to", json::object()}});
  json changes = {{"type", "object"}, {"additionalProperties", change}};
  changes["description"] = "Changed members (version left out): {member: {from, to}}";
  return object({{"id", integer()},
                 {"at", date_time()},
                 {"user", string()},
                 {"action", string()},
                 {"entity", strings({"job", "operation", "schedule_slot", "material_consumption"})},
                 {"entity_id", integer()},
                 {"summary", string()},
                 {"changes", changes}},
                {"id", "at", "user", "action", "entity", "entity_id", "summary"});
}

json consumption() {
  json sheet = closed({{"id", integer()},
                       {"material", ref("Material")},
                       {"thickness_mm", number()},
                       {"length_mm", number()},
                       {"width_mm", number()},
                       {"is_remnant", boolean()},
                       {"parent_sheet_id", nullable(integer())}});
  json lot = closed({{"id", integer()},
                     {"number", string()},
                     {"supplier", string()},
                     {"mill_cert_ref", string()}});
  json operation =
      closed({{"id", integer()}, {"sequence", nullable(integer())}, {"name", nullable(string())}});
  return closed({{"id", integer()},
                 {"at", date_time()},
                 {"quantity", integer()},
                 {"sheet_share", number()},
                 {"user", string()},
                 {"user_id", nullable(integer())},
                 {"sheet", sheet},
                 {"heat_lot", lot},
                 {"job", closed({{"id", integer()}, {"number", string()}})},
                 {"part", consumption_part()},
                 {"operation", nullable(operation)},
                 {"customer", consumption_customer()}});
}

json job_materials() {
  json lot = closed({{"id", integer()},
                     {"number", string()},
                     {"material", ref("Material")},
                     {"supplier", string()},
                     {"mill_cert_ref", string()},
                     {"sheets", integer()},
                     {"sheet_share", number()}});
  return closed({{"job", closed({{"id", integer()}, {"number", string()}})},
                 {"items", array_of(ref("Consumption"))},
                 {"total", integer()},
                 {"heat_lots", array_of(lot)},
                 {"nests", array_of(ref("TraceNest"))}});
}

json heat_lot_trace() {
  json job = closed({{"job_id", integer()},
                     {"job_number", string()},
                     {"part", consumption_part()},
                     {"customer", consumption_customer()},
                     {"quantity", integer()},
                     {"sheet_share", number()}});
  return closed({{"heat_lot", ref("HeatLot")},
                 {"sheets", array_of(ref("Sheet"))},
                 {"consumptions", array_of(ref("Consumption"))},
                 {"jobs", array_of(job)},
                 {"nests", array_of(ref("TraceNest"))}});
}

}  // namespace kerf::api::schemas
