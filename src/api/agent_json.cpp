#include "agent_json.h"

#include <string>

#include "kerf/core/time_format.h"

namespace kerf::api {

using nlohmann::json;

json approval_json(const app::Approval& a) {
  return {{"id", a.id},
          {"gate", std::string(app::to_string(a.gate))},
          {"status", std::string(app::to_string(a.status))},
          {"role", std::string(model::to_string(a.role))},
          {"thread_id", a.thread_id},
          {"title", a.title},
          {"summary", a.summary},
          {"evidence", a.evidence.is_object() ? a.evidence : json::object()},
          {"action", a.action.is_object() ? a.action : json::object()},
          {"applied_action", a.applied_action.is_object() ? a.applied_action : json()},
          {"job_ids", a.job_ids},
          {"verdict", a.verdict.empty() ? json() : json(a.verdict)},
          {"comment", a.comment},
          {"decided_by", a.decided_by.empty() ? json() : json(a.decided_by)},
          {"decided_at", a.decided_at ? json(format_iso8601(*a.decided_at)) : json()},
          {"error", a.error},
          {"created_at", format_iso8601(a.created_at)}};
}

json thread_json(const app::AgentThreadRow& t) {
  return {{"id", t.id},
          {"agent", t.agent},
          {"status", t.status},
          {"reason", t.reason},
          {"trigger", t.trigger},
          {"step", t.step},
          {"approval_id", t.approval_id > 0 ? json(t.approval_id) : json()},
          {"llm_calls", t.llm_calls},
          {"tokens", t.tokens},
          {"created_at", format_iso8601(t.created_at)},
          {"updated_at", format_iso8601(t.updated_at)}};
}

json step_json(const app::AgentStepRow& s) {
  json calls = json::array();
  if (s.tool_calls.is_array()) {
    for (const auto& c : s.tool_calls) {
      calls.push_back({{"tool", c.value("tool", "")},
                       {"arguments", c.contains("arguments") ? c["arguments"] : json()},
                       {"result", c.contains("result") ? c["result"] : json()},
                       {"ok", c.value("ok", false)}});
    }
  }
  return {{"step", s.step},
          {"node", s.node},
          {"input", s.input},
          {"output", s.output},
          {"tool_calls", std::move(calls)},
          {"llm_calls", s.llm_calls},
          {"tokens", s.tokens},
          {"started_at", format_iso8601(s.started_at)},
          {"duration_ms", s.duration_ms},
          {"error", s.error}};
}

}  // namespace kerf::api
