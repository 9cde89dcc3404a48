#include "openapi_schemas.h"

#include <utility>
#include <vector>

#include "kerf/model/model.h"
#include "openapi_schema_helpers.h"

namespace kerf::api::schemas {
using detail::array_of;
using detail::boolean;
using detail::closed;
using detail::date;
using detail::date_time;
using detail::entity;
using detail::enum_of;
using detail::integer;
using detail::nullable;
using detail::number;
using detail::object;
using detail::string;
using detail::strings;
using nlohmann::json;

json ref(const std::string& name) { return {{"$ref", "#/components/schemas/" + name}}; }

json list_of(const std::string& name) {
  return closed({{"items", array_of(ref(name))}, {"total", integer()}});
}

json problem() {
  return {{"type", "object"},
          {"properties",
           {{"type", string()},
            {"title", string()},
            {"status", integer()},
            {"detail", string()},
            {"errors", array_of({{"type", "object"},
                                 {"required", {"field", "message"}},
                                 {"properties", {{"field", string()}, {"message", string()}}}})}}},
          {"required", json::array({"type", "title", "status"})}};
}

json health() { return closed({{"status", strings({"ok"})}}); }

json customer() { return entity({{"code", string()}, {"name", string()}, {"vip", boolean()}}); }

json part() {
  return entity({{"number", string()},
                 {"revision", string()},
                 {"description", string()},
                 {"material", ref("Material")},
                 {"assembly", boolean()},
                 {"thickness_mm", number()},
                 {"flat_length_mm", number()},
                 {"flat_width_mm", number()},
                 {"weight_kg", number()}});
}

json capabilities() {
  return closed({{"processes", array_of(ref("Process"))},
                 {"materials", array_of(ref("Material"))},
                 {"max_thickness_mm", number()},
                 {"max_sheet_length_mm", number()},
                 {"max_sheet_width_mm", number()},
                 {"tonnage", number()}});
}

json work_center() {
  return entity({{"code", string()},
                 {"name", string()},
                 {"department", ref("Department")},
                 {"capabilities", ref("Capabilities")},
                 {"efficiency", number()},
                 {"cost_rate_cents_per_hour", integer()},
                 {"status", ref("WorkCenterStatus")},
                 {"calendar_id", integer()}});
}

json calendar() {
  json brk = closed({{"start_minute", integer()}, {"end_minute", integer()}});
  json shift = closed({{"name", string()},
                       {"start_minute", integer()},
                       {"end_minute", integer()},
                       {"breaks", array_of(brk)}});
  json overtime = closed({{"start", date_time()}, {"end", date_time()}, {"reason", string()}});
  json week = array_of(array_of(shift));
  week["description"] = "Monday first; each day's shifts (minutes from local midnight)";
  return entity({{"name", string()},
                 {"week", week},
                 {"holidays", array_of(date())},
                 {"overtime", array_of(overtime)}});
}

json job() {
  return entity({{"number", string()},
                 {"part_id", integer()},
                 {"customer_id", integer()},
                 {"quantity", integer()},
                 {"due", date_time()},
                 {"priority", integer()},
                 {"status", ref("JobStatus")},
                 {"held_from", nullable(enum_of(model::kAllJobStatuses))},
                 {"substitute_material", nullable(enum_of(model::kAllMaterials))},
                 {"substitute_thickness_mm", nullable(number())}});
}

// What machines counted on one operation of a job (GET /jobs/{id}).
json operation_machine_actuals() {
  return closed({{"operation_id", integer()},
                 {"machine_qty", integer()},
                 {"machine_run_s", integer()},
                 {"planned_run_s", integer()},
                 {"first_signal_at", nullable(date_time())},
                 {"last_signal_at", nullable(date_time())}});
}

json job_detail() {
  json s = job();
  s["properties"]["operations"] = array_of(ref("Operation"));
  s["properties"]["machine_actuals"] = array_of(ref("OperationMachineActuals"));
  s["required"].push_back("operations");
  s["required"].push_back("machine_actuals");
  return s;
}

json operation() {
  return entity({{"job_id", integer()},
                 {"sequence", integer()},
                 {"name", string()},
                 {"department", ref("Department")},
                 {"process", ref("Process")},
                 {"eligible_work_center_ids", array_of(integer())},
                 {"setup_seconds", integer()},
                 {"run_seconds_per_piece", integer()},
                 {"transfer_seconds", integer()},
                 {"overlap_allowed", boolean()},
                 {"overlap_pieces", integer()},
                 {"setup_family", string()},
                 {"qty_good", integer()},
                 {"qty_scrap", integer()},
                 {"status", ref("OperationStatus")},
                 {"started_at", nullable(date_time())},
                 {"completed_at", nullable(date_time())},
                 {"operator_id", integer()}});
}

json operation_outcome() { return closed({{"operation", ref("Operation")}, {"job", ref("Job")}}); }

json schedule_slot() {
  return entity({{"operation_id", integer()},
                 {"work_center_id", integer()},
                 {"start", date_time()},
                 {"end", date_time()},
                 {"pinned", boolean()},
                 {"locked", boolean()}});
}

json schedule_slot_view() {
  json s = schedule_slot();
  const json more = {{"operation", string()},
                     {"job_id", integer()},
                     {"job_number", string()},
                     {"work_center_code", string()},
                     {"department", ref("Department")}};
  for (const auto& [name, schema] : more.items()) {
    s["properties"][name] = schema;
    s["required"].push_back(name);
  }
  return s;
}

json tool() {
  return entity({{"code", string()},
                 {"kind", ref("ToolKind")},
                 {"description", string()},
                 {"life_hits_max", integer()},
                 {"hits_used", integer()}});
}

json user() {
  json s = entity({{"username", string()},
                   {"display_name", string()},
                   {"roles", array_of(ref("Role"))},
                   {"active", boolean()}});
  // Not required: the user routes (/api/v1/users...) answer it, a login's user does not.
  s["properties"]["has_badge"] = boolean();
  s["properties"]["has_badge"]["description"] =
      "Whether the user has a station badge (the badge itself is never returned); answered by "
      "the /api/v1/users routes";
  return s;
}

json login_response() {
  return closed({{"token", string()}, {"user", ref("User")}, {"expires", date_time()}});
}

json me() {
  json zone = string();
  zone["description"] = "IANA time zone of the plant (as the scheduler uses it); UTC when none";
  return closed({{"id", integer()},
                 {"username", string()},
                 {"roles", array_of(ref("Role"))},
                 {"station", boolean()},
                 {"idle_timeout_s", integer()},
                 {"expires", date_time()},
                 {"plant_time_zone", zone}});
}

json sheet() {
  return entity({{"material", ref("Material")},
                 {"thickness_mm", number()},
                 {"length_mm", number()},
                 {"width_mm", number()},
                 {"quantity", integer()},
                 {"location", string()},
                 {"heat_lot_id", integer()},
                 {"is_remnant", boolean()},
                 {"parent_sheet_id", integer()}});
}

json heat_lot() {
  return entity({{"number", string()},
                 {"material", ref("Material")},
                 {"mill_cert_ref", string()},
                 {"supplier", string()},
                 {"received", date_time()}});
}

json receive_result() {
  return closed(
      {{"sheet", ref("Sheet")}, {"heat_lot", ref("HeatLot")}, {"heat_lot_created", boolean()}});
}

json consume_result() {
  return closed(
      {{"sheet", ref("Sheet")}, {"heat_lot_id", integer()}, {"below_safety_stock", boolean()}});
}

json departments() {
  return closed({{"items", array_of(ref("Department"))}, {"total", integer()}});
}

json audit_entry() {
  json document = {{"type", json::array({"object", "null"})}};
  return closed({{"id", integer()},
                 {"at", date_time()},
                 {"actor_user_id", integer()},
                 {"actor", string()},
                 {"entity", string()},
                 {"entity_id", integer()},
                 {"action", string()},
                 {"before", document},
                 {"after", document}});
}

json event() {
  json s = closed({{"id", integer()},
                   {"topic", string()},
                   {"at", date_time()},
                   {"payload", {{"type", json::array({"object", "null"})}}}});
  s["description"] = "A text frame of the GET /api/v1/events WebSocket stream";
  return s;
}

json import_result() {
  json s = list_of("Job");
  s["description"] = "The jobs the import created";
  return s;
}

json run_metrics() {
  // Tardiness figures are not finite when operations are unscheduled: written as null.
  return closed({{"operations", integer()},
                 {"unscheduled", integer()},
                 {"complete", boolean()},
                 {"late_jobs", integer()},
                 {"on_time_rate", nullable(number())},
                 {"weighted_tardiness_h", nullable(number())},
                 {"total_tardiness_s", integer()},
                 {"flow_time_s", integer()},
                 {"total_setup_s", integer()},
                 {"makespan_s", integer()},
                 {"objective", array_of(nullable(number()))}});
}

json proposed_slot() {
  json s = object({{"operation_id", integer()},
                   {"job_id", integer()},
                   {"nest_id", integer()},
                   {"work_center_id", integer()},
                   {"start", date_time()},
                   {"end", date_time()},
                   {"setup_s", integer()},
                   {"pinned", boolean()},
                   {"frozen", boolean()}},
                  {"operation_id", "job_id", "work_center_id", "start", "end", "setup_s", "pinned",
                   "frozen"});
  s["description"] =
      "A proposed slot; a nest (Sigmanest program planned as a batch) has operation_id 0, "
      "job_id 0 and nest_id";
  return s;
}

json late_job() {
  json link = object({{"operation_id", integer()},
                      {"nest_id", integer()},
                      {"operation", string()},
                      {"work_center_id", integer()},
                      {"start", date_time()},
                      {"end", date_time()},
                      {"reason", strings({"job", "machine", "release"})}},
                     {"operation_id", "operation", "work_center_id", "start", "end", "reason"});
  return closed({{"job_id", integer()},
                 {"number", string()},
                 {"due", date_time()},
                 {"completion", date_time()},
                 {"tardiness_s", integer()},
                 {"critical_chain", array_of(link)},
                 {"suggestions", array_of(string())}});
}

json conflict() {
  return object({{"kind", strings({"down", "missing", "machine", "calendar", "overlap", "setup",
                                   "precedence", "release", "pinned", "frozen"})},
                 {"operation_id", integer()},
                 {"nest_id", integer()},
                 {"message", string()}},
                {"kind", "operation_id", "message"});
}

json load_bucket() {
  return closed({{"work_center_id", integer()},
                 {"work_center_code", string()},
                 {"start", date_time()},
                 {"end", date_time()},
                 {"available_s", integer()},
                 {"planned_s", integer()},
                 {"load", number()}});
}

json schedule_run() {
  json repair = closed({{"work_center_id", integer()},
                        {"work_center_code", string()},
                        {"from", date_time()},
                        {"to", date_time()}});
  json s = object({{"id", integer()},
                   {"status", strings({"running", "succeeded", "cancelled", "failed"})},
                   {"trigger", string()},
                   {"message", string()},
                   {"error", string()},
                   {"horizon", strings({"weekly", "daily", "realtime"})},
                   {"mode", strings({"dispatch", "optimize", "repair"})},
                   {"rule", string()},
                   {"what_if", boolean()},
                   {"time_limit_s", number()},
                   {"created_at", date_time()},
                   {"created_by", string()},
                   {"committed", boolean()},
                   {"committed_at", date_time()},
                   {"committed_by", string()},
                   {"engine", string()},
                   {"seconds", number()},
                   {"iterations", integer()},
                   {"operations", integer()},
                   {"jobs", integer()},
                   {"metrics_before", ref("RunMetrics")},
                   {"metrics_after", ref("RunMetrics")},
                   {"slots", array_of(ref("ProposedSlot"))},
                   {"late_jobs", array_of(ref("LateJob"))},
                   {"conflicts", array_of(ref("Conflict"))},
                   {"load", array_of(ref("LoadBucket"))},
                   {"calendar_end", date_time()},
                   {"job_ends", array_of(closed({{"job_id", integer()},
                                                 {"job_number", string()},
                                                 {"end", date_time()}}))},
                   {"unplaced_jobs", array_of(closed({{"job_id", integer()},
                                                      {"job_number", string()},
                                                      {"operation_ids", array_of(integer())}}))},
                   {"warnings", array_of(string())},
                   {"repair", repair},
                   {"moved_operation_ids", array_of(integer())},
                   {"moved_nest_ids", array_of(integer())}},
                  {"id", "status", "trigger"});
  s["description"] =
      "A scheduling run: while running only its request; when it ended (succeeded, cancelled) "
      "its metrics, proposed slots and diagnostics (job_ends: each job's planned end, beyond the "
      "horizon too; unplaced_jobs: operations that do not fit the calendars built up to "
      "calendar_end); failed runs carry error; repairs carry "
      "repair and moved_operation_ids; an unreadable stored document comes back as message";
  return s;
}

json commit_result() {
  return closed({{"run_id", integer()},
                 {"inserted", integer()},
                 {"deleted", integer()},
                 {"kept", integer()}});
}

json load() {
  return closed({{"granularity", strings({"day", "week"})},
                 {"from", date_time()},
                 {"to", date_time()},
                 {"items", array_of(ref("LoadBucket"))}});
}

json conflicts() {
  return closed({{"conflicts", array_of(ref("Conflict"))},
                 {"unscheduled_operations", integer()},
                 {"late_jobs", array_of(ref("LateJob"))},
                 {"warnings", array_of(string())}});
}

// The components of the routes before issue 12; components() adds the nest ones.
static json base_components() {
  return {{"Problem", problem()},
          {"Health", health()},
          {"JobStatus", enum_of(model::kAllJobStatuses)},
          {"OperationStatus", enum_of(model::kAllOperationStatuses)},
          {"WorkCenterStatus", enum_of(model::kAllWorkCenterStatuses)},
          {"Department", enum_of(model::kAllDepartments)},
          {"Material", enum_of(model::kAllMaterials)},
          {"Process", enum_of(model::kAllProcesses)},
          {"Role", enum_of(model::kAllRoles)},
          {"ToolKind", enum_of(model::kAllToolKinds)},
          {"Customer", customer()},
          {"Part", part()},
          {"Capabilities", capabilities()},
          {"WorkCenter", work_center()},
          {"Calendar", calendar()},
          {"Job", job()},
          {"JobDetail", job_detail()},
          {"OperationMachineActuals", operation_machine_actuals()},
          {"Operation", operation()},
          {"OperationOutcome", operation_outcome()},
          {"ScheduleSlot", schedule_slot()},
          {"ScheduleSlotView", schedule_slot_view()},
          {"Tool", tool()},
          {"User", user()},
          {"LoginResponse", login_response()},
          {"Me", me()},
          {"Sheet", sheet()},
          {"HeatLot", heat_lot()},
          {"ReceiveResult", receive_result()},
          {"ConsumeResult", consume_result()},
          {"Departments", departments()},
          {"AuditEntry", audit_entry()},
          {"Event", event()},
          {"ImportResult", import_result()},
          {"RunMetrics", run_metrics()},
          {"ProposedSlot", proposed_slot()},
          {"LateJob", late_job()},
          {"Conflict", conflict()},
          {"LoadBucket", load_bucket()},
          {"ScheduleRun", schedule_run()},
          {"CommitResult", commit_result()},
          {"Load", load()},
          {"Conflicts", conflicts()},
          {"BoardSlot", board_slot()},
          {"BoardNest", board_nest()},
          {"OffShift", off_shift()},
          {"Downtime", downtime()},
          {"Board", board()},
          {"RunSummary", run_summary()},
          {"Dashboard", dashboard()},
          {"DispatchItem", dispatch_item()},
          {"DispatchList", dispatch_list()},
          {"JobHistoryEntry", job_history_entry()},
          {"Consumption", consumption()},
          {"JobMaterials", job_materials()},
          {"HeatLotTrace", heat_lot_trace()},
          {"MachineState", strings({"UNKNOWN", "DOWN", "SETUP", "RUN", "PAUSED", "IDLE"})},
          {"MachineProtocol", strings({"mqtt", "sparkplug", "mtconnect", "opcua", "scan"})},
          {"Machine", machine()},
          {"MachineTimeline", machine_timeline()},
          {"MachineSignals", machine_signals()},
          {"OeeFigures", oee_figures()},
          {"OeeReport", oee_report()},
          {"DepartmentOee", department_oee()}};
}

json components() {
  json all = base_components();
  all.update(nest_components());
  all.update(agent_components());
  return all;
}

}  // namespace kerf::api::schemas
