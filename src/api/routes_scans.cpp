// POST /api/v1/stations/{code}/scans: a barcode/RFID scan at a scan station (docs/scan_format.md).
#include "app_common.h"
#include "kerf/app/scan_service.h"
#include "openapi_schema_helpers.h"
#include "openapi_schemas.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json scan_json(const app::ScanOutcome& o) {
  json op = nullptr;
  json job = nullptr;
  if (o.operation) {
    op = app::json_of(o.operation->operation);
    job = app::json_of(o.operation->job);
  }
  return {{"station", o.station},
          {"code", o.code},
          {"outcome", o.outcome},
          {"operation_id", o.operation_id ? json(*o.operation_id) : json(nullptr)},
          {"operator_id", o.operator_id ? json(*o.operator_id) : json(nullptr)},
          {"message", o.message},
          {"operation", op},
          {"job", job}};
}

json scan_schema() {
  using schemas::ref;
  using namespace schemas::detail;
  return closed({{"station", string()},
                 {"code", string()},
                 {"outcome",
                  {{"type", "string"},
                   {"enum", {"operator_set", "quantity_set", "started", "resumed", "completed"}}}},
                 {"operation_id", nullable(integer())},
                 {"operator_id", nullable(integer())},
                 {"message", string()},
                 {"operation", {{"anyOf", json::array({ref("Operation"), {{"type", "null"}}})}}},
                 {"job", {{"anyOf", json::array({ref("Job"), {{"type", "null"}}})}}}});
}

}  // namespace

void register_scan_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  router.add(
      {.method = "POST",
       .path = "/api/v1/stations/{code}/scans",
       .permission = app::Permission::kScanAtStation,
       .summary = "A scan at a barcode/RFID station (badge, OP-<id> or QTY:<n>)",
       .tag = "stations",
       .body_type = "application/json",
       .request_schema = {{"type", "object"},
                          {"required", {"code"}},
                          {"properties", {{"code", {{"type", "string"}, {"maxLength", 128}}}}}},
       .response_schema = scan_schema()},
      [s](RequestContext& ctx) -> Response {
        auto in = read_json(body_as_sent(ctx), {"code"}, [](JsonReader& r) {
          return r.string("code", true, app::kMaxScanLength);
        });
        if (!in.ok()) return problem_response(in.error());
        const std::string& station = ctx.path_params["code"];
        return respond(s->scans().scan(station, in.value().value_or("")), scan_json);
      });
}

}  // namespace kerf::api
