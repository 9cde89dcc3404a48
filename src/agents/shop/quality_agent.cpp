// The Quality specialist. Trigger: operation.completed with scrap (payload id, job_id,
// qty_scrap, scrap_reasons).
//  - A critical defect (is_critical_defect on the reason codes): the suspect jobs (same heat
//    lots, same part in process; suspect_jobs) and the part's 7-day scrap series
//    (scrap_trend) -> approval quality_hold (ApprovalService::open places the containment hold
//    on the jobs; action {job_ids, disposition: "release"}, a person may edit it to "scrap"),
//    one per defect report (dedupe "quality_hold/op-<operation>/evt-<event>"), and the thread
//    waits. After the decision it checks the jobs are released (or cancelled for scrap).
//  - Otherwise: the 7-day scrap rates of the part, the work center and the operator against
//    the shop's; a rate at least kTrendFactor times the shop's (with at least kTrendMinScrap
//    pieces) becomes a proposal note. No gate.
#include <string>
#include <vector>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

// A group's 7-day scrap rate this many times the shop's is a trend worth a note...
constexpr double kTrendFactor = 2.0;
// ...when it scrapped at least this many pieces.
constexpr int64_t kTrendMinScrap = 3;

std::vector<std::string> codes_of(const Json& payload) {
  std::vector<std::string> out;
  for (const auto& c : payload.value("scrap_reasons", Json::array())) {
    if (c.is_string()) out.push_back(c.get<std::string>());
  }
  return out;
}

std::string join(const std::vector<std::string>& v) {
  std::string s;
  for (const auto& x : v) s += (s.empty() ? "" : ", ") + x;
  return s;
}

std::string percent(double rate) { return hours_text(rate * 100.0) + " %"; }

Result<NodeResult> trend_check(Toolbox& box, NodeContext& ctx, const Json& payload,
                               const Json& defect) {
  NodeResult r;
  Json notes = Json::array();
  Json proposals = Json::array();
  struct Axis {
    const char* by;
    int64_t key;
  };
  const Json wc = at(defect, "work_center");
  std::vector<Axis> axes = {{"part", int_at(defect, "part_id")}};
  if (wc.is_object()) axes.push_back({"work_center", int_at(wc, "id")});
  if (int_at(defect, "operator_id") > 0)
    axes.push_back({"operator", int_at(defect, "operator_id")});
  for (const auto& axis : axes) {
    auto trend = box.call(ctx, "scrap_trend", {{"by", axis.by}, {"key", axis.key}, {"days", 7}});
    if (!trend.ok()) return trend.error();
    const double shop_rate = num_at(at(*trend, "shop"), "rate");
    for (const auto& g : trend->value("groups", Json::array())) {
      const double rate = num_at(g, "rate");
      if (int_at(g, "scrap") < kTrendMinScrap || rate < kTrendFactor * shop_rate || rate <= 0) {
        continue;
      }
      const std::string title = std::string("Scrap trend: ") + axis.by + " " + str_at(g, "label") +
                                " scrapped " + percent(rate) + " over 7 days (shop " +
                                percent(shop_rate) + ")";
      proposals.push_back({{"kind", "quality_trend"},
                           {"title", title},
                           {"by", axis.by},
                           {"key", axis.key},
                           {"label", at(g, "label")},
                           {"rate", rate},
                           {"shop_rate", shop_rate},
                           {"scrap", at(g, "scrap")},
                           {"completed", at(g, "completed")},
                           {"reasons", at(g, "reasons")},
                           {"series", at(*trend, "series")},
                           {"needs_approval", false}});
      notes.push_back(title);
    }
  }
  const std::string codes = join(codes_of(payload));
  if (proposals.empty()) {
    r.update["outcome"] = "scrap of " + std::to_string(int_at(payload, "qty_scrap")) +
                          " piece(s) (" + codes + ") is not critical and shows no trend";
  } else {
    r.update["proposals"] = proposals;
    r.update["notes"] = notes;
    r.update["outcome"] = "scrap (" + codes + ") is not critical; " +
                          std::to_string(proposals.size()) + " trend note(s) proposed";
  }
  return r;
}

Result<NodeResult> assess(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  const Json payload = at(trigger, "payload");
  NodeResult r;
  const int64_t job_id = int_at(payload, "job_id");
  if (int_at(payload, "qty_scrap") <= 0 || job_id == 0) {
    r.update["outcome"] = "no scrap reported";
    return r;
  }
  Json args = {{"job_id", job_id}};
  if (int_at(payload, "id") > 0) args["operation_id"] = int_at(payload, "id");
  auto suspects = box.call(ctx, "suspect_jobs", args);
  if (!suspects.ok()) return suspects.error();
  const Json defect = at(*suspects, "defect");
  const std::vector<std::string> codes = codes_of(payload);
  if (!is_critical_defect(box.settings().gates, codes)) {
    return trend_check(box, ctx, payload, defect);
  }
  auto trend = box.call(ctx, "scrap_trend",
                        {{"by", "part"}, {"key", int_at(defect, "part_id")}, {"days", 7}});
  if (!trend.ok()) return trend.error();
  Json suspect_jobs = Json::array();
  for (const auto& s : suspects->value("items", Json::array())) {
    if (str_at(s, "status") == "on_hold") continue;  // already held by someone
    suspect_jobs.push_back({{"job_id", at(s, "job_id")},
                            {"job_number", at(s, "job_number")},
                            {"heat_number", at(s, "heat_number")},
                            {"why", at(s, "why")}});
  }
  Json defect_evidence = {{"job_id", job_id},
                          {"job_number", at(defect, "job_number")},
                          {"operation_id", at(defect, "operation_id")},
                          {"operation", at(defect, "operation")},
                          {"work_center", at(defect, "work_center")},
                          {"operator", at(defect, "operator_id")},
                          {"codes", codes},
                          {"qty_scrap", int_at(payload, "qty_scrap")}};
  Json analysis = {{"defect", defect_evidence},
                   {"trend", trend->value("series", Json::array())},
                   {"suspect_jobs", suspect_jobs},
                   {"heat_numbers", at(*suspects, "heat_numbers")},
                   {"gate", !suspect_jobs.empty()}};
  r.update["analysis"] = analysis;
  const std::string what =
      "critical defect (" + join(codes) + ") on " + str_at(defect, "job_number");
  if (suspect_jobs.empty()) {
    r.update["outcome"] = what + ": no open job left to hold";
    r.update["notes"] = Json::array({r.update["outcome"]});
    return r;
  }
  r.update["proposals"] = Json::array(
      {{{"kind", "quality_hold"},
        {"title", "Hold " + std::to_string(suspect_jobs.size()) + " suspect job(s) after " + what},
        {"job_ids",
         [&] {
           Json ids = Json::array();
           for (const auto& s : suspect_jobs) ids.push_back(at(s, "job_id"));
           return ids;
         }()},
        {"needs_approval", true}}});
  return r;
}

Result<NodeResult> request_hold(Toolbox& box, NodeContext& ctx) {
  const Json a = at(ctx.state, "analysis");
  const Json defect = at(a, "defect");
  std::vector<int64_t> job_ids;
  std::string numbers;
  for (const auto& s : a.value("suspect_jobs", Json::array())) {
    job_ids.push_back(int_at(s, "job_id"));
    numbers += (numbers.empty() ? "" : ", ") + str_at(s, "job_number");
  }
  std::vector<std::string> codes;
  for (const auto& c : defect.value("codes", Json::array())) codes.push_back(c.get<std::string>());
  const Json trigger = at(ctx.state, "trigger");
  ApprovalRequest req;
  req.gate = "quality_hold";
  req.dedupe_key =
      "quality_hold/op-" + std::to_string(int_at(defect, "operation_id")) + "/" +
      (int_at(trigger, "event_id") > 0 ? "evt-" + std::to_string(int_at(trigger, "event_id"))
                                       : "job-" + std::to_string(int_at(defect, "job_id")));
  req.title = "Quality hold: " + join(codes) + " on " + str_at(defect, "job_number") + " (" +
              std::to_string(job_ids.size()) + " suspect jobs)";
  const std::string wc = at(defect, "work_center").is_object()
                             ? " on " + str_at(at(defect, "work_center"), "code")
                             : "";
  const std::string heats = [&] {
    std::string h;
    for (const auto& n : a.value("heat_numbers", Json::array())) {
      h += (h.empty() ? "" : ", ") + n.get<std::string>();
    }
    return h;
  }();
  const std::string text =
      std::to_string(int_at(defect, "qty_scrap")) + " piece(s) of " + str_at(defect, "job_number") +
      " were scrapped with critical code(s) " + join(codes) + " at " + str_at(defect, "operation") +
      wc + ". Jobs " + numbers + " share its heat lot(s)" +
      (heats.empty() ? "" : " (" + heats + ")") +
      " or its part and are on a containment hold until you release them or scrap them.";
  req.summary = explain(ctx, text, a);
  req.evidence = {
      {"defect", defect}, {"trend", at(a, "trend")}, {"suspect_jobs", at(a, "suspect_jobs")}};
  req.action = {{"job_ids", job_ids}, {"disposition", "release"}};
  req.job_ids = job_ids;
  req.reason = "critical defect on " + str_at(defect, "job_number") +
               ": containment hold waiting for quality";
  return open_and_wait(box, ctx, req);
}

Result<NodeResult> after_hold_decision(Toolbox& box, NodeContext& ctx) {
  return decision_outcome(box, ctx, [&](const Json& approval) -> Result<std::string> {
    const Json action = approval.value("applied_action", Json()).is_object()
                            ? approval["applied_action"]
                            : approval.value("action", Json::object());
    const std::string disposition = str_at(action, "disposition");
    const std::string expected = disposition == "scrap" ? "cancelled" : "";
    int64_t matching = 0, total = 0;
    for (const auto& id : action.value("job_ids", Json::array())) {
      ++total;
      auto job = box.call(ctx, "job_material", {{"job_id", id}});
      if (!job.ok()) return job.error();
      const std::string status = str_at(*job, "status");
      if (expected.empty() ? status != "on_hold" : status == expected) ++matching;
    }
    return std::to_string(matching) + " of " + std::to_string(total) + " jobs " +
           (disposition == "scrap" ? "cancelled (scrapped)" : "released from the hold");
  });
}

// A rejected hold releases the jobs too (ApprovalService): the outcome says what it found.
Result<NodeResult> after_decision(Toolbox& box, NodeContext& ctx) {
  auto r = after_hold_decision(box, ctx);
  if (!r.ok()) return r;
  const Json decision = at(ctx.state, "decision");
  if (str_at(decision, "verdict") == "reject") {
    const Json a = at(ctx.state, "analysis");
    int64_t released = 0, total = 0;
    for (const auto& s : a.value("suspect_jobs", Json::array())) {
      ++total;
      auto job = box.call(ctx, "job_material", {{"job_id", at(s, "job_id")}});
      if (job.ok() && str_at(*job, "status") != "on_hold") ++released;
    }
    r->update["outcome"] = r->update["outcome"].get<std::string>() + "; " +
                           std::to_string(released) + " of " + std::to_string(total) +
                           " jobs released";
  }
  return r;
}

}  // namespace

std::shared_ptr<const Graph> make_quality_graph(Toolbox& box) {
  return one_gate_graph(
      "quality", "assess", [&box](NodeContext& ctx) { return assess(box, ctx); },
      [&box](NodeContext& ctx) { return request_hold(box, ctx); },
      [&box](NodeContext& ctx) { return after_decision(box, ctx); });
}

}  // namespace kerf::agents
