// The Scheduler specialist.
//  - Rush order (job.created / job.updated of a job at a rush priority): two what-if runs, the
//    job at its priority and at the normal one; the other jobs whose end moves later by more
//    than rush_moved_threshold_s are "moved". Gate rush_needs_approval -> approval rush_order
//    (action {job_id, priority}) and the thread waits; else a note and the end. After the
//    decision it checks the job's priority and ends with the outcome.
//  - Work center down: a what-if re-sequencing of the shop recorded as a proposal with the
//    bottleneck (no gate: the scheduler's repair proposal exists already).
#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

std::string moved_text(int64_t n) { return std::to_string(n) + (n == 1 ? " job" : " jobs"); }

Result<NodeResult> assess_rush(Toolbox& box, NodeContext& ctx, const Json& trigger) {
  NodeResult r;
  const int64_t job_id = int_at(at(trigger, "payload"), "id");
  int64_t priority = int_at(at(trigger, "job"), "priority");
  if (priority == 0) priority = int_at(at(trigger, "payload"), "priority");
  if (job_id <= 0 || priority <= 0) {
    r.update["outcome"] = "nothing to assess: the trigger names no job with a priority";
    return r;
  }
  auto w = box.call(ctx, "what_if_priority", {{"job_id", job_id}, {"priority", priority}});
  if (!w.ok()) return w.error();
  const Json job = at(*w, "job");
  const std::string number = str_at(job, "job_number");
  const GateThresholds& g = box.settings().gates;
  if (int_at(job, "priority") > g.rush_priority) {
    r.update["outcome"] = "job " + number + " is no longer a rush (priority " +
                          std::to_string(int_at(job, "priority")) + ")";
    return r;
  }
  const int64_t moved = int_at(*w, "moved_count");
  const bool gate = rush_needs_approval(g, moved);
  Json analysis = *w;
  analysis["gate"] = gate;
  r.update["analysis"] = analysis;
  r.update["proposals"] = Json::array({{{"kind", "rush_order"},
                                        {"title", "Rush " + number + " moves " + moved_text(moved)},
                                        {"job_id", job_id},
                                        {"priority", priority},
                                        {"moved_jobs", moved},
                                        {"run_id", at(at(*w, "what_if"), "run_id")},
                                        {"needs_approval", gate}}});
  if (!gate) {
    const std::string note = "rush " + number + " moves " + moved_text(moved) + " (at most " +
                             std::to_string(g.rush_max_moved_jobs) +
                             " without approval): no approval needed";
    r.update["notes"] = Json::array({note});
    r.update["outcome"] = note;
  }
  return r;
}

Result<NodeResult> assess_down(Toolbox& box, NodeContext& ctx, const Json& trigger) {
  NodeResult r;
  const Json wc = at(trigger, "work_center");
  const int64_t wc_id = int_at(wc, "id", int_at(at(trigger, "payload"), "id"));
  auto run = box.call(ctx, "what_if_run", Json::object());
  if (!run.ok()) return run.error();
  auto b = box.call(ctx, "bottleneck", {{"days", 7}});
  if (!b.ok()) return b.error();
  const std::string code = str_at(wc, "code", "work center " + std::to_string(wc_id));
  const Json before = at(*run, "metrics_before"), after = at(*run, "metrics_after");
  const std::string title = "Re-sequence around " + code + " (down): late jobs " +
                            std::to_string(int_at(before, "late_jobs")) + " -> " +
                            std::to_string(int_at(after, "late_jobs"));
  r.update["analysis"] = {{"what_if", *run}, {"bottleneck", at(*b, "bottleneck")}};
  r.update["proposals"] = Json::array({{{"kind", "resequence"},
                                        {"title", title},
                                        {"work_center_id", wc_id},
                                        {"run_id", at(*run, "run_id")},
                                        {"metrics_before", before},
                                        {"metrics_after", after},
                                        {"bottleneck", at(*b, "bottleneck")}}});
  r.update["outcome"] = "proposal: " + title + " (what-if run " +
                        std::to_string(int_at(*run, "run_id")) +
                        "; the scheduler's repair proposal is there to commit)";
  return r;
}

Result<NodeResult> assess(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  const std::string topic = str_at(trigger, "topic");
  if (topic == "job.created" || topic == "job.updated") return assess_rush(box, ctx, trigger);
  if (topic == "work_center.updated") return assess_down(box, ctx, trigger);
  NodeResult r;
  r.update["outcome"] = "nothing for the scheduler in " + (topic.empty() ? "this trigger" : topic);
  return r;
}

Result<NodeResult> request_rush_approval(Toolbox& box, NodeContext& ctx) {
  const Json a = at(ctx.state, "analysis");
  const Json job = at(a, "job");
  const int64_t job_id = int_at(job, "job_id");
  const int64_t priority = int_at(a, "priority");
  const Json moved = a.value("moved_jobs", Json::array());
  const std::string number = str_at(job, "job_number");
  ApprovalRequest req;
  req.gate = "rush_order";
  req.dedupe_key =
      "rush_order/job-" + std::to_string(job_id) + "/priority-" + std::to_string(priority);
  req.title = "Rush " + number + " moves " + moved_text(static_cast<int64_t>(moved.size()));
  const Json wi = at(a, "what_if");
  auto zone = box.plant_zone();
  if (!zone.ok()) return zone.error();
  std::string text =
      "Job " + number + " (" + str_at(job, "customer") + ", due " +
      when_text(*zone, str_at(job, "due")) + ") at priority " + std::to_string(priority) +
      " finishes " +
      (str_at(a, "job_end_after").empty() ? std::string("outside the planning calendars")
                                          : when_text(*zone, str_at(a, "job_end_after"))) +
      " and, against the plan without it, delays " +
      moved_text(static_cast<int64_t>(moved.size())) + " by more than " +
      hours_text(box.settings().gates.rush_moved_threshold_s / 3600.0) + " h (what-if run " +
      std::to_string(int_at(wi, "run_id")) + "; late jobs " +
      std::to_string(int_at(at(wi, "metrics_before"), "late_jobs")) + " -> " +
      std::to_string(int_at(at(wi, "metrics_after"), "late_jobs")) + ").";
  req.summary = explain(ctx, text, {{"job", job}, {"moved_jobs", moved}, {"what_if", wi}});
  req.evidence = {{"job", job}, {"what_if", wi}, {"moved_jobs", moved}};
  req.action = {{"job_id", job_id}, {"priority", priority}};
  req.job_ids.push_back(job_id);
  for (const auto& m : moved) req.job_ids.push_back(int_at(m, "job_id"));
  req.reason = "rush order " + number + " moves " + moved_text(static_cast<int64_t>(moved.size())) +
               ": waiting for a planner";
  return open_and_wait(box, ctx, req);
}

Result<NodeResult> after_rush_decision(Toolbox& box, NodeContext& ctx) {
  return decision_outcome(box, ctx, [&](const Json& approval) -> Result<std::string> {
    const Json action = approval.value("applied_action", Json()).is_object()
                            ? approval["applied_action"]
                            : approval.value("action", Json::object());
    const int64_t job_id = int_at(action, "job_id");
    auto plan = box.call(ctx, "job_plan", {{"job_id", job_id}});
    if (!plan.ok()) return plan.error();
    const int64_t want = int_at(action, "priority"), have = int_at(*plan, "priority");
    return std::string("job ") + str_at(*plan, "job_number") + " is at priority " +
           std::to_string(have) + (have == want ? "" : " (expected " + std::to_string(want) + ")");
  });
}

}  // namespace

std::shared_ptr<const Graph> make_scheduler_graph(Toolbox& box) {
  return one_gate_graph(
      "scheduler", "assess", [&box](NodeContext& ctx) { return assess(box, ctx); },
      [&box](NodeContext& ctx) { return request_rush_approval(box, ctx); },
      [&box](NodeContext& ctx) { return after_rush_decision(box, ctx); });
}

}  // namespace kerf::agents
