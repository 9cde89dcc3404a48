// The Material specialist. Trigger: material.below_safety_stock or material.consumed (payload
// material, thickness_mm), or the "material" scan (trigger material/thickness_mm, else the
// materials/thicknesses below their safety minimum, furthest below first, one after the other).
// For each it reads stock (stock_levels), the
// open jobs' demand (demand), substitutes (equivalent_materials) and the reorder quantity
// (reorder_suggestion). When the stock is below safety (below_safety_stock) and jobs need it:
//  - a substitute with spare stock (available - its own safety) covering the jobs' sheets
//    -> approval material_shortage (action {material, thickness_mm, substitute_material,
//    substitute_thickness_mm, job_ids, reorder_sheets}), one per material/thickness and day
//    (dedupe "material_shortage/<material>/<thickness>/<day>"), and the thread waits;
//  - none -> a reorder proposal (no gate) and the end.
// After the decision it checks the jobs' substitute fields (job_material) and ends.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

// Items one scan thread handles (each may wait for its own approval).
constexpr size_t kMaxItems = 6;

std::string thickness_text(double mm) { return hours_text(mm) + " mm"; }

// The materials/thicknesses to assess: the trigger's, else (scan) every one below its safety
// minimum, furthest below first (at most kMaxItems).
Result<Json> targets_of(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  Json source = at(trigger, "payload");
  if (str_at(source, "material").empty()) source = trigger;
  if (!str_at(source, "material").empty() && at(source, "thickness_mm").is_number()) {
    return Json::array({{{"material", str_at(source, "material")},
                         {"thickness_mm", num_at(source, "thickness_mm")}}});
  }
  auto levels = box.call(ctx, "stock_levels", Json::object());
  if (!levels.ok()) return levels.error();
  std::vector<std::pair<int64_t, Json>> short_items;
  for (const auto& l : levels->value("items", Json::array())) {
    if (!below_safety_stock(int_at(l, "available"), int_at(l, "safety_minimum"))) continue;
    short_items.push_back(
        {int_at(l, "safety_minimum") - int_at(l, "available"),
         {{"material", at(l, "material")}, {"thickness_mm", at(l, "thickness_mm")}}});
  }
  std::stable_sort(short_items.begin(), short_items.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  Json out = Json::array();
  for (const auto& [deficit, t] : short_items) {
    if (out.size() >= kMaxItems) break;
    out.push_back(t);
  }
  return out;
}

Result<NodeResult> plan(Toolbox& box, NodeContext& ctx) {
  auto targets = targets_of(box, ctx);
  if (!targets.ok()) return targets.error();
  NodeResult r;
  r.update["analysis"] = {{"targets", *targets}, {"index", 0}, {"gate", false}};
  if (targets->empty()) r.update["outcome"] = "no material is below its safety stock";
  return r;
}

// The analysis with the next target current (gate off, the item's figures kept for the trace).
Json advanced(Json a) {
  a["index"] = int_at(a, "index") + 1;
  a["gate"] = false;
  return a;
}

Result<NodeResult> assess(Toolbox& box, NodeContext& ctx) {
  const Json plan_state = at(ctx.state, "analysis");
  const Json targets = plan_state.value("targets", Json::array());
  const size_t index = static_cast<size_t>(int_at(plan_state, "index"));
  NodeResult r;
  if (index >= targets.size()) return r;
  const Json* target = &targets[index];
  const std::string material = str_at(*target, "material");
  const double thickness = num_at(*target, "thickness_mm");
  const std::string what = material + " " + thickness_text(thickness);
  auto levels = box.call(ctx, "stock_levels", *target);
  if (!levels.ok()) return levels.error();
  const Json items = levels->value("items", Json::array());
  const Json level = items.empty() ? Json{{"available", 0}, {"safety_minimum", 0}} : items[0];
  const int64_t available = int_at(level, "available");
  const int64_t minimum = int_at(level, "safety_minimum");
  if (!below_safety_stock(available, minimum)) {
    r.update["analysis"] = advanced(plan_state);
    r.update["outcome"] = what + ": " + std::to_string(available) + " sheets on hand, safety " +
                          std::to_string(minimum) + ": no shortage";
    r.update["notes"] = Json::array({r.update["outcome"]});
    return r;
  }
  auto demand = box.call(ctx, "demand", *target);
  if (!demand.ok()) return demand.error();
  Json jobs = Json::array();
  int64_t demand_sheets = 0;
  for (const auto& d : demand->value("items", Json::array())) {
    demand_sheets += int_at(d, "sheets");
    for (const auto& j : d.value("jobs", Json::array())) jobs.push_back(j);
  }
  auto reorder = box.call(ctx, "reorder_suggestion", *target);
  if (!reorder.ok()) return reorder.error();
  const int64_t reorder_sheets = int_at(*reorder, "reorder_sheets");
  Json substitute;
  if (demand_sheets > 0) {
    auto equivalents = box.call(ctx, "equivalent_materials", *target);
    if (!equivalents.ok()) return equivalents.error();
    for (const auto& e : equivalents->value("items", Json::array())) {
      if (int_at(e, "spare") >= demand_sheets) {
        substitute = {{"material", at(e, "material")},
                      {"thickness_mm", at(e, "thickness_mm")},
                      {"available", at(e, "available")},
                      {"safety_minimum", at(e, "safety_minimum")},
                      {"spare", at(e, "spare")}};
        break;
      }
    }
    // No grade covers every job: the one with the most spare sheets covers the earliest-due
    // jobs it can (the rest stay on the reorder).
    const Json items = equivalents->value("items", Json::array());
    if (substitute.is_null() && !items.empty() && int_at(items[0], "spare") > 0) {
      const Json& e = items[0];
      Json by_due = jobs;
      std::stable_sort(by_due.begin(), by_due.end(), [](const Json& x, const Json& y) {
        return x.value("due", std::string()) < y.value("due", std::string());
      });
      Json covered = Json::array();
      int64_t sheets = 0;
      for (const auto& j : by_due) {
        const int64_t need = j.value("sheets", int64_t{0});
        if (sheets + need > int_at(e, "spare")) continue;
        sheets += need;
        covered.push_back(j);
      }
      if (!covered.empty()) {
        jobs = covered;
        demand_sheets = sheets;
        substitute = {{"material", at(e, "material")},
                      {"thickness_mm", at(e, "thickness_mm")},
                      {"available", at(e, "available")},
                      {"safety_minimum", at(e, "safety_minimum")},
                      {"spare", at(e, "spare")}};
      }
    }
  }
  Json analysis = plan_state;
  analysis.update(Json{{"material", material},
                       {"thickness_mm", thickness},
                       {"available", available},
                       {"safety_minimum", minimum},
                       {"demand_sheets", demand_sheets},
                       {"jobs", jobs},
                       {"substitute", substitute},
                       {"reorder_sheets", reorder_sheets},
                       {"gate", !substitute.is_null()}});
  r.update["analysis"] = substitute.is_null() ? advanced(analysis) : analysis;
  Json reorder_proposal = {
      {"kind", "reorder"},
      {"title", "Order " + std::to_string(reorder_sheets) + " sheets of " + what},
      {"material", material},
      {"thickness_mm", thickness},
      {"sheets", reorder_sheets},
      {"needs_approval", false}};
  if (substitute.is_null()) {
    std::string why = demand_sheets == 0
                          ? "no open job in the horizon needs it"
                          : "no equivalent material has " + std::to_string(demand_sheets) +
                                " spare sheets for the " + std::to_string(jobs.size()) +
                                " job(s) that need it";
    r.update["proposals"] = Json::array({reorder_proposal});
    r.update["outcome"] = what + " below safety stock (" + std::to_string(available) + " < " +
                          std::to_string(minimum) + "); " + why + ": reorder " +
                          std::to_string(reorder_sheets) + " sheets proposed";
    r.update["notes"] = Json::array({r.update["outcome"]});
    return r;
  }
  r.update["proposals"] = Json::array(
      {{{"kind", "substitution"},
        {"title", "Cut " + std::to_string(jobs.size()) + " job(s) from " +
                      str_at(substitute, "material") + " " +
                      thickness_text(num_at(substitute, "thickness_mm")) + " instead of " + what},
        {"material", material},
        {"thickness_mm", thickness},
        {"substitute", substitute},
        {"needs_approval", true}},
       reorder_proposal});
  return r;
}

Result<NodeResult> request_substitution(Toolbox& box, NodeContext& ctx) {
  const Json a = at(ctx.state, "analysis");
  const std::string material = str_at(a, "material");
  const double thickness = num_at(a, "thickness_mm");
  const Json sub = at(a, "substitute");
  const std::string what = material + " " + thickness_text(thickness);
  const std::string sub_what =
      str_at(sub, "material") + " " + thickness_text(num_at(sub, "thickness_mm"));
  std::vector<int64_t> job_ids;
  std::string numbers;
  for (const auto& j : a.value("jobs", Json::array())) {
    job_ids.push_back(int_at(j, "job_id"));
    numbers += (numbers.empty() ? "" : ", ") + str_at(j, "job_number");
  }
  ApprovalRequest req;
  req.gate = "material_shortage";
  req.dedupe_key = "material_shortage/" + material + "/" + hours_text(thickness) + "/" +
                   iso(ctx.clock.now()).substr(0, 10);
  req.title =
      "Substitute " + sub_what + " for " + what + " (" + std::to_string(job_ids.size()) + " jobs)";
  const std::string text =
      what + " is below its safety stock: " + std::to_string(int_at(a, "available")) +
      " sheets on hand, minimum " + std::to_string(int_at(a, "safety_minimum")) + ". Open jobs " +
      numbers + " need " + std::to_string(int_at(a, "demand_sheets")) + " sheets. " + sub_what +
      " has " + std::to_string(int_at(sub, "spare")) +
      " sheets above its own safety stock: cutting these jobs from it keeps " + what +
      " for what else needs it. Suggested reorder: " + std::to_string(int_at(a, "reorder_sheets")) +
      " sheets of " + what + ".";
  req.summary = explain(ctx, text, a);
  req.evidence = {{"material", material},
                  {"thickness_mm", thickness},
                  {"available", at(a, "available")},
                  {"safety_minimum", at(a, "safety_minimum")},
                  {"demand_sheets", at(a, "demand_sheets")},
                  {"substitute",
                   {{"material", at(sub, "material")},
                    {"thickness_mm", at(sub, "thickness_mm")},
                    {"available", at(sub, "available")}}},
                  {"jobs", at(a, "jobs")},
                  {"reorder_sheets", at(a, "reorder_sheets")}};
  req.action = {{"material", material},
                {"thickness_mm", thickness},
                {"substitute_material", at(sub, "material")},
                {"substitute_thickness_mm", at(sub, "thickness_mm")},
                {"job_ids", job_ids},
                {"reorder_sheets", at(a, "reorder_sheets")}};
  req.job_ids = job_ids;
  req.reason = what + " below safety stock: substitution waiting for a planner";
  auto opened = open_and_wait(box, ctx, req);
  if (opened.ok() && !opened->interrupt) {
    opened->update["analysis"] = advanced(a);
    opened->update["decision"] = nullptr;
  }
  return opened;
}

Result<NodeResult> after_substitution_decision(Toolbox& box, NodeContext& ctx) {
  auto r = decision_outcome(box, ctx, [&](const Json& approval) -> Result<std::string> {
    const Json action = approval.value("applied_action", Json()).is_object()
                            ? approval["applied_action"]
                            : approval.value("action", Json::object());
    int64_t set = 0, total = 0;
    for (const auto& id : action.value("job_ids", Json::array())) {
      ++total;
      auto job = box.call(ctx, "job_material", {{"job_id", id}});
      if (!job.ok()) return job.error();
      if (at(*job, "substitute_material") == at(action, "substitute_material") &&
          at(*job, "substitute_thickness_mm").is_number() &&
          std::abs(num_at(*job, "substitute_thickness_mm") -
                   num_at(action, "substitute_thickness_mm")) < 0.0005) {
        ++set;
      }
    }
    return std::to_string(set) + " of " + std::to_string(total) + " jobs now cut from " +
           str_at(action, "substitute_material") + " " +
           thickness_text(num_at(action, "substitute_thickness_mm"));
  });
  if (!r.ok()) return r;
  r->update["analysis"] = advanced(at(ctx.state, "analysis"));
  r->update["decision"] = nullptr;  // the next item's approval waits for its own
  return r;
}

// Next: the gate of the current item, the next item, or the end.
std::vector<std::string> next_item(const Json& state) {
  const Json a = at(state, "analysis");
  if (at(a, "gate") == Json(true)) return {"request_approval"};
  if (int_at(a, "index") < static_cast<int64_t>(a.value("targets", Json::array()).size())) {
    return {"assess"};
  }
  return {kEnd};
}

}  // namespace

std::shared_ptr<const Graph> make_material_graph(Toolbox& box) {
  auto g = std::make_shared<Graph>("material", specialist_schema());
  g->add_node("plan", [&box](NodeContext& ctx) { return plan(box, ctx); });
  g->add_node("assess", [&box](NodeContext& ctx) { return assess(box, ctx); });
  g->add_node("request_approval",
              [&box](NodeContext& ctx) { return request_substitution(box, ctx); });
  g->add_node("after_decision",
              [&box](NodeContext& ctx) { return after_substitution_decision(box, ctx); });
  g->add_node("fallback", fallback_node());
  g->set_entry("plan");
  g->set_fallback("fallback");
  g->add_conditional_edges("plan", next_item);
  g->add_conditional_edges("assess", next_item);
  g->add_conditional_edges("request_approval", [](const Json& state) -> std::vector<std::string> {
    if (at(state, "decision").is_object()) return {"after_decision"};
    return next_item(state);
  });
  g->add_conditional_edges("after_decision", next_item);
  return g;
}

}  // namespace kerf::agents
