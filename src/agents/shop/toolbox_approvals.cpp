// Approval tools: open an approval (the one acting tool: never offered to the model; the gate
// decides, a person applies) and read one's status.
#include "agents/shop/shop_util.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/approval_service.h"
#include "kerf/app/services.h"

namespace kerf::agents {

// JSON of an approval as the agents see it: the API's shape (app::json_of) plus its dedupe key.
Json approval_json(const app::Approval& a) {
  Json out = app::json_of(a);
  out["dedupe_key"] = a.dedupe_key;
  return out;
}

namespace {

using app::agent_principal;
using namespace shop;

Result<Json> open_approval(Toolbox& box, const Json& args) {
  auto gate = app::parse_gate_kind(str_at(args, "gate"), "arguments.gate");
  if (!gate.ok()) return gate.error();
  app::ApprovalInput in;
  in.gate = *gate;
  in.thread_id = str_at(args, "thread_id");
  in.dedupe_key = str_at(args, "dedupe_key");
  in.title = str_at(args, "title");
  in.summary = str_at(args, "summary");
  in.evidence = at(args, "evidence");
  in.action = at(args, "action");
  for (const auto& id : args.value("job_ids", Json::array()))
    in.job_ids.push_back(id.get<int64_t>());
  auto a = box.services().approvals().open(agent_principal(), in);
  if (!a.ok()) return a.error();
  return approval_json(*a);
}

Result<Json> approval_status(Toolbox& box, const Json& args) {
  auto a = box.services().approvals().get(agent_principal(), int_at(args, "approval_id"));
  if (!a.ok()) return a.error();
  return approval_json(*a);
}

Json text_prop(int64_t max) { return {{"type", "string"}, {"maxLength", max}}; }

}  // namespace

void add_approval_tools(Toolbox& box) {
  box.add(
      {{"open_approval",
        "Opens a pending approval for a person to decide (gate, evidence, proposed action). "
        "Opening the same dedupe_key again returns the first approval.",
        object_schema({{"gate",
                        {{"type", "string"},
                         {"enum",
                          {"rush_order", "overtime", "quality_hold", "material_shortage",
                           "customer_escalation"}}}},
                       {"thread_id", text_prop(200)},
                       {"dedupe_key", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
                       {"title", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
                       {"summary", text_prop(4000)},
                       {"evidence", {{"type", "object"}}},
                       {"action", {{"type", "object"}}},
                       {"job_ids", {{"type", "array"}, {"items", {{"type", "integer"}}}}}},
                      {"gate", "thread_id", "dedupe_key", "title", "evidence", "action"})},
       false,
       [&box](const Json& a) { return open_approval(box, a); }});
  box.add(
      {{"approval_status",
        "An approval: its gate, status (pending, approved, rejected, failed, expired), "
        "decision and what was applied.",
        object_schema({{"approval_id", int_prop("approval id", 1, INT64_MAX)}}, {"approval_id"})},
       true,
       [&box](const Json& a) { return approval_status(box, a); }});
}

}  // namespace kerf::agents
