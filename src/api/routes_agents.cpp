// /api/v1/agents: the agent threads with their trace (app/agent_ledger.h, read by every
// authenticated user), the assistant (POST /agents/ask) and the agents' status through
// app::AgentsPort (null port: 503 naming why). docs/api.md "Agents".
#include "app_common.h"
#include "kerf/app/agent_ledger.h"
#include "kerf/app/agents_port.h"

namespace kerf::api {
namespace {

using nlohmann::json;

json thread_json(const app::AgentThreadRow& t) { return app::json_of(t); }

const json kAskSchema = {
    {"type", "object"},
    {"required", {"question"}},
    {"properties", {{"question", {{"type", "string"}, {"minLength", 1}, {"maxLength", 2000}}}}}};

constexpr const char* kAgentsOff =
    "the agents are not running on this server (agents.enabled = false or KERF_AGENTS=false)";

std::string check_thread_filter(const std::string& name, const std::string& value) {
  static const std::vector<std::string> kStatuses = {"running", "interrupted", "done", "tripped",
                                                     "failed"};
  if (name == "status" && std::find(kStatuses.begin(), kStatuses.end(), value) == kStatuses.end()) {
    return "unknown status '" + value + "'";
  }
  return "";
}

// {thread, steps, state, next}: state and next from the latest checkpoint (null and [] when the
// thread has none yet).
Response thread_detail(app::Services& s, const app::Principal& who, const std::string& id) {
  auto thread = s.agents().thread(who, id);
  if (!thread.ok()) return problem_response(thread.error());
  auto steps = s.agents().steps(who, id);
  if (!steps.ok()) return problem_response(steps.error());
  json out = {{"thread", app::json_of(*thread)}, {"steps", json::array()}};
  for (const auto& step : *steps) out["steps"].push_back(app::json_of(step));
  out["state"] = json();
  out["next"] = json::array();
  auto checkpoint = s.agents().latest_checkpoint(who, id);
  if (checkpoint.ok()) {
    const json& doc = checkpoint->document;
    if (doc.is_object() && doc.contains("state")) out["state"] = doc["state"];
    if (doc.is_object() && doc.contains("next") && doc["next"].is_array()) {
      out["next"] = doc["next"];
    }
  } else if (checkpoint.error().code != ErrorCode::kNotFound) {
    return problem_response(checkpoint.error());
  }
  return json_response(out);
}

}  // namespace

void register_agent_routes(Router& router, app::Services& services, app::AgentsPort* agents) {
  app::Services* s = &services;
  static const ListSpec spec{
      .sort_fields = {"updated_at", "created_at"},
      .filters = {{"status", FilterKind::kText}, {"agent", FilterKind::kText}},
      .check = check_thread_filter};
  auto list = [s](const app::Principal& who, const store::ListQuery& q) {
    return s->agents().threads(who, q);
  };
  router.add({.method = "GET",
              .path = "/api/v1/agents/threads",
              .summary = "Agent threads, newest first; filters status (running, interrupted, "
                         "done, tripped, failed) and agent",
              .tag = "agents",
              .query_params = list_query_docs(spec),
              .response_schema = schemas::list_of("AgentThread")},
             list_handler(spec, list, thread_json));
  // Thread ids contain a slash ("material/evt-812"): the client percent-encodes it (%2F) so the
  // id is one path segment.
  router.add({.method = "GET",
              .path = "/api/v1/agents/threads/{id}",
              .summary = "One agent thread with its trace (every node execution: input, tool "
                         "calls, output, tokens, time) and its latest checkpoint's state and "
                         "next nodes",
              .tag = "agents",
              .response_schema = schemas::ref("AgentThreadDetail"),
              .path_tail = true},
             [s](RequestContext& ctx) -> Response {
               auto it = ctx.path_params.find("id");
               const std::string id = it == ctx.path_params.end() ? "" : it->second;
               if (id.empty() || id.size() > 200) {
                 return problem_response(Error::invalid("id", "must be a thread id (1..200)"));
               }
               return thread_detail(*s, app_principal(ctx), id);
             });
  router.add({.method = "POST",
              .path = "/api/v1/agents/ask",
              .summary = "Ask the assistant agent a free-text question (\"why is J-24072 late "
                         "and what can we do?\"): deterministic answers without a model, tool "
                         "calls over read-only kerf tools with one. 503 when the agents are off",
              .tag = "agents",
              .body_type = "application/json",
              .request_schema = kAskSchema,
              .blocking = true,
              .response_schema = schemas::ref("AskAnswer")},
             [agents](RequestContext& ctx) -> Response {
               auto question = read_json(ctx.json, {"question"}, [](JsonReader& r) {
                 std::string q;
                 if (auto v = r.string("question", true, 2000)) {
                   if (v->find_first_not_of(" \t\r\n") == std::string::npos) {
                     r.add("question", "must not be empty");
                   }
                   q = *v;
                 }
                 return q;
               });
               if (!question.ok()) return problem_response(question.error());
               if (agents == nullptr) return problem_response(503, kAgentsOff);
               return respond(agents->ask(app_principal(ctx), *question),
                              [](const json& j) { return j; });
             });
  router.add({.method = "GET",
              .path = "/api/v1/agents/status",
              .summary = "The agents' status: enabled, the language model (configured, model, "
                         "why not), breakers, outbox cursor, last poll and error, threads per "
                         "status. 503 when the agents are off",
              .tag = "agents",
              .response_schema = schemas::ref("AgentStatus")},
             [agents](RequestContext&) -> Response {
               if (agents == nullptr) return problem_response(503, kAgentsOff);
               return json_response(agents->status());
             });
}

}  // namespace kerf::api
