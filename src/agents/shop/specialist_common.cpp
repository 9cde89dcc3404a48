#include "agents/shop/specialist_common.h"

#include <cmath>
#include <cstdio>

#include "agents/shop/shop_util.h"
#include "kerf/agents/graph/runner.h"
#include "kerf/agents/llm/client.h"
#include "kerf/core/time_zone.h"

namespace kerf::agents::shop {

StateSchema specialist_schema() {
  StateSchema s;
  for (const char* name :
       {"trigger", "decision", "approval_id", "outcome", "breaker", "analysis"}) {
    (void)s.add({name, Reducer::kReplace, Json()});
  }
  for (const char* name : {"proposals", "notes"}) {
    (void)s.add({name, Reducer::kAppend, Json::array()});
  }
  return s;
}

NodeFn fallback_node() {
  return [](NodeContext& ctx) -> Result<NodeResult> {
    NodeResult r;
    std::string why = ctx.state.value("breaker", Json()).is_string()
                          ? ctx.state["breaker"].get<std::string>()
                          : "a circuit breaker tripped";
    r.update["outcome"] = "stopped: " + why;
    return r;
  };
}

Result<NodeResult> open_and_wait(Toolbox& box, NodeContext& ctx, const ApprovalRequest& request) {
  Json args = {
      {"gate", request.gate},     {"thread_id", ctx.thread_id}, {"dedupe_key", request.dedupe_key},
      {"title", request.title},   {"summary", request.summary}, {"evidence", request.evidence},
      {"action", request.action}, {"job_ids", request.job_ids}};
  auto a = box.call(ctx, "open_approval", args);
  if (!a.ok()) return a.error();
  const int64_t id = int_at(*a, "id");
  const std::string status = str_at(*a, "status");
  const std::string owner = str_at(*a, "thread_id");
  NodeResult r;
  r.update["approval_id"] = id;
  if (status == "pending" && owner == ctx.thread_id) {
    r.update["notes"] =
        Json::array({"approval " + std::to_string(id) + " opened: " + request.title});
    Interrupt i;
    i.reason = request.reason;
    i.approval_id = id;
    i.payload = {{"approval_id", id}, {"gate", request.gate}, {"title", request.title}};
    r.interrupt = i;
    return r;
  }
  std::string outcome;
  if (status == "pending") {
    outcome = "approval " + std::to_string(id) + " for this is already open (thread " + owner +
              "): nothing opened twice";
  } else {
    outcome = "approval " + std::to_string(id) + " for this was already " + status +
              (str_at(*a, "decided_by").empty() ? "" : " by " + str_at(*a, "decided_by")) +
              ": nothing opened twice";
  }
  r.update["outcome"] = outcome;
  r.update["notes"] = Json::array({outcome});
  return r;
}

Router after_approval(std::string next) {
  return [next](const Json& state) -> std::vector<std::string> {
    if (state.value("decision", Json()).is_object()) return {next};
    return {kEnd};
  };
}

Router when_gate(std::string next) {
  return [next](const Json& state) -> std::vector<std::string> {
    if (at(at(state, "analysis"), "gate") == Json(true)) return {next};
    return {kEnd};
  };
}

std::shared_ptr<Graph> one_gate_graph(const std::string& agent, const std::string& entry,
                                      NodeFn assess, NodeFn request, NodeFn after_decision) {
  auto g = std::make_shared<Graph>(agent, specialist_schema());
  g->add_node(entry, std::move(assess));
  g->add_node("request_approval", std::move(request));
  g->add_node("after_decision", std::move(after_decision));
  g->add_node("fallback", fallback_node());
  g->set_entry(entry);
  g->set_fallback("fallback");
  g->add_conditional_edges(entry, when_gate("request_approval"));
  g->add_conditional_edges("request_approval", after_approval("after_decision"));
  return g;
}

Result<NodeResult> decision_outcome(
    Toolbox& box, NodeContext& ctx,
    const std::function<Result<std::string>(const Json& approval)>& on_applied) {
  const Json decision = ctx.state.value("decision", Json::object());
  int64_t id = int_at(decision, "approval_id");
  if (id == 0) id = int_at(ctx.state, "approval_id");
  auto a = box.call(ctx, "approval_status", {{"approval_id", id}});
  if (!a.ok()) return a.error();
  const std::string status = str_at(*a, "status");
  const std::string who = str_at(*a, "decided_by", str_at(decision, "decided_by"));
  const std::string comment = str_at(*a, "comment", str_at(decision, "comment"));
  std::string outcome;
  if (status == "approved") {
    outcome = "approved by " + who + (str_at(*a, "verdict") == "edit" ? " (edited)" : "");
    auto checked = on_applied(*a);
    if (!checked.ok()) return checked.error();
    if (!checked->empty()) outcome += ": " + *checked;
  } else if (status == "rejected") {
    outcome = "rejected by " + who + (comment.empty() ? "" : ": " + comment);
  } else if (status == "failed") {
    outcome = "approved by " + who + " but could not be applied: " + str_at(*a, "error");
  } else if (status == "expired") {
    outcome = "expired: the condition cleared before a decision";
  } else {
    outcome = "approval " + std::to_string(id) + " is " + status;
  }
  NodeResult r;
  r.update["outcome"] = outcome;
  r.update["notes"] = Json::array({outcome});
  return r;
}

std::string explain(NodeContext& ctx, const std::string& deterministic, const Json& facts) {
  // The model only writes prose; without one, or with its budget used up, the facts speak.
  if (!ctx.llm || !check_budget(ctx).ok()) return deterministic;
  ChatRequest req;
  req.messages.push_back(
      {"system",
       "You explain a sheet-metal shop's planning proposal to a person who must decide it. "
       "Write one short paragraph in plain language from the facts given; do not invent "
       "numbers; do not decide.",
       {},
       "",
       ""});
  req.messages.push_back(
      {"user", "Proposal: " + deterministic + "\nFacts: " + facts.dump(), {}, "", ""});
  req.tool_choice = "none";
  auto resp = ctx.llm->chat(req, ctx.budget);
  if (!resp.ok() || resp->message.content.empty()) return deterministic;
  return deterministic + "\n\n" + resp->message.content;
}

std::string when_text(const TimeZone& zone, const std::string& iso) {
  auto t = parse_iso8601(iso);
  if (!t.ok()) return iso;
  const std::string local = format_local_iso8601(*t, zone);  // 2026-11-30T09:00:00+01:00
  return local.substr(0, 10) + " " + local.substr(11, 5) + " plant time";
}

std::string hours_text(double h) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f", std::round(h * 100) / 100);
  std::string s = buf;
  while (!s.empty() && s.back() == '0') s.pop_back();
  if (!s.empty() && s.back() == '.') s.pop_back();
  return s;
}

}  // namespace kerf::agents::shop
