// Response schemas of the machine routes (routes_machines.cpp), member for member.
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
using detail::string;
using nlohmann::json;

namespace {

json nullable_of(json schema) {
  return {{"anyOf", json::array({std::move(schema), {{"type", "null"}}})}};
}

json ratios() {
  return closed({{"availability", number()},
                 {"performance", number()},
                 {"quality", number()},
                 {"oee", number()}});
}

json losses() {
  return closed({{"equipment_failure_s", number()},
                 {"setup_s", number()},
                 {"idling_s", number()},
                 {"minor_stops_s", number()},
                 {"reduced_speed_s", number()},
                 {"defects_s", number()}});
}

json oee_props() {
  return {{"availability", number()}, {"performance", number()}, {"quality", number()},
          {"oee", number()},          {"planned_s", number()},   {"good", integer()},
          {"total", integer()},       {"losses", losses()}};
}

}  // namespace

json machine() {
  json op = closed({{"id", integer()},
                    {"job_id", integer()},
                    {"job_number", string()},
                    {"part_number", string()},
                    {"sequence", integer()},
                    {"qty_planned", integer()},
                    {"machine_qty", integer()},
                    {"planned_run_s", integer()},
                    {"actual_run_s", integer()}});
  return closed({{"id", integer()},
                 {"version", integer()},
                 {"code", string()},
                 {"name", string()},
                 {"work_center_id", nullable(integer())},
                 {"work_center_code", nullable(string())},
                 {"department", nullable_of(ref("Department"))},
                 {"protocol", ref("MachineProtocol")},
                 {"endpoint", string()},
                 {"ideal_cycle_s", number()},
                 {"active", boolean()},
                 {"state", ref("MachineState")},
                 {"state_since", nullable(date_time())},
                 {"last_signal_at", nullable(date_time())},
                 {"program", string()},
                 {"mounted_tool", string()},
                 {"part_count_total", integer()},
                 {"alarm", nullable_of(closed({{"code", string()}, {"text", string()}}))},
                 {"current_operation", nullable_of(op)},
                 {"parts_today", integer()},
                 {"oee_today", ratios()}});
}

json machine_timeline() {
  return closed({{"items", array_of(closed({{"from", date_time()},
                                            {"to", nullable(date_time())},
                                            {"state", ref("MachineState")},
                                            {"operation_id", nullable(integer())}}))}});
}

json machine_signals() {
  return closed({{"signal", string()},
                 {"bucket_s", number()},
                 {"source", detail::strings({"raw", "rollups"})},
                 {"points", array_of(closed({{"t", date_time()},
                                             {"min", number()},
                                             {"max", number()},
                                             {"avg", number()},
                                             {"count", integer()}}))}});
}

json oee_figures() { return closed(oee_props()); }

json oee_report() {
  json bucket = oee_props();
  bucket["from"] = date_time();
  bucket["to"] = date_time();
  return closed({{"total", ref("OeeFigures")}, {"buckets", array_of(closed(bucket))}});
}

json department_oee() {
  json bucket = oee_props();
  bucket["from"] = date_time();
  bucket["to"] = date_time();
  return closed({{"department", ref("Department")},
                 {"total", ref("OeeFigures")},
                 {"buckets", array_of(closed(bucket))}});
}

}  // namespace kerf::api::schemas
