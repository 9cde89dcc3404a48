// Job history and material traceability (app/trace_service.h): read by every authenticated user.
#include <set>

#include "app_common.h"
#include "kerf/app/nest_service.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

// The nests (Sigmanest programs) cut or to be cut from `sheet_ids`, each with its jobs; only
// nests carrying `job_id` when it is set. The "TraceNest" schema.
Result<json> trace_nests(app::Services& s, const app::Principal& who,
                         const std::set<int64_t>& sheet_ids, std::optional<int64_t> job_id) {
  json out = json::array();
  std::map<int64_t, std::string> job_numbers;
  for (int64_t sheet_id : sheet_ids) {
    store::ListQuery q;
    q.filters["sheet_id"] = sheet_id;
    q.limit = 1000;
    auto page = s.nests().list(who, q);
    if (!page.ok()) return page.error();
    for (const auto& n : page->items) {
      if (job_id && std::none_of(n.parts.begin(), n.parts.end(),
                                 [&](const model::NestPart& p) { return p.job_id == *job_id; })) {
        continue;
      }
      json jobs = json::array();
      for (const auto& p : n.parts) {
        auto known = job_numbers.find(p.job_id);
        if (known == job_numbers.end()) {
          auto job = s.jobs().get(who, p.job_id);
          if (!job.ok()) return job.error();
          known = job_numbers.emplace(p.job_id, job->job.number).first;
        }
        jobs.push_back({{"job_id", p.job_id},
                        {"job_number", known->second},
                        {"part_id", p.part_id},
                        {"qty", p.qty},
                        {"operation_id", p.operation_id > 0 ? json(p.operation_id) : json()}});
      }
      out.push_back({{"id", n.id},
                     {"program_name", n.program_name},
                     {"state", model::to_string(n.state)},
                     {"sheet_id", n.sheet_id},
                     {"repeat", n.repeat},
                     {"work_center_id", n.work_center_id > 0 ? json(n.work_center_id) : json()},
                     {"machine_name", n.machine_name},
                     {"utilisation", n.utilisation},
                     {"cut_seconds_est", n.cut_seconds_est},
                     {"cut_seconds_actual", n.cut_seconds_actual},
                     {"cut_at", n.cut_at ? json(format_iso8601(*n.cut_at)) : json()},
                     {"jobs", std::move(jobs)}});
    }
  }
  return out;
}

// `trace` with "nests" added from the sheet ids found at `sheets` (each item's "id", or its
// "sheet"."id" for consumptions).
Response with_nests(app::Services& s, const app::Principal& who, Result<json> trace,
                    const char* sheets, std::optional<int64_t> job_id) {
  if (!trace.ok()) return problem_response(trace.error());
  std::set<int64_t> ids;
  for (const auto& item : (*trace)[sheets]) {
    const json& sheet = item.contains("sheet") ? item["sheet"] : item;
    ids.insert(sheet["id"].get<int64_t>());
  }
  auto nests = trace_nests(s, who, ids, job_id);
  if (!nests.ok()) return problem_response(nests.error());
  (*trace)["nests"] = std::move(*nests);
  return json_response(*trace);
}

}  // namespace

void register_trace_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  // Only paging: the history is always newest first.
  static const ListSpec history_spec{};
  router.add({.method = "GET",
              .path = "/api/v1/jobs/{id}/history",
              .summary = "History of a job: audit rows of the job, its operations, schedule slots "
                         "and material consumptions, newest first",
              .tag = "jobs",
              .query_params = {{"limit", "integer", "page size, 1..1000 (default 50)"},
                               {"offset", "integer", "rows to skip"}},
              .response_schema = schemas::list_of("JobHistoryEntry")},
             with_id([s](RequestContext& ctx, int64_t id) {
               auto q = parse_list_query(ctx, history_spec);
               if (!q.ok()) return problem_response(q.error());
               return respond(s->trace().job_history(app_principal(ctx), id, q->limit, q->offset),
                              [](const nlohmann::json& j) { return j; });
             }));
  router.add({.method = "GET",
              .path = "/api/v1/jobs/{id}/materials",
              .summary = "Sheets consumed by a job with their heat lots and the nests (programs) "
                         "that cut the job's parts from them (traceability)",
              .tag = "jobs",
              .response_schema = schemas::ref("JobMaterials")},
             with_id([s](RequestContext& ctx, int64_t id) {
               const auto who = app_principal(ctx);
               return with_nests(*s, who, s->trace().job_materials(who, id), "items", id);
             }));
  router.add({.method = "GET",
              .path = "/api/v1/materials/heat-lots/{id}/trace",
              .summary = "Trace a heat lot: its sheets and remnants, each consumption with job, "
                         "part, operation and customer, and the nests cut from its sheets",
              .tag = "materials",
              .response_schema = schemas::ref("HeatLotTrace")},
             with_id([s](RequestContext& ctx, int64_t id) {
               const auto who = app_principal(ctx);
               return with_nests(*s, who, s->trace().heat_lot_trace(who, id), "sheets",
                                 std::nullopt);
             }));
}

}  // namespace kerf::api
