// The shop's agents as graphs. The supervisor routes a trigger (a domain event or a scan) to
// the specialists concerned; each specialist is a subgraph that gathers evidence through tools,
// decides with plain C++ rules (gates.h), opens an approval and interrupts when a gate holds,
// and after the decision checks the effect and ends. With a model, nodes may ask it for the
// readable explanation (summary) of a proposal; the decision never depends on it.
//
// State channels every specialist declares (besides its own): "trigger" (replace: {kind,
// event_id, topic, payload} or {kind: "scan", scan}), "decision" (replace, written by
// Runner::resume), "proposals" (append: [{kind, title, ...}]), "approval_id" (replace),
// "outcome" (replace: readable end), "breaker" (replace: reason when tripped), "notes"
// (append).
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/shop/toolbox.h"

namespace kerf::agents {

// Specialist graph names (also the agent names in threads): "scheduler", "dispatch",
// "capacity", "material", "quality", "customer", "assistant"; the router is "supervisor".
std::shared_ptr<const Graph> make_scheduler_graph(Toolbox& box);
std::shared_ptr<const Graph> make_dispatch_graph(Toolbox& box);
std::shared_ptr<const Graph> make_capacity_graph(Toolbox& box);
std::shared_ptr<const Graph> make_material_graph(Toolbox& box);
std::shared_ptr<const Graph> make_quality_graph(Toolbox& box);
std::shared_ptr<const Graph> make_customer_graph(Toolbox& box);
std::shared_ptr<const Graph> make_assistant_graph(Toolbox& box);

// Which specialists a trigger concerns (the supervisor's routing table, deterministic):
// job.created/job.updated with a rush priority -> scheduler (+ customer); operation.completed
// with scrap -> quality; material.below_safety_stock / material.consumed -> material;
// work_center.updated down -> dispatch + scheduler; schedule.committed -> customer; scans:
// "capacity" -> capacity, "material" -> material, "eta" -> customer. `trigger` as in the
// "trigger" channel.
std::vector<std::string> route_trigger(const Json& trigger, const GateThresholds& t);

}  // namespace kerf::agents
