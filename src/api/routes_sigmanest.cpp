// Sigmanest sync routes (app/sigmanest_ledger.h): the sync's status, the outbound queue (one
// row per TransAct row kerf sends) with retry of failed/lost/refused rows, and the sync log.
#include "app_common.h"
#include "kerf/app/sigmanest_ledger.h"
#include "kerf/core/time_format.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json time_or_null(const std::optional<TimePoint>& t) {
  return t ? json(format_iso8601(*t)) : json(nullptr);
}

constexpr std::array kOutboundStatuses = {
    app::OutboundStatus::kQueued,  app::OutboundStatus::kSent,   app::OutboundStatus::kConsumed,
    app::OutboundStatus::kApplied, app::OutboundStatus::kFailed, app::OutboundStatus::kLost,
    app::OutboundStatus::kRefused};

json status_json(const app::SigmanestStatus& st) {
  json counts = json::object();
  for (auto s : kOutboundStatuses) {
    const std::string name(app::to_string(s));
    auto it = st.outbound.find(name);
    counts[name] = it == st.outbound.end() ? 0 : it->second;
  }
  return {{"enabled", st.enabled},
          {"gateway", st.gateway},
          {"outbound", std::move(counts)},
          {"oldest_sent_age_s", st.oldest_sent_age_s ? json(*st.oldest_sent_age_s) : json(nullptr)},
          {"simtrans_stopped", st.simtrans_stopped},
          {"inbound_packets", st.inbound_packets},
          {"feedback_high_water", st.feedback_high_water},
          {"last_poll_at", time_or_null(st.last_poll_at)},
          {"last_error", st.last_error}};
}

json outbound_json(const app::OutboundRow& r) {
  json columns = json::object();
  for (const auto& [k, v] : r.columns) columns[k] = v;
  return {{"id", r.id},
          {"trans_id", r.trans_id},
          {"trans_type", r.trans_type},
          {"district", r.district},
          {"columns", std::move(columns)},
          {"status", app::to_string(r.status)},
          {"entity", r.entity},
          {"entity_id", r.entity_id},
          {"event_id", r.event_id},
          {"error", r.error},
          {"attempts", r.attempts},
          {"created_at", format_iso8601(r.created_at)},
          {"sent_at", time_or_null(r.sent_at)},
          {"updated_at", time_or_null(r.updated_at)}};
}

json sync_entry_json(const store::SigmanestSyncEntry& e) {
  return {{"id", e.id},
          {"at", format_iso8601(e.at)},
          {"direction", e.direction},
          {"kind", e.kind},
          {"external_ref", e.external_ref},
          {"entity", e.entity},
          {"entity_id", e.entity_id},
          {"status", e.status},
          {"message", e.message}};
}

}  // namespace

void register_sigmanest_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  router.add({.method = "GET",
              .path = "/api/v1/sigmanest/status",
              .permission = app::Permission::kRead,
              .summary = "Sigmanest sync status: gateway, last poll, SimTrans stopped, outbound "
                         "rows per status, feedback high-water mark",
              .tag = "sigmanest",
              .response_schema = schemas::ref("SigmanestStatus")},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {}, fields);
               if (!fields.empty()) return problem_response(Error::invalid(std::move(fields)));
               return respond(s->sigmanest().status(app_principal(ctx)), status_json);
             });
  static const ListSpec outbound_spec{
      .filters = {{"status", FilterKind::kText},
                  {"trans_type", FilterKind::kText},
                  {"entity", FilterKind::kText}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        if (name == "status" && !app::parse_outbound_status(value).ok()) {
          return "unknown outbound status '" + value + "'";
        }
        return "";
      }};
  auto outbound = [s](const app::Principal& who, const store::ListQuery& q) {
    return s->sigmanest().outbound(who, q);
  };
  router.add({.method = "GET",
              .path = "/api/v1/sigmanest/outbound",
              .permission = app::Permission::kRead,
              .summary = "Outbound queue: TransAct rows kerf sent or will send (filters status, "
                         "trans_type, entity)",
              .tag = "sigmanest",
              .query_params = list_query_docs(outbound_spec),
              .response_schema = schemas::list_of("SigmanestOutboundRow")},
             list_handler(outbound_spec, outbound, outbound_json));
  router.add({.method = "POST",
              .path = "/api/v1/sigmanest/outbound/{id}/retry",
              .permission = app::Permission::kSigmanestRetry,
              .summary = "Queue a failed, lost or refused row again (409 for other statuses)",
              .tag = "sigmanest",
              .response_schema = schemas::ref("SigmanestOutboundRow")},
             with_id([s](RequestContext& ctx, int64_t id) -> Response {
               return respond(s->sigmanest().retry(app_principal(ctx), id), outbound_json);
             }));
  static const ListSpec log_spec{
      .sort_fields = {"occurred_at"},
      .filters = {{"direction", FilterKind::kText},
                  {"kind", FilterKind::kText},
                  {"status", FilterKind::kText},
                  {"external_ref", FilterKind::kText},
                  {"entity", FilterKind::kText}},
      .check = [](const std::string& name, const std::string& value) -> std::string {
        if (name == "direction" && value != "import" && value != "export") {
          return "must be import or export";
        }
        if (name == "status" && value != "ok" && value != "error" && value != "skipped") {
          return "must be ok, error or skipped";
        }
        return "";
      },
      .search = true,
      .date_range = true};
  auto log = [s](const app::Principal& who, const store::ListQuery& q) {
    return s->sigmanest().sync_log(who, q);
  };
  router.add({.method = "GET",
              .path = "/api/v1/sigmanest/sync-log",
              .permission = app::Permission::kRead,
              .summary = "Sigmanest sync log (filters direction, kind, status, external_ref, "
                         "entity; q over reference and message)",
              .tag = "sigmanest",
              .query_params = list_query_docs(log_spec),
              .response_schema = schemas::list_of("SigmanestSyncEntry")},
             list_handler(log_spec, log, sync_entry_json));
  router.add({.method = "GET",
              .path = "/api/v1/sigmanest/remnants",
              .permission = app::Permission::kRead,
              .summary = "Sigmanest remnants in kerf's stock with the name Sigmanest knows them "
                         "by (the newest name per sheet), by sheet id",
              .tag = "sigmanest",
              .response_schema = schemas::ref("SigmanestRemnants")},
             [s](RequestContext& ctx) -> Response {
               std::vector<FieldError> fields;
               reject_unknown_query(ctx, {}, fields);
               if (!fields.empty()) return problem_response(Error::invalid(std::move(fields)));
               return respond(s->sigmanest().remnants_in_stock(app_principal(ctx)),
                              [](const std::vector<store::SigmanestRemnant>& remnants) {
                                json items = json::array();
                                for (const auto& r : remnants) {
                                  items.push_back({{"name", r.name},
                                                   {"sheet_id", r.sheet_id},
                                                   {"recorded_at", format_iso8601(r.recorded_at)}});
                                }
                                return json{{"items", std::move(items)}};
                              });
             });
}

}  // namespace kerf::api
