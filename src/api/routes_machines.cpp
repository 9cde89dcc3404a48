// Machine routes: the live machine list and page (view with state, current operation, today's
// parts and OEE), CRUD (admin), state timeline, downsampled signal series, OEE by machine and by
// department.
#include <cmath>

#include "app_common.h"
#include "kerf/app/machine_service.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

Response bad_request(std::vector<FieldError> fields) {
  return problem_response(Error::invalid(std::move(fields)));
}

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

json ratio(double v) { return std::isfinite(v) ? v : 0.0; }

json oee_ratios(const ingest::OeeResult& r) {
  return {{"availability", ratio(r.availability)},
          {"performance", ratio(r.performance)},
          {"quality", ratio(r.quality)},
          {"oee", ratio(r.oee)}};
}

json oee_detail(const ingest::OeeResult& r) {
  json out = oee_ratios(r);
  out["planned_s"] = r.planned_ms / 1000.0;
  out["good"] = r.good;
  out["total"] = r.total;
  out["losses"] = {{"equipment_failure_s", r.losses.equipment_failure_ms / 1000.0},
                   {"setup_s", r.losses.setup_ms / 1000.0},
                   {"idling_s", r.losses.idling_ms / 1000.0},
                   {"minor_stops_s", r.losses.minor_stops_ms / 1000.0},
                   {"reduced_speed_s", r.losses.reduced_speed_ms / 1000.0},
                   {"defects_s", r.losses.defects_ms / 1000.0}};
  return out;
}

json view_json(const app::MachineView& v) {
  const auto& m = v.machine;
  const auto& st = v.status;
  json op = nullptr;
  if (v.current_operation) {
    const auto& o = *v.current_operation;
    op = {{"id", o.id},
          {"job_id", o.job_id},
          {"job_number", o.job_number},
          {"part_number", o.part_number},
          {"sequence", o.sequence},
          {"qty_planned", o.qty_planned},
          {"machine_qty", o.machine_qty},
          {"planned_run_s", o.planned_run_s},
          {"actual_run_s", o.actual_run_s}};
  }
  json alarm = nullptr;
  if (!st.alarm_code.empty() || !st.alarm_text.empty()) {
    alarm = {{"code", st.alarm_code}, {"text", st.alarm_text}};
  }
  return {
      {"id", m.id},
      {"version", m.version},
      {"code", m.code},
      {"name", m.name},
      {"work_center_id", m.work_center_id ? json(*m.work_center_id) : json(nullptr)},
      {"work_center_code", v.work_center_code.empty() ? json(nullptr) : json(v.work_center_code)},
      {"department", v.department ? json(model::to_string(*v.department)) : json(nullptr)},
      {"protocol", model::to_string(m.protocol)},
      {"endpoint", m.endpoint},
      {"ideal_cycle_s", m.ideal_cycle_s},
      {"active", m.active},
      {"state", model::to_string(st.state)},
      {"state_since", time_or_null(st.state_since)},
      {"last_signal_at", time_or_null(st.last_signal_at)},
      {"program", st.program},
      {"mounted_tool", st.mounted_tool},
      {"part_count_total", st.part_count_total},
      {"alarm", alarm},
      {"current_operation", op},
      {"parts_today", v.parts_today},
      {"oee_today", oee_ratios(v.oee_today)}};
}

json report_json(const app::OeeReport& r) {
  json buckets = json::array();
  for (const auto& b : r.buckets) {
    json j = oee_detail(b.oee);
    j["from"] = format_iso8601(b.from);
    j["to"] = format_iso8601(b.to);
    buckets.push_back(std::move(j));
  }
  return {{"total", oee_detail(r.total)}, {"buckets", std::move(buckets)}};
}

// Reads a machine body (create: no version; update: version required).
Result<model::Machine> read_machine(const json& body, bool update) {
  std::vector<FieldError> errors;
  JsonReader r(body, "", errors);
  model::Machine m;
  std::vector<std::string> server_owned = {"id"};
  if (update) {
    if (auto x = r.integer("version", true, 1)) m.version = *x;
  } else {
    server_owned.push_back("version");
  }
  r.reject_read_only(server_owned);
  if (auto x = r.string("code", true, 64)) m.code = *x;
  if (auto x = r.string("name", true, 200)) m.name = *x;
  if (body.is_object() && body.contains("work_center_id") && !body["work_center_id"].is_null()) {
    if (auto x = r.integer("work_center_id", false, 1)) m.work_center_id = *x;
  }
  if (auto x = r.enumeration("protocol", true, &model::parse_machine_protocol)) m.protocol = *x;
  if (auto x = r.string("endpoint", false, 500)) m.endpoint = *x;
  if (auto x = r.number("ideal_cycle_s", false, 0, 86400)) m.ideal_cycle_s = *x;
  if (auto x = r.boolean("active", false)) m.active = *x;
  r.reject_unknown({"id", "version", "code", "name", "work_center_id", "protocol", "endpoint",
                    "ideal_cycle_s", "active"});
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return m;
}

// from/to query parameters, both required.
struct Range {
  TimePoint from;
  TimePoint to;
};
std::optional<Range> read_range(const RequestContext& ctx, std::vector<FieldError>& fields) {
  auto from = query_instant(ctx, "from", fields);
  auto to = query_instant(ctx, "to", fields);
  if (!from && !ctx.query_param("from")) fields.push_back({"from", "is required"});
  if (!to && !ctx.query_param("to")) fields.push_back({"to", "is required"});
  if (!from || !to) return std::nullopt;
  return Range{*from, *to};
}

std::optional<app::OeeBucket> read_bucket(const RequestContext& ctx,
                                          std::vector<FieldError>& fields) {
  const std::string* b = ctx.query_param("bucket");
  if (!b || b->empty()) return app::OeeBucket::kDay;
  auto parsed = app::parse_oee_bucket(*b);
  if (!parsed.ok()) {
    fields.push_back({"bucket", "must be shift or day"});
    return std::nullopt;
  }
  return *parsed;
}

Response view_response(app::Services* s, const app::Principal& who,
                       const Result<model::Machine>& saved, int status) {
  if (!saved.ok()) return problem_response(saved.error());
  auto v = s->machines().view(who, saved->id);
  if (!v.ok()) return problem_response(v.error());
  return json_response(view_json(*v), status);
}

const std::vector<QueryParamSpec> kRangeParams = {{"from", "string", "start (ISO 8601)", true},
                                                  {"to", "string", "end (ISO 8601)", true}};

}  // namespace

void register_machine_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  router.add(
      {.method = "GET",
       .path = "/api/v1/machines",
       .permission = app::Permission::kRead,
       .summary = "Every machine with its current state, operation, parts and OEE today",
       .tag = "machines",
       .response_schema = {{"type", "object"},
                           {"additionalProperties", false},
                           {"required", {"items"}},
                           {"properties",
                            {{"items", {{"type", "array"}, {"items", schemas::ref("Machine")}}}}}}},
      [s](RequestContext& ctx) -> Response {
        std::vector<FieldError> fields;
        reject_unknown_query(ctx, {}, fields);
        if (!fields.empty()) return bad_request(std::move(fields));
        auto views = s->machines().views(app_principal(ctx));
        if (!views.ok()) return problem_response(views.error());
        json items = json::array();
        for (const auto& v : *views) items.push_back(view_json(v));
        return json_response({{"items", std::move(items)}});
      });
  router.add({.method = "GET",
              .path = "/api/v1/machines/{id}",
              .permission = app::Permission::kRead,
              .summary = "One machine (the list's view)",
              .tag = "machines",
              .response_schema = schemas::ref("Machine")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               auto v = s->machines().view(app_principal(ctx), id);
               if (!v.ok()) return problem_response(v.error());
               return json_response(view_json(*v));
             }));
  const json required = {"code", "name", "protocol"};
  json update_required = required;
  update_required.push_back("version");
  router.add({.method = "POST",
              .path = "/api/v1/machines",
              .permission = app::Permission::kWriteMachines,
              .summary = "Create a machine",
              .tag = "machines",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", required}},
              .success_status = 201,
              .response_schema = schemas::ref("Machine")},
             [s](RequestContext& ctx) -> Response {
               auto m = read_machine(ctx.json, false);
               if (!m.ok()) return problem_response(m.error());
               const auto who = app_principal(ctx);
               return view_response(s, who, s->machines().create(who, *m), 201);
             });
  router.add({.method = "PUT",
              .path = "/api/v1/machines/{id}",
              .permission = app::Permission::kWriteMachines,
              .summary = "Update a machine (body carries version)",
              .tag = "machines",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", update_required}},
              .response_schema = schemas::ref("Machine")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               auto m = read_machine(ctx.json, true);
               if (!m.ok()) return problem_response(m.error());
               m->id = id;
               const auto who = app_principal(ctx);
               return view_response(s, who, s->machines().update(who, *m), 200);
             }));
  router.add({.method = "DELETE",
              .path = "/api/v1/machines/{id}",
              .permission = app::Permission::kWriteMachines,
              .summary = "Delete a machine with its timeline and telemetry (?version= required)",
              .tag = "machines",
              .success_status = 204,
              .query_params = {{"version", "integer", "the version you read", true}}},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               auto version = query_version(ctx);
               if (!version.ok()) return problem_response(version.error());
               return respond(s->machines().remove(app_principal(ctx), id, *version));
             }));
  router.add({.method = "GET",
              .path = "/api/v1/machines/{id}/timeline",
              .permission = app::Permission::kRead,
              .summary = "State intervals over [from, to) (at most 31 days); to null = still open",
              .tag = "machines",
              .query_params = kRangeParams,
              .response_schema = schemas::ref("MachineTimeline")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"from", "to"}, fields);
               auto range = read_range(ctx, fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               auto items = s->machines().timeline(app_principal(ctx), id, range->from, range->to);
               if (!items.ok()) return problem_response(items.error());
               json out = json::array();
               for (const auto& iv : *items) {
                 out.push_back(
                     {{"from", iso_of_ms(iv.from_ms)},
                      {"to", iso_of_ms(iv.to_ms)},
                      {"state", model::to_string(iv.state)},
                      {"operation_id", iv.operation_id ? json(*iv.operation_id) : json(nullptr)}});
               }
               return json_response({{"items", std::move(out)}});
             }));
  router.add(
      {.method = "GET",
       .path = "/api/v1/machines/{id}/signals",
       .permission = app::Permission::kRead,
       .summary = "A numeric signal downsampled to about `points` buckets over [from, to) "
                  "(raw samples below one hour per bucket, hourly rollups above)",
       .tag = "machines",
       .query_params = {{"signal", "string", "signal name (docs/machine_signals.md)", true},
                        {"from", "string", "start (ISO 8601)", true},
                        {"to", "string", "end (ISO 8601; at most 366 days after from)", true},
                        {"points", "integer", "buckets wanted, 2..2000 (default 200)", false}},
       .response_schema = schemas::ref("MachineSignals")},
      with_id([s](RequestContext& ctx, int64_t id) -> Response {
        std::vector<FieldError> fields;
        reject_unknown_query(ctx, {"signal", "from", "to", "points"}, fields);
        const std::string* signal = ctx.query_param("signal");
        if (!signal || signal->empty()) fields.push_back({"signal", "is required"});
        auto range = read_range(ctx, fields);
        auto points = query_int(ctx, "points", 2, 2000, fields);
        if (!fields.empty()) return bad_request(std::move(fields));
        auto series =
            s->machines().signal_series(app_principal(ctx), id, *signal, range->from, range->to,
                                        static_cast<int>(points.value_or(200)));
        if (!series.ok()) return problem_response(series.error());
        json pts = json::array();
        for (const auto& p : series->points) {
          pts.push_back({{"t", iso_of_ms(p.t)},
                         {"min", p.min},
                         {"max", p.max},
                         {"avg", p.avg},
                         {"count", p.count}});
        }
        return json_response({{"signal", series->signal},
                              {"bucket_s", series->bucket_ms / 1000.0},
                              {"source", series->from_rollups ? "rollups" : "raw"},
                              {"points", std::move(pts)}});
      }));
  router.add({.method = "GET",
              .path = "/api/v1/machines/{id}/oee",
              .permission = app::Permission::kRead,
              .summary = "OEE of a machine over [from, to) (at most 93 days) by shift or day, with "
                         "the six big losses",
              .tag = "machines",
              .query_params = {{"from", "string", "start (ISO 8601)", true},
                               {"to", "string", "end (ISO 8601)", true},
                               {"bucket", "string", "shift or day (default day)", false}},
              .response_schema = schemas::ref("OeeReport")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"from", "to", "bucket"}, fields);
               auto range = read_range(ctx, fields);
               auto bucket = read_bucket(ctx, fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               auto r = s->machines().oee(app_principal(ctx), id, range->from, range->to, *bucket);
               if (!r.ok()) return problem_response(r.error());
               return json_response(report_json(*r));
             }));
  router.add({.method = "GET",
              .path = "/api/v1/oee",
              .permission = app::Permission::kRead,
              .summary = "OEE of a department's machines over [from, to) by shift or day",
              .tag = "machines",
              .query_params = {{"department", "string", "department name", true},
                               {"from", "string", "start (ISO 8601)", true},
                               {"to", "string", "end (ISO 8601)", true},
                               {"bucket", "string", "shift or day (default day)", false}},
              .response_schema = schemas::ref("DepartmentOee")},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"department", "from", "to", "bucket"}, fields);
               std::optional<model::Department> dept;
               const std::string* d = ctx.query_param("department");
               if (!d || d->empty()) {
                 fields.push_back({"department", "is required"});
               } else if (auto p = model::parse_department(*d); p.ok()) {
                 dept = *p;
               } else {
                 fields.push_back({"department", "unknown department '" + *d + "'"});
               }
               auto range = read_range(ctx, fields);
               auto bucket = read_bucket(ctx, fields);
               if (!fields.empty()) return bad_request(std::move(fields));
               auto r = s->machines().department_oee(app_principal(ctx), *dept, range->from,
                                                     range->to, *bucket);
               if (!r.ok()) return problem_response(r.error());
               json out = report_json(*r);
               out["department"] = model::to_string(*dept);
               return json_response(out);
             });
}

}  // namespace kerf::api
