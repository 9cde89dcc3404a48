// Nest routes (app/nest_service.h): the nests Sigmanest posted, the laser NC queue and nest
// efficiency (material utilisation per plant-local day and material), read by every
// authenticated user; and the operator actions on a program (start, stop, done, reject, delete;
// operate_nests), which the Sigmanest sync sends on to Sigmanest. Posts and Sigmanest's own
// state changes come from the sync, not from HTTP.
#include <cctype>

#include "app_common.h"
#include "kerf/app/nest_service.h"
#include "kerf/core/time_format.h"
#include "nest_json.h"

namespace kerf::api {
namespace {

using nlohmann::json;

// The shop's material-utilisation goals (issue 12: from 75 % today to 85 %).
constexpr double kUtilisationGoalNow = 0.75;
constexpr double kUtilisationGoalTarget = 0.85;
constexpr int64_t kMaxEfficiencyDays = 366;

// A plant-local day "YYYY-MM-DD" (required); a bad one adds a field error naming `name`.
std::optional<std::string> query_day(const RequestContext& ctx, const std::string& name,
                                     std::vector<FieldError>& fields) {
  const std::string* v = ctx.query_param(name);
  if (!v || v->empty()) {
    fields.push_back({name, "is required (YYYY-MM-DD)"});
    return std::nullopt;
  }
  bool shape = v->size() == 10 && (*v)[4] == '-' && (*v)[7] == '-';
  for (size_t i = 0; shape && i < v->size(); ++i) {
    if (i != 4 && i != 7 && !std::isdigit(static_cast<unsigned char>((*v)[i]))) shape = false;
  }
  // parse_iso8601 rejects impossible dates (2026-02-30).
  if (!shape || !parse_iso8601(*v).ok() || *v < "2000-01-01" || *v > "2100-12-31") {
    fields.push_back({name, "must be a day YYYY-MM-DD between 2000 and 2100"});
    return std::nullopt;
  }
  return *v;
}

// {"cut_seconds": n} (optional, >= 0) of the stop and done bodies: 0 when absent.
int64_t read_cut_seconds(JsonReader& r) { return r.integer("cut_seconds", false, 0).value_or(0); }

const json& cut_seconds_schema() {
  static const json schema = {
      {"type", "object"}, {"properties", {{"cut_seconds", {{"type", "integer"}, {"minimum", 0}}}}}};
  return schema;
}

json efficiency_row_json(const app::NestEfficiencyRow& r) {
  return {{"day", r.day},
          {"material", model::to_string(r.material)},
          {"thickness_mm", r.thickness_mm},
          {"programs", r.programs},
          {"sheets", r.sheets},
          {"utilisation", r.utilisation},
          {"scrap_fraction", r.scrap_fraction}};
}

}  // namespace

void register_nest_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec spec{
      .sort_fields = {"program_name", "material", "thickness_mm"},
      .filters = {{"state", FilterKind::kText},
                  {"work_center_id", FilterKind::kInt},
                  {"material", FilterKind::kText},
                  {"sheet_id", FilterKind::kInt}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        if (name == "state" && !model::parse_nest_state(value).ok()) {
          return "unknown nest state '" + value + "'";
        }
        if (name == "material" && !model::parse_material(value).ok()) {
          return "unknown material '" + value + "'";
        }
        return "";
      },
      .search = true};
  auto list = [s](const app::Principal& who, const store::ListQuery& q) {
    return s->nests().list(who, q);
  };
  router.add({.method = "GET",
              .path = "/api/v1/nests",
              .permission = app::Permission::kRead,
              .summary = "Nests (Sigmanest programs): filters state, work_center_id, material, "
                         "sheet_id; q searches the program name",
              .tag = "nests",
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("Nest")},
             list_handler(spec, list, nest_json));
  // Before /nests/{id}: the router takes the first route that matches.
  router.add(
      {.method = "GET",
       .path = "/api/v1/nests/efficiency",
       .permission = app::Permission::kRead,
       .summary = "Material utilisation of the programs cut per plant-local day and material/"
                  "thickness between the days from and to (inclusive, at most 366 days)",
       .tag = "nests",
       .query_params = {{"from", "string", "first plant-local day, YYYY-MM-DD", true},
                        {"to", "string", "last plant-local day, YYYY-MM-DD", true}},
       .response_schema = schemas::ref("NestEfficiency")},
      [s](RequestContext& ctx) -> Response {
        std::vector<FieldError> fields;
        reject_unknown_query(ctx, {"from", "to"}, fields);
        auto from = query_day(ctx, "from", fields);
        auto to = query_day(ctx, "to", fields);
        if (from && to) {
          const auto days = std::chrono::duration_cast<std::chrono::hours>(*parse_iso8601(*to) -
                                                                           *parse_iso8601(*from))
                                .count() /
                            24;
          if (days < 0) fields.push_back({"to", "must not be before from"});
          if (days >= kMaxEfficiencyDays) fields.push_back({"to", "at most 366 days after from"});
        }
        if (!fields.empty()) return problem_response(Error::invalid(std::move(fields)));
        auto rows = s->nests().efficiency(app_principal(ctx), *from, *to);
        if (!rows.ok()) return problem_response(rows.error());
        json items = json::array();
        for (const auto& r : *rows) items.push_back(efficiency_row_json(r));
        return json_response({{"from", *from},
                              {"to", *to},
                              {"goal_now", kUtilisationGoalNow},
                              {"goal_target", kUtilisationGoalTarget},
                              {"items", std::move(items)}});
      });
  router.add({.method = "GET",
              .path = "/api/v1/nests/{id}",
              .permission = app::Permission::kRead,
              .summary = "One nest with its parts per job",
              .tag = "nests",
              .response_schema = schemas::ref("Nest")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               return respond(s->nests().get(app_principal(ctx), id), nest_json);
             }));
  router.add({.method = "POST",
              .path = "/api/v1/nests/{id}/start",
              .permission = app::Permission::kOperateNests,
              .summary = "Start a posted or stopped program on its laser (sent to Sigmanest as "
                         "SN73N)",
              .tag = "nests",
              .body_type = "application/json",
              .request_schema = {{"type", "object"}},
              .response_schema = schemas::ref("Nest")},
             id_action(
                 body_or_empty, {}, [](JsonReader&) { return 0; },
                 [s](const app::Principal& who, int64_t id, int) {
                   return s->nests().start_program(who, id);
                 },
                 nest_json));
  router.add({.method = "POST",
              .path = "/api/v1/nests/{id}/stop",
              .permission = app::Permission::kOperateNests,
              .summary = "Stop (pause) a started program; cut_seconds: cutting time so far "
                         "(sent to Sigmanest as SN73N)",
              .tag = "nests",
              .body_type = "application/json",
              .request_schema = cut_seconds_schema(),
              .response_schema = schemas::ref("Nest")},
             id_action(
                 body_or_empty, {"cut_seconds"}, read_cut_seconds,
                 [s](const app::Principal& who, int64_t id, int64_t seconds) {
                   return s->nests().stop_program(who, id, seconds);
                 },
                 nest_json));
  router.add({.method = "POST",
              .path = "/api/v1/nests/{id}/done",
              .permission = app::Permission::kOperateNests,
              .summary = "Mark a started or stopped program cut: consumes its sheets, adds the "
                         "pieces to the jobs; cut_seconds: actual cutting time (sent to "
                         "Sigmanest as SN73C + SN70)",
              .tag = "nests",
              .body_type = "application/json",
              .request_schema = cut_seconds_schema(),
              .response_schema = schemas::ref("Nest")},
             id_action(
                 body_or_empty, {"cut_seconds"}, read_cut_seconds,
                 [s](const app::Principal& who, int64_t id, int64_t seconds) {
                   return s->nests().finish_program(who, id, seconds);
                 },
                 [](const app::CutResult& r) { return nest_json(r.nest); }));
  router.add(
      {.method = "POST",
       .path = "/api/v1/nests/{id}/reject",
       .permission = app::Permission::kOperateNests,
       .summary = "Reject pieces of a part on a program not yet cut: they leave the program and "
                  "Sigmanest nests them again (SN78R); job_id when the part is there for several "
                  "jobs",
       .tag = "nests",
       .body_type = "application/json",
       .request_schema = {{"type", "object"},
                          {"required", {"part_id", "pieces", "reason"}},
                          {"properties",
                           {{"part_id", {{"type", "integer"}, {"minimum", 1}}},
                            {"job_id", {{"type", "integer"}, {"minimum", 1}}},
                            {"pieces", {{"type", "integer"}, {"minimum", 1}}},
                            {"reason", {{"type", "string"}, {"maxLength", 200}}}}}},
       .response_schema = schemas::ref("Nest")},
      id_action(
          body_as_sent, {"part_id", "job_id", "pieces", "reason"},
          [](JsonReader& r) {
            app::RejectPartInput in;
            in.part_id = r.integer("part_id", true, 1).value_or(0);
            in.job_id = r.integer("job_id", false, 1).value_or(0);
            in.pieces = r.integer("pieces", true, 1).value_or(0);
            in.reason = r.string("reason", true, 200).value_or("");
            return in;
          },
          [s](const app::Principal& who, int64_t id, const app::RejectPartInput& in) {
            return s->nests().reject_part(who, id, in);
          },
          nest_json));
  router.add({.method = "DELETE",
              .path = "/api/v1/nests/{id}",
              .permission = app::Permission::kOperateNests,
              .summary = "Delete a posted or stopped program (sent to Sigmanest as SN74)",
              .tag = "nests",
              .success_status = 204},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               return respond(s->nests().remove_program(app_principal(ctx), id));
             }));
  router.add({.method = "GET",
              .path = "/api/v1/laser/queue",
              .permission = app::Permission::kRead,
              .summary = "The laser NC queue: programs not yet cut, per laser in queue order "
                         "(unassigned last), with sheet, heat lot, jobs and planned start",
              .tag = "nests",
              .query_params = {{"work_center_id", "integer", "only this laser", false}},
              .response_schema = schemas::ref("LaserQueue")},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {"work_center_id"}, fields);
               auto wc = query_id(ctx, "work_center_id", fields);
               if (!fields.empty()) return problem_response(Error::invalid(std::move(fields)));
               auto entries = s->nests().laser_queue(app_principal(ctx), wc);
               if (!entries.ok()) return problem_response(entries.error());
               json items = json::array();
               for (const auto& e : *entries) items.push_back(laser_queue_entry_json(e));
               return json_response({{"items", std::move(items)}});
             });
}

}  // namespace kerf::api
