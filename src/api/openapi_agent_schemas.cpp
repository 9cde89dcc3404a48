// Response schemas of the approvals and agents routes (routes_approvals.cpp, routes_agents.cpp,
// agent_json.cpp), member for member. Evidence and actions are per-gate documents
// (docs/approvals.md); verdict and decided_by are "" while pending; the checkpoint state is the
// agent graph's own; the status document
// comes from the agents runtime: those are open objects.
#include "openapi_schema_helpers.h"
#include "openapi_schemas.h"

namespace kerf::api::schemas {

using detail::array_of;
using detail::boolean;
using detail::closed;
using detail::date_time;
using detail::integer;
using detail::nullable;
using detail::object;
using detail::string;
using detail::strings;
using nlohmann::json;

namespace {

json open_object() { return {{"type", "object"}}; }
json any_value() { return json::object(); }

}  // namespace

json approval() {
  return closed({{"id", integer()},
                 {"gate", ref("GateKind")},
                 {"status", ref("ApprovalStatus")},
                 {"role", ref("Role")},
                 {"thread_id", string()},
                 {"title", string()},
                 {"summary", string()},
                 {"evidence", open_object()},
                 {"action", open_object()},
                 {"applied_action", nullable(open_object())},
                 {"job_ids", array_of(integer())},
                 {"verdict", strings({"", "approve", "reject", "edit"})},
                 {"comment", string()},
                 {"decided_by", string()},
                 {"decided_at", nullable(date_time())},
                 {"error", string()},
                 {"created_at", date_time()}});
}

json approval_counts() {
  return closed({{"pending", integer()},
                 {"by_gate", {{"type", "object"}, {"additionalProperties", integer()}}}});
}

json agent_thread() {
  return closed({{"id", string()},
                 {"agent", string()},
                 {"status", ref("AgentThreadStatus")},
                 {"reason", string()},
                 {"trigger", string()},
                 {"step", integer()},
                 {"approval_id", nullable(integer())},
                 {"llm_calls", integer()},
                 {"tokens", integer()},
                 {"created_at", date_time()},
                 {"updated_at", date_time()}});
}

json agent_step() {
  json call = closed(
      {{"tool", string()}, {"arguments", any_value()}, {"result", any_value()}, {"ok", boolean()}});
  return closed({{"step", integer()},
                 {"node", string()},
                 {"input", any_value()},
                 {"output", any_value()},
                 {"tool_calls", array_of(call)},
                 {"llm_calls", integer()},
                 {"tokens", integer()},
                 {"started_at", date_time()},
                 {"duration_ms", integer()},
                 {"error", string()}});
}

json agent_thread_detail() {
  return closed({{"thread", ref("AgentThread")},
                 {"steps", array_of(ref("AgentStep"))},
                 {"state", any_value()},
                 {"next", array_of(string())}});
}

json ask_answer() {
  return object({{"thread_id", string()},
                 {"status", string()},
                 {"answer", string()},
                 {"used_model", boolean()},
                 {"facts", any_value()}},
                {"thread_id", "status", "answer", "used_model"});
}

json agent_status() {
  json llm = {{"type", "object"},
              {"required", {"configured"}},
              {"properties",
               {{"configured", boolean()}, {"model", nullable(string())}, {"reason", string()}}}};
  return {{"type", "object"},
          {"required", {"enabled", "llm"}},
          {"properties",
           {{"enabled", boolean()},
            {"llm", llm},
            {"breakers", any_value()},
            {"cursor", nullable(integer())},
            {"last_poll_at", nullable(date_time())},
            {"last_error", string()},
            {"threads", {{"type", "object"}, {"additionalProperties", nullable(integer())}}}}}};
}

json agent_components() {
  return {{"GateKind", strings({"rush_order", "overtime", "quality_hold", "material_shortage",
                                "customer_escalation"})},
          {"ApprovalStatus", strings({"pending", "approved", "rejected", "failed", "expired"})},
          {"AgentThreadStatus", strings({"running", "interrupted", "done", "tripped", "failed"})},
          {"Approval", approval()},
          {"ApprovalCounts", approval_counts()},
          {"AgentThread", agent_thread()},
          {"AgentStep", agent_step()},
          {"AgentThreadDetail", agent_thread_detail()},
          {"AskAnswer", ask_answer()},
          {"AgentStatus", agent_status()}};
}

}  // namespace kerf::api::schemas
