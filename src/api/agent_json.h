// JSON of the agents' records for the API (routes_approvals.cpp, routes_agents.cpp): the
// "Approval", "AgentThread" and "AgentStep" schemas of openapi_agent_schemas.cpp, member for
// member.
#pragma once

#include <nlohmann/json.hpp>

#include "kerf/app/agent_ledger.h"
#include "kerf/app/approval_service.h"

namespace kerf::api {

// {id, gate, status, role, thread_id, title, summary, evidence, action, applied_action, job_ids,
//  verdict, comment, decided_by, decided_at, error, created_at}
nlohmann::json approval_json(const app::Approval& a);
// {id, agent, status, reason, trigger, step, approval_id, llm_calls, tokens, created_at,
//  updated_at}; approval_id null when none.
nlohmann::json thread_json(const app::AgentThreadRow& t);
// {step, node, input, output, tool_calls, llm_calls, tokens, started_at, duration_ms, error}
nlohmann::json step_json(const app::AgentStepRow& s);

}  // namespace kerf::api
