// The Customer liaison. Triggers: schedule.committed, a rush job.created/job.updated, the "eta"
// scan. It reads the ETA of every open job of the VIP customers from the stored plan
// (job_eta, vip_only) and, per customer with jobs whose ETA passes the due date
// (vip_escalation), drafts a message — subject and body from a deterministic template; with a
// model the model writes the body from the same facts (the template is the fallback, the
// subject stays deterministic) — and opens an approval customer_escalation (action
// {customer_id, job_ids, subject, body, new_eta}; dedupe "customer_escalation/<customer>/<job
// numbers>/<new ETA day>", so an unchanged slip is not asked twice) and waits. After each
// decision it checks the approval was applied (the message recorded as sent) and moves to the
// next customer (at most kMaxCustomers per thread).
#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/llm/client.h"
#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

constexpr size_t kMaxCustomers = 6;

std::string day_of(const std::string& iso_text) { return iso_text.substr(0, 10); }

std::string slip_text(int64_t s) {
  if (s >= 86400) return hours_text(static_cast<double>(s) / 86400.0) + " day(s)";
  return hours_text(static_cast<double>(s) / 3600.0) + " h";
}

Result<NodeResult> assess(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  auto etas = box.call(ctx, "job_eta", {{"vip_only", true}});
  if (!etas.ok()) return etas.error();
  std::map<int64_t, Json> by_customer;  // customer id -> {customer, jobs}
  for (const auto& j : etas->value("items", Json::array())) {
    if (!at(j, "slip_s").is_number()) continue;
    if (!vip_escalation(box.settings().gates, at(j, "vip") == Json(true), int_at(j, "slip_s"))) {
      continue;
    }
    Json& c = by_customer[int_at(j, "customer_id")];
    if (c.is_null()) {
      c = {{"customer", {{"id", at(j, "customer_id")}, {"name", at(j, "customer")}, {"vip", true}}},
           {"jobs", Json::array()}};
    }
    c["jobs"].push_back({{"job_id", at(j, "job_id")},
                         {"job_number", at(j, "job_number")},
                         {"due", at(j, "due")},
                         {"eta", at(j, "eta")},
                         {"eta_not_before", at(j, "eta_not_before") == Json(true)},
                         {"slip_s", at(j, "slip_s")}});
  }
  Json customers = Json::array();
  for (auto& [id, c] : by_customer) {
    if (customers.size() >= kMaxCustomers) break;
    customers.push_back(c);
  }
  NodeResult r;
  r.update["analysis"] = {{"customers", customers}, {"index", 0}, {"gate", !customers.empty()}};
  if (customers.empty()) {
    r.update["outcome"] = "no VIP job's ETA passes its due date";
    return r;
  }
  Json proposals = Json::array();
  for (const auto& c : customers) {
    proposals.push_back({{"kind", "customer_message"},
                         {"title", "Tell " + str_at(at(c, "customer"), "name") + " about " +
                                       std::to_string(c["jobs"].size()) + " late job(s)"},
                         {"customer_id", at(at(c, "customer"), "id")},
                         {"needs_approval", true}});
  }
  r.update["proposals"] = proposals;
  if (by_customer.size() > kMaxCustomers) {
    r.update["notes"] = Json::array({std::to_string(by_customer.size() - kMaxCustomers) +
                                     " more VIP customer(s) left for the next scan"});
  }
  return r;
}

struct Draft {
  std::string subject;
  std::string body;
  std::string new_eta;
};

Draft template_draft(const Json& c) {
  Draft d;
  const std::string name = str_at(at(c, "customer"), "name");
  std::string numbers;
  std::string lines;
  for (const auto& j : c.value("jobs", Json::array())) {
    numbers += (numbers.empty() ? "" : ", ") + str_at(j, "job_number");
    lines += "- " + str_at(j, "job_number") + ": due " + day_of(str_at(j, "due")) +
             ", new estimate " + (at(j, "eta_not_before") == Json(true) ? "not before " : "") +
             day_of(str_at(j, "eta")) + "\n";
    if (str_at(j, "eta") > d.new_eta) d.new_eta = str_at(j, "eta");
  }
  d.subject = "Revised delivery dates for " + numbers;
  d.body = "Dear " + name + ",\n\nOur current production plan finishes the following order" +
           (c["jobs"].size() > 1 ? "s" : "") + " later than agreed:\n" + lines +
           "\nWe are sorry for the delay. We are working to recover the time and will tell you "
           "at once if the dates improve.\n\nKind regards,\nProduction planning";
  return d;
}

// The model's body for the same facts, or "" (no model, failure, empty reply).
std::string model_body(NodeContext& ctx, const Json& c, const Draft& d) {
  if (!ctx.llm) return "";
  ChatRequest req;
  ChatMessage system;
  system.role = "system";
  system.content =
      "You write short, polite customer e-mails for a sheet-metal job shop. Use only the facts "
      "given (job numbers, due dates, new estimates); do not promise anything else. Reply with "
      "the e-mail body only.";
  ChatMessage user;
  user.role = "user";
  user.content = "Customer: " + str_at(at(c, "customer"), "name") +
                 "\nLate jobs: " + c.value("jobs", Json::array()).dump() +
                 "\nSubject (fixed): " + d.subject;
  req.messages = {system, user};
  req.tool_choice = "none";
  auto resp = ctx.llm->chat(req, ctx.budget);
  if (!resp.ok()) return "";
  return resp->message.content;
}

Result<NodeResult> draft_message(Toolbox& box, NodeContext& ctx) {
  const Json a = at(ctx.state, "analysis");
  const size_t index = static_cast<size_t>(int_at(a, "index"));
  const Json customers = a.value("customers", Json::array());
  NodeResult r;
  if (index >= customers.size()) {
    r.update["outcome"] = "every VIP escalation handled";
    return r;
  }
  const Json c = customers[index];
  Draft d = template_draft(c);
  const std::string drafted = model_body(ctx, c, d);
  const bool by_model = !drafted.empty();
  if (by_model) d.body = drafted;
  std::vector<int64_t> job_ids;
  std::string numbers;
  for (const auto& j : c.value("jobs", Json::array())) {
    job_ids.push_back(int_at(j, "job_id"));
    numbers += (numbers.empty() ? "" : "+") + str_at(j, "job_number");
  }
  const Json customer = at(c, "customer");
  const std::string name = str_at(customer, "name");
  ApprovalRequest req;
  req.gate = "customer_escalation";
  req.dedupe_key = "customer_escalation/" + std::to_string(int_at(customer, "id")) + "/" + numbers +
                   "/" + day_of(d.new_eta);
  req.title = "VIP " + name + ": " + std::to_string(job_ids.size()) + " job(s) slip, new ETA " +
              day_of(d.new_eta);
  int64_t worst = 0;
  for (const auto& j : c.value("jobs", Json::array())) worst = std::max(worst, int_at(j, "slip_s"));
  req.summary = name + " is a VIP account: " + std::to_string(job_ids.size()) +
                " open job(s) now finish after their due date (worst by " + slip_text(worst) +
                "). Review the drafted message" + (by_model ? " (written by the model)" : "") +
                " before it is sent.";
  req.evidence = {{"customer", customer},
                  {"jobs", at(c, "jobs")},
                  {"message", {{"subject", d.subject}, {"body", d.body}}},
                  {"drafted_by", by_model ? "model" : "template"}};
  req.action = {{"customer_id", at(customer, "id")},
                {"job_ids", job_ids},
                {"subject", d.subject},
                {"body", d.body},
                {"new_eta", d.new_eta}};
  req.job_ids = job_ids;
  req.reason = "VIP " + name + " affected: message waiting for shipping";
  auto opened = open_and_wait(box, ctx, req);
  if (!opened.ok()) return opened;
  // Not waiting (decided before): go on with the next customer.
  if (!opened->interrupt) {
    Json next = a;
    next["index"] = index + 1;
    opened->update["analysis"] = next;
    opened->update["decision"] = nullptr;
  }
  return opened;
}

Result<NodeResult> after_message_decision(Toolbox& box, NodeContext& ctx) {
  auto r = decision_outcome(box, ctx, [&](const Json& approval) -> Result<std::string> {
    const Json action = approval.value("applied_action", Json()).is_object()
                            ? approval["applied_action"]
                            : approval.value("action", Json::object());
    return "message \"" + str_at(action, "subject") + "\" recorded as sent";
  });
  if (!r.ok()) return r;
  Json a = at(ctx.state, "analysis");
  a["index"] = int_at(a, "index") + 1;
  r->update["analysis"] = a;
  r->update["decision"] = nullptr;  // the next customer's approval waits for its own
  return r;
}

// Next after drafting: the decision (resumed), the next customer (nothing to wait for), or the
// end.
std::vector<std::string> after_draft(const Json& state) {
  if (at(state, "decision").is_object()) return {"after_decision"};
  const Json a = at(state, "analysis");
  if (int_at(a, "index") < static_cast<int64_t>(a.value("customers", Json::array()).size())) {
    return {"draft_message"};
  }
  return {kEnd};
}

}  // namespace

std::shared_ptr<const Graph> make_customer_graph(Toolbox& box) {
  auto g = std::make_shared<Graph>("customer", specialist_schema());
  g->add_node("assess", [&box](NodeContext& ctx) { return assess(box, ctx); });
  g->add_node("draft_message", [&box](NodeContext& ctx) { return draft_message(box, ctx); });
  g->add_node("after_decision",
              [&box](NodeContext& ctx) { return after_message_decision(box, ctx); });
  g->add_node("fallback", fallback_node());
  g->set_entry("assess");
  g->set_fallback("fallback");
  g->add_conditional_edges("assess", when_gate("draft_message"));
  g->add_conditional_edges("draft_message", after_draft);
  g->add_conditional_edges("after_decision", [](const Json& state) -> std::vector<std::string> {
    const Json a = at(state, "analysis");
    if (int_at(a, "index") < static_cast<int64_t>(a.value("customers", Json::array()).size())) {
      return {"draft_message"};
    }
    return {kEnd};
  });
  return g;
}

}  // namespace kerf::agents
