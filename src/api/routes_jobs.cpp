// /api/v1/jobs: list, get, create, update, delete, lifecycle actions, JSON/CSV import.
#include <algorithm>

#include "app_common.h"

namespace kerf::api {
namespace {

using nlohmann::json;

// Members of a job the server owns: a PUT carrying any of them is refused (400), nothing written.
// "version" is not among them: it is the version the client read (optimistic concurrency).
// The material substitution is set only by an approved material_shortage approval.
const std::vector<std::string> kJobReadOnly = {"id",        "number",
                                               "status",    "held_from",
                                               "substitute_material", "substitute_thickness_mm"};

json detail_json(const app::JobDetail& d) {
  json j = app::json_of(d.job);
  json ops = json::array();
  for (const auto& o : d.operations) ops.push_back(app::json_of(o));
  j["operations"] = std::move(ops);
  json actuals = json::array();
  for (const auto& a : d.machine_actuals) {
    const auto op = std::find_if(d.operations.begin(), d.operations.end(),
                                 [&](const model::Operation& o) { return o.id == a.operation_id; });
    const int64_t planned = op == d.operations.end() ? 0 : op->nominal_seconds(d.job.quantity);
    actuals.push_back(json{{"operation_id", a.operation_id},
                           {"machine_qty", a.machine_qty},
                           {"machine_run_s", a.machine_run_ms / 1000},
                           {"planned_run_s", planned},
                           {"first_signal_at", iso_of_ms(a.first_signal_ms)},
                           {"last_signal_at", iso_of_ms(a.last_signal_ms)}});
  }
  j["machine_actuals"] = std::move(actuals);
  return j;
}

// {"items": [...], "total": N} of the jobs an import created.
json imported_json(const app::ImportResult& r) {
  json items = json::array();
  for (const auto& j : r.jobs) items.push_back(app::json_of(j));
  return {{"items", items}, {"total", r.jobs.size()}};
}

std::optional<app::OperationInput> read_operation(const json& v, const std::string& prefix,
                                                  std::vector<FieldError>& errors) {
  JsonReader r(v, prefix, errors);
  if (!r.ok_object()) return std::nullopt;
  std::size_t before = errors.size();
  app::OperationInput op;
  if (auto x = r.integer("sequence", true, 1, 9999)) op.sequence = static_cast<int32_t>(*x);
  if (auto x = r.string("name", true, 200)) op.name = *x;
  if (auto x = r.enumeration("process", true, model::parse_process)) op.process = *x;
  op.department = r.enumeration("department", false, model::parse_department);
  if (auto x = r.int_array("eligible_work_center_ids", true, 1)) op.eligible_work_center_ids = *x;
  if (auto x = r.integer("setup_seconds", false, 0, 86400)) op.setup_seconds = *x;
  if (auto x = r.integer("run_seconds_per_piece", true, 0, 86400)) op.run_seconds_per_piece = *x;
  if (auto x = r.integer("transfer_seconds", false, 0, 7 * 86400)) op.transfer_seconds = *x;
  if (auto x = r.boolean("overlap_allowed", false)) op.overlap_allowed = *x;
  if (auto x = r.integer("overlap_pieces", false, 0, 1000000)) op.overlap_pieces = *x;
  if (auto x = r.string("setup_family", false, 64)) op.setup_family = *x;
  r.reject_unknown({"sequence", "name", "process", "department", "eligible_work_center_ids",
                    "setup_seconds", "run_seconds_per_piece", "transfer_seconds", "overlap_allowed",
                    "overlap_pieces", "setup_family"});
  if (errors.size() != before) return std::nullopt;
  return op;
}

const json kJobSchema = {
    {"type", "object"},
    {"required", {"number", "part_id", "customer_id", "quantity", "due"}},
    {"properties",
     {{"number", {{"type", "string"}}},
      {"part_id", {{"type", "integer"}, {"minimum", 1}}},
      {"customer_id", {{"type", "integer"}, {"minimum", 1}}},
      {"quantity", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000000}}},
      {"due", {{"type", "string"}, {"format", "date-time"}}},
      {"priority", {{"type", "integer"}, {"minimum", 1}, {"maximum", 5}}},
      {"operations", {{"type", "array"}, {"items", {{"type", "object"}}}}}}}};

const json kActionSchema = {
    {"type", "object"},
    {"properties", {{"version", {{"type", "integer"}}}, {"reason", {{"type", "string"}}}}}};

using JobAction = std::function<Result<model::Job>(app::JobService&, const app::Principal&, int64_t,
                                                   const std::string&, std::optional<int64_t>)>;

// POST /api/v1/jobs/{id}/<verb> with body {"version" (optional), "reason" (when `needs_reason`)}.
void add_action(Router& router, app::Services* s, const std::string& verb,
                app::Permission permission, bool needs_reason, JobAction action) {
  std::vector<std::string> known = {"version"};
  if (needs_reason) known.push_back("reason");
  router.add({.method = "POST",
              .path = "/api/v1/jobs/{id}/" + verb,
              .permission = permission,
              .summary = verb + " a job" + (needs_reason ? " (reason required)" : ""),
              .tag = "jobs",
              .body_type = "application/json",
              .request_schema = kActionSchema,
              .response_schema = schemas::ref("Job")},
             id_action(
                 body_or_empty, known,
                 [needs_reason](JsonReader& r) {
                   auto version = optional_version(r);
                   return std::pair(version,
                                    needs_reason ? r.string("reason", true, 500) : std::nullopt);
                 },
                 [s, action](const app::Principal& who, int64_t id, const auto& in) {
                   return action(s->jobs(), who, id, in.second.value_or(""), in.first);
                 }));
}

}  // namespace

void register_job_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec spec{
      .sort_fields = {"number", "due", "priority", "status", "quantity"},
      .filters = {{"status", FilterKind::kText},
                  {"part_id", FilterKind::kInt},
                  {"customer_id", FilterKind::kInt},
                  {"priority", FilterKind::kInt}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        if (name == "status" && !model::parse_job_status(value).ok()) {
          return "unknown job status '" + value + "'";
        }
        return "";
      },
      .search = true,
      .date_range = true};
  router.add({.method = "GET",
              .path = "/api/v1/jobs",
              .summary = "List jobs",
              .tag = "jobs",
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("Job")},
             list_handler(spec, [s](const app::Principal& who, const store::ListQuery& q) {
               return s->jobs().list(who, q);
             }));
  router.add({.method = "GET",
              .path = "/api/v1/jobs/{id}",
              .summary = "A job with its routing",
              .tag = "jobs",
              .response_schema = schemas::ref("JobDetail")},
             with_id([s](RequestContext& ctx, int64_t id) {
               auto d = s->jobs().get(app_principal(ctx), id);
               Response res = respond(d, detail_json);
               if (d.ok()) {
                 res.headers.emplace_back("ETag", "\"" + std::to_string(d->job.version) + "\"");
               }
               return res;
             }));
  router.add({.method = "POST",
              .path = "/api/v1/jobs",
              .permission = app::Permission::kWriteJobs,
              .summary = "Create a job with its routing",
              .tag = "jobs",
              .body_type = "application/json",
              .request_schema = kJobSchema,
              .response_description = "The created job",
              .success_status = 201,
              .response_schema = schemas::ref("JobDetail")},
             create_handler(
                 {"number", "part_id", "customer_id", "quantity", "due", "priority", "operations"},
                 [](JsonReader& r) {
                   app::JobInput in;
                   if (auto x = r.string("number", true, 64)) in.number = *x;
                   if (auto x = r.integer("part_id", true, 1)) in.part_id = *x;
                   if (auto x = r.integer("customer_id", true, 1)) in.customer_id = *x;
                   if (auto x = r.integer("quantity", true, 1, 1000000)) in.quantity = *x;
                   if (auto x = r.time("due", true)) in.due = *x;
                   if (auto x = r.integer("priority", false, 1, 5)) {
                     in.priority = static_cast<int32_t>(*x);
                   }
                   if (const json* ops = r.array("operations", false)) {
                     for (std::size_t i = 0; i < ops->size(); ++i) {
                       auto op =
                           read_operation((*ops)[i], "operations/" + std::to_string(i), r.errors());
                       if (op) in.operations.push_back(std::move(*op));
                     }
                   }
                   return in;
                 },
                 [s](const app::Principal& who, const app::JobInput& in) {
                   return s->jobs().create(who, in);
                 },
                 detail_json));
  router.add({.method = "PUT",
              .path = "/api/v1/jobs/{id}",
              .permission = app::Permission::kWriteJobs,
              .summary = "Update a job (optimistic: body carries the version you read)",
              .tag = "jobs",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}, {"required", {"version"}}},
              .response_schema = schemas::ref("Job")},
             id_action(
                 body_as_sent,
                 {"version", "part_id", "customer_id", "quantity", "due", "priority", "id",
                  "number", "status", "held_from", "substitute_material",
                  "substitute_thickness_mm"},
                 [](JsonReader& r) {
                   app::JobUpdate in;
                   r.reject_read_only(kJobReadOnly);
                   if (auto x = r.integer("version", true, 1)) in.version = *x;
                   in.part_id = r.integer("part_id", false, 1);
                   in.customer_id = r.integer("customer_id", false, 1);
                   in.quantity = r.integer("quantity", false, 1, 1000000);
                   in.due = r.time("due", false);
                   if (auto x = r.integer("priority", false, 1, 5)) {
                     in.priority = static_cast<int32_t>(*x);
                   }
                   return in;
                 },
                 [s](const app::Principal& who, int64_t id, app::JobUpdate in) {
                   in.id = id;
                   return s->jobs().update(who, in);
                 }));
  router.add({.method = "DELETE",
              .path = "/api/v1/jobs/{id}",
              .permission = app::Permission::kWriteJobs,
              .summary = "Delete a planned job (?version= required)",
              .tag = "jobs",
              .success_status = 204,
              .query_params = {{"version", "integer", "the version you read", true}}},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               auto version = query_version(ctx);
               if (!version.ok()) return problem_response(version.error());
               return respond(s->jobs().remove(app_principal(ctx), id, *version));
             }));
  add_action(router, s, "release", app::Permission::kWriteJobs, false,
             [](auto& jobs, const auto& who, int64_t id, const std::string&, auto v) {
               return jobs.release(who, id, v);
             });
  add_action(router, s, "hold", app::Permission::kHoldJobs, true,
             [](auto& jobs, const auto& who, int64_t id, const std::string& reason, auto v) {
               return jobs.hold(who, id, reason, v);
             });
  add_action(router, s, "unhold", app::Permission::kHoldJobs, false,
             [](auto& jobs, const auto& who, int64_t id, const std::string&, auto v) {
               return jobs.unhold(who, id, v);
             });
  add_action(router, s, "cancel", app::Permission::kWriteJobs, true,
             [](auto& jobs, const auto& who, int64_t id, const std::string& reason, auto v) {
               return jobs.cancel(who, id, reason, v);
             });
  auto import_handler = [s](bool csv) {
    return [s, csv](RequestContext& ctx) -> Response {
      auto who = app_principal(ctx);
      auto result =
          csv ? s->jobs().import_csv(who, ctx.body) : s->jobs().import_json(who, ctx.body);
      return respond(result, imported_json, 201);
    };
  };
  router.add({.method = "POST",
              .path = "/api/v1/jobs/import",
              .permission = app::Permission::kWriteJobs,
              .summary = "Import jobs from a JSON array (all or nothing)",
              .tag = "jobs",
              .body_type = "application/json",
              .request_schema = {{"type", "array"}, {"items", {{"type", "object"}}}},
              .success_status = 201,
              .response_schema = schemas::ref("ImportResult")},
             import_handler(false));
  router.add({.method = "POST",
              .path = "/api/v1/jobs/import.csv",
              .permission = app::Permission::kWriteJobs,
              .summary = "Import jobs from CSV (all or nothing; errors rows/<line>/<column>)",
              .tag = "jobs",
              .body_type = "text/csv",
              .success_status = 201,
              .response_schema = schemas::ref("ImportResult")},
             import_handler(true));
}

}  // namespace kerf::api
