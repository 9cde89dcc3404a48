// /api/v1/approvals: the human approval gates' inbox (app/approval_service.h). Every
// authenticated user lists the approvals routed to one of their roles (admin: all); the routed
// role or admin decides. docs/api.md "Approvals", docs/approvals.md (evidence and actions).
#include "app_common.h"
#include "kerf/app/approval_service.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json approval_json(const app::Approval& a) { return app::json_of(a); }

const json kDecisionSchema = {
    {"type", "object"},
    {"required", {"verdict"}},
    {"properties",
     {{"verdict", {{"type", "string"}, {"enum", {"approve", "reject", "edit"}}}},
      {"comment", {{"type", "string"}, {"maxLength", 2000}}},
      {"action", {{"type", "object"}}}}}};

// Text filters of the list: known gate and status names only.
std::string check_approval_filter(const std::string& name, const std::string& value) {
  if (name == "gate" && !app::parse_gate_kind(value).ok()) return "unknown gate '" + value + "'";
  if (name == "status" && !app::parse_approval_status(value).ok()) {
    return "unknown status '" + value + "'";
  }
  return "";
}

// {verdict, comment, action}: verdict one of approve/reject/edit; action (an object) only with
// edit, where it is required; comment required for reject and edit (the service checks it too).
Result<app::DecisionInput> read_decision(const json& body, int64_t id) {
  return read_json(body, {"verdict", "comment", "action"}, [&](JsonReader& r) {
    app::DecisionInput in;
    in.approval_id = id;
    if (auto v = r.string("verdict", true, 16)) {
      if (*v != "approve" && *v != "reject" && *v != "edit") {
        r.add("verdict", "must be approve, reject or edit");
      }
      in.verdict = *v;
    }
    if (auto c = r.string("comment", false, 2000)) in.comment = *c;
    if (body.is_object() && body.contains("action") && !body["action"].is_null()) {
      if (!body["action"].is_object()) {
        r.add("action", "must be an object");
      } else if (in.verdict != "edit") {
        r.add("action", "only with verdict edit");
      } else {
        in.edited_action = body["action"];
      }
    } else if (in.verdict == "edit") {
      r.add("action", "required with verdict edit");
    }
    if ((in.verdict == "reject" || in.verdict == "edit") && in.comment.empty()) {
      r.add("comment", "required with verdict " + in.verdict);
    }
    return in;
  });
}

}  // namespace

void register_approval_routes(Router& router, app::Services& services) {
  app::Services* s = &services;
  static const ListSpec spec{.sort_fields = {"created_at"},
                             .filters = {{"status", FilterKind::kText},
                                         {"gate", FilterKind::kText},
                                         {"thread_id", FilterKind::kText}},
                             .check = check_approval_filter};
  auto list = [s](const app::Principal& who, const store::ListQuery& q) {
    return s->approvals().list(who, q);
  };
  router.add({.method = "GET",
              .path = "/api/v1/approvals",
              .summary = "Approvals routed to one of the caller's roles (admin: all), newest "
                         "first; filters status (pending...), gate, thread_id",
              .tag = "approvals",
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("Approval")},
             list_handler(spec, list, approval_json));
  router.add({.method = "GET",
              .path = "/api/v1/approvals/counts",
              .summary = "Pending approvals visible to the caller, in total and per gate (the "
                         "inbox badge)",
              .tag = "approvals",
              .response_schema = schemas::ref("ApprovalCounts")},
             [s](RequestContext& ctx) {
               return respond(s->approvals().counts(app_principal(ctx)),
                              [](const json& j) { return j; });
             });
  router.add({.method = "GET",
              .path = "/api/v1/approvals/{id}",
              .summary = "One approval with its evidence and proposed action (404 when not "
                         "routed to one of the caller's roles)",
              .tag = "approvals",
              .response_schema = schemas::ref("Approval")},
             with_id([s](RequestContext& ctx, int64_t id) {
               return respond(s->approvals().get(app_principal(ctx), id), approval_json);
             }));
  router.add({.method = "POST",
              .path = "/api/v1/approvals/{id}/decision",
              .permission = app::Permission::kDecideApprovals,
              .summary = "Decide a pending approval: approve, reject (comment required) or edit "
                         "(comment and the edited action required); applies the action in the "
                         "same transaction and resumes the agent thread. 409 when not pending, "
                         "403 when the approval is routed to another role",
              .tag = "approvals",
              .body_type = "application/json",
              .request_schema = kDecisionSchema,
              .response_schema = schemas::ref("Approval")},
             with_id([s](RequestContext& ctx, int64_t id) {
               auto in = read_decision(ctx.json, id);
               if (!in.ok()) return problem_response(in.error());
               return respond(s->approvals().decide(app_principal(ctx), *in), approval_json);
             }));
}

}  // namespace kerf::api
