// Pieces every specialist graph shares (private to the agents module): the common channels,
// the fallback node, opening an approval and parking the thread on it, routing after a
// decision, and the optional model-written summary.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/shop/toolbox.h"

namespace kerf::agents::shop {

// trigger, decision, approval_id, outcome, breaker (replace); proposals, notes (append);
// analysis (replace: the specialist's evidence so far).
StateSchema specialist_schema();

// The fallback node (a breaker tripped): writes outcome "stopped: <breaker reason>". Calls no
// tool and no model.
NodeFn fallback_node();

struct ApprovalRequest {
  std::string gate;        // rush_order, overtime, ...
  std::string dedupe_key;  // one approval per key
  std::string title;
  std::string summary;
  Json evidence;
  Json action;
  std::vector<int64_t> job_ids;
  std::string reason;  // the interrupt's readable reason
};

// Opens the approval (open_approval tool) and parks the thread on it when it is pending and
// this thread's; when the key already belongs to another thread's pending approval, or the
// approval was decided already, it ends with an outcome saying so (nothing is opened twice).
Result<NodeResult> open_and_wait(Toolbox& box, NodeContext& ctx, const ApprovalRequest& request);

// Router after an approval node: `next` when a decision was written (the thread resumed), else
// the end.
Router after_approval(std::string next);

// Router after a node that assesses: `next` when it set analysis.gate (an approval is needed),
// else the end.
Router when_gate(std::string next);

// The one-gate specialist: the entry node `entry` (assess) writes analysis.gate; when it is
// true `request_approval` opens the approval and waits; the resumed thread runs
// `after_decision`; a tripped breaker runs the fallback node.
std::shared_ptr<Graph> one_gate_graph(const std::string& agent, const std::string& entry,
                                      NodeFn assess, NodeFn request, NodeFn after_decision);

// The outcome after a decision: reads the approval (approval_status) and describes it;
// `on_applied` adds what to check when it was applied (approve/edit) and may return the text.
Result<NodeResult> decision_outcome(
    Toolbox& box, NodeContext& ctx,
    const std::function<Result<std::string>(const Json& approval)>& on_applied);

// A readable paragraph for a person: the model's explanation of `facts` when a model is
// configured and the budget allows (one call), else `deterministic`. Never decides anything.
std::string explain(NodeContext& ctx, const std::string& deterministic, const Json& facts);

// "1.5", "12" (hours, without trailing zeros).
std::string hours_text(double h);

// An ISO 8601 instant for a sentence, in plant time as the web shows it: "2026-11-30 09:00
// plant time" (`zone`: Toolbox::plant_zone(); text that is no instant stays as is).
std::string when_text(const TimeZone& zone, const std::string& iso);

}  // namespace kerf::agents::shop
