// The Dispatch specialist: when something changes on the floor (an operation completed, a work
// center went down) it proposes the next job for each affected work center from its dispatch
// list. Proposals only (no gate, nothing applied): the floor decides.
//  - operation.completed: the work centers of the completed operation's slots and of the job's
//    next open operation;
//  - work_center.updated (down/maintenance): the other available work centers of its
//    department, which take its work.
#include <set>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

// Work center ids of the completed operation's slots and of the next open operation's slots (or
// its eligible work centers' slots when it has none yet).
Result<std::vector<int64_t>> affected_by_completion(Toolbox& box, NodeContext& ctx,
                                                    const Json& payload) {
  const int64_t op_id = int_at(payload, "id");
  auto plan = box.call(ctx, "job_plan", {{"job_id", int_at(payload, "job_id")}});
  if (!plan.ok()) return plan.error();
  std::vector<int64_t> out;
  std::set<int64_t> seen;
  auto take = [&](const Json& op) {
    for (const auto& s : op.value("slots", Json::array())) {
      const int64_t wc = int_at(s, "work_center_id");
      if (wc > 0 && seen.insert(wc).second) out.push_back(wc);
    }
  };
  bool after_completed = false, next_taken = false;
  for (const auto& op : plan->value("operations", Json::array())) {
    if (int_at(op, "operation_id") == op_id) {
      take(op);
      after_completed = true;
      continue;
    }
    if (after_completed && !next_taken && str_at(op, "status") != "complete") {
      take(op);
      next_taken = true;
    }
  }
  return out;
}

Result<std::vector<int64_t>> affected_by_down(Toolbox& box, NodeContext& ctx, const Json& trigger) {
  const Json wc = at(trigger, "work_center");
  const int64_t down_id = int_at(wc, "id", int_at(at(trigger, "payload"), "id"));
  auto state = box.call(ctx, "work_center_state", {{"work_center_id", down_id}});
  if (!state.ok()) return state.error();
  auto peers = box.call(ctx, "work_centers", {{"department", str_at(*state, "department")}});
  if (!peers.ok()) return peers.error();
  std::vector<int64_t> out;
  for (const auto& w : peers->value("work_centers", Json::array())) {
    if (int_at(w, "id") == down_id || str_at(w, "status") != "available") continue;
    out.push_back(int_at(w, "id"));
  }
  return out;
}

Result<NodeResult> propose(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  const std::string topic = str_at(trigger, "topic");
  Result<std::vector<int64_t>> affected = std::vector<int64_t>{};
  if (topic == "operation.completed") {
    affected = affected_by_completion(box, ctx, at(trigger, "payload"));
  } else if (topic == "work_center.updated") {
    affected = affected_by_down(box, ctx, trigger);
  }
  if (!affected.ok()) return affected.error();
  NodeResult r;
  Json proposals = Json::array();
  std::string codes;
  for (int64_t wc : *affected) {
    auto list = box.call(ctx, "dispatch_list", {{"work_center_id", wc}, {"limit", 3}});
    if (!list.ok()) return list.error();
    const Json items = list->value("items", Json::array());
    auto state = box.call(ctx, "work_center_state", {{"work_center_id", wc}});
    if (!state.ok()) return state.error();
    const std::string code = str_at(*state, "code");
    if (items.empty()) continue;
    const Json& next = items.front();
    proposals.push_back(
        {{"kind", "dispatch"},
         {"title", code + ": next " + str_at(next, "job_number") + " " + str_at(next, "op_name")},
         {"work_center_id", wc},
         {"work_center", code},
         {"next", next},
         {"queue", list->value("total", Json(items.size()))}});
    codes += (codes.empty() ? "" : ", ") + code + " -> " + str_at(next, "job_number");
  }
  if (!proposals.empty()) r.update["proposals"] = proposals;
  r.update["outcome"] =
      codes.empty() ? "no affected work center has work queued" : "next jobs proposed: " + codes;
  return r;
}

}  // namespace

std::shared_ptr<const Graph> make_dispatch_graph(Toolbox& box) {
  auto g = std::make_shared<Graph>("dispatch", specialist_schema());
  g->add_node("propose", [&box](NodeContext& ctx) { return propose(box, ctx); });
  g->add_node("fallback", fallback_node());
  g->set_entry("propose");
  g->set_fallback("fallback");
  return g;
}

}  // namespace kerf::agents
