// Customer tools: job_eta (ETA of open jobs from the plan: the end of the job's last slot once
// its last open operation has one, else the committed run's planned end; not before the run's
// calendar end for a job it could not place; unknown otherwise) and customer (code, name, vip).
// docs/agents.md "Customer liaison".
#include <algorithm>
#include <cctype>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_support.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/model/customer.h"

namespace kerf::agents {
namespace {

using support::opt_int;

// What the newest committed run knew beyond the slots it stored (those start inside its
// horizon): each job's planned end, and the jobs it could not place in its calendars.
struct CommittedPlan {
  std::map<int64_t, TimePoint> job_end;
  std::set<int64_t> unplaced;
  TimePoint calendar_end;
};

Result<CommittedPlan> committed_plan(Toolbox& box) {
  const app::Principal who = app::agent_principal();
  CommittedPlan out;
  app::scheduling::RunListQuery q;
  q.limit = 100;
  // Newest first, page after page: what-if runs (two per rush) may bury the committed one.
  for (int64_t total = 1; q.offset < total; q.offset += q.limit) {
    auto runs = box.scheduling().list_runs(who, q);
    if (!runs.ok()) return runs.error();
    total = runs->value("total", int64_t{0});
    for (const auto& r : runs->value("items", Json::array())) {
      if (r.value("committed", false) != true) continue;
      auto doc = box.scheduling().get_run(who, r["id"].get<int64_t>());
      if (!doc.ok()) return doc.error();
      out.job_end = shop::planned_job_ends(*doc);
      auto calendar_end = shop::time_at(*doc, "calendar_end");
      if (!calendar_end) return out;  // a run stored before calendar_end existed
      out.calendar_end = *calendar_end;
      for (const auto& u : doc->value("unplaced_jobs", Json::array())) {
        out.unplaced.insert(u.value("job_id", int64_t{0}));
      }
      return out;
    }
  }
  return out;
}

Result<Json> run_job_eta(Toolbox& box, const Json& args) {
  app::Services& services = box.services();
  const app::Principal who = app::agent_principal();
  const auto job_id = opt_int(args, "job_id");
  const auto customer_id = opt_int(args, "customer_id");
  const bool vip_only = args.is_object() && args.value("vip_only", false);

  std::vector<model::Job> jobs;
  if (job_id) {
    auto d = services.jobs().get(who, *job_id);
    if (!d.ok()) return d.error();
    jobs.push_back(d->job);
  } else {
    store::ListQuery q;
    if (customer_id) q.filters["customer_id"] = *customer_id;
    auto all = support::all_pages<model::Job>(
        [&](const store::ListQuery& page) { return services.jobs().list(who, page); }, q);
    if (!all.ok()) return all.error();
    for (auto& j : *all) {
      if (!model::is_closed(j.status)) jobs.push_back(std::move(j));
    }
  }
  std::map<int64_t, model::Customer> customers;
  auto customer_of = [&](int64_t id) -> Result<model::Customer> {
    auto it = customers.find(id);
    if (it != customers.end()) return it->second;
    auto c = services.master_data().get<model::Customer>(who, id);
    if (!c.ok()) return c.error();
    customers.emplace(id, *c);
    return *c;
  };
  // The stored plan: last slot end per job, and which operations have a slot.
  app::scheduling::SlotFilter sf;
  sf.from = services.env().now() - std::chrono::hours(24 * 90);
  auto slots = box.scheduling().slots(who, sf);
  if (!slots.ok()) return slots.error();
  auto plan = committed_plan(box);
  if (!plan.ok()) return plan.error();
  std::map<int64_t, TimePoint> last_end;
  std::set<int64_t> slotted_ops;
  for (const auto& s : *slots) {
    slotted_ops.insert(s.slot.operation_id);
    auto [it, fresh] = last_end.try_emplace(s.job_id, s.slot.end);
    if (!fresh && s.slot.end > it->second) it->second = s.slot.end;
  }

  Json items = Json::array();
  for (const auto& job : jobs) {
    auto c = customer_of(job.customer_id);
    if (!c.ok()) return c.error();
    if (vip_only && !c->vip) continue;
    auto detail = services.jobs().get(who, job.id);
    if (!detail.ok()) return detail.error();
    // The job ends with its last open operation: planned when that one has a slot (earlier
    // laser operations may be carried by a nest's slot instead of their own).
    const model::Operation* last_open = nullptr;
    for (const auto& op : detail->operations) {
      if (op.status == model::OperationStatus::kComplete) continue;
      if (!last_open || op.sequence > last_open->sequence) last_open = &op;
    }
    const bool slotted = last_open != nullptr && slotted_ops.count(last_open->id) != 0;
    // The ETA: the end of the job's last slot once its last open operation has one; else the
    // committed run's planned end (after the stored horizon); a job that run could not place
    // in its calendars finishes after their end whatever happens before (a lower bound).
    std::optional<TimePoint> eta;
    bool not_before = false;
    auto plan_end = plan->job_end.find(job.id);
    if (slotted && last_end.count(job.id)) {
      eta = last_end[job.id];
    } else if (last_open != nullptr && plan_end != plan->job_end.end()) {
      eta = plan_end->second;
      if (last_end.count(job.id)) eta = std::max(*eta, last_end[job.id]);
    } else if (last_open != nullptr && plan->unplaced.count(job.id)) {
      eta = plan->calendar_end;
      not_before = true;
    }
    Json item = {{"job_id", job.id},
                 {"job_number", job.number},
                 {"customer_id", c->id},
                 {"customer", c->name},
                 {"vip", c->vip},
                 {"status", std::string(model::to_string(job.status))},
                 {"due", support::iso(job.due)},
                 {"priority", job.priority},
                 {"scheduled", eta.has_value() && !not_before},
                 {"eta_not_before", not_before},
                 {"eta", eta ? Json(support::iso(*eta)) : Json()},
                 {"slip_s", eta ? Json(shop::seconds_between(job.due, *eta)) : Json()}};
    items.push_back(item);
  }
  return Json{{"now", support::iso(services.env().now())}, {"items", items}};
}

}  // namespace

void add_customer_tools(Toolbox& box) {
  Toolbox* b = &box;
  box.add(Tool{
      {"job_eta",
       "ETA of open jobs from the committed plan (end of the job's last scheduled operation; for a "
       "job the plan could not place in its calendars, eta_not_before: true and eta = the "
       "calendars' end) "
       "against their due date: slip_s > 0 means late. Filter by job_id, customer_id, or "
       "vip_only.",
       {{"type", "object"},
        {"properties",
         {{"job_id", {{"type", "integer"}, {"minimum", 1}}},
          {"customer_id", {{"type", "integer"}, {"minimum", 1}}},
          {"vip_only", {{"type", "boolean"}}}}},
        {"additionalProperties", false}}},
      true,
      [b](const Json& args) { return run_job_eta(*b, args); }});
  box.add(Tool{
      {"find_job",
       "A job by its number (e.g. J-24072): id, status, due, priority, customer.",
       {{"type", "object"},
        {"properties", {{"number", {{"type", "string"}, {"minLength", 1}, {"maxLength", 40}}}}},
        {"required", {"number"}},
        {"additionalProperties", false}}},
      true,
      [b](const Json& args) -> Result<Json> {
        const app::Principal who = app::agent_principal();
        const std::string number = *support::opt_string(args, "number");
        store::ListQuery q;
        q.search = number;
        q.limit = 50;
        auto page = b->services().jobs().list(who, q);
        if (!page.ok()) return page.error();
        auto lower = [](std::string s) {
          for (auto& ch : s) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
          return s;
        };
        for (const auto& j : page->items) {
          if (lower(j.number) != lower(number)) continue;
          return Json{{"job_id", j.id},
                      {"job_number", j.number},
                      {"status", std::string(model::to_string(j.status))},
                      {"due", support::iso(j.due)},
                      {"priority", j.priority},
                      {"customer_id", j.customer_id},
                      {"quantity", j.quantity}};
        }
        return Error::not_found("no job numbered " + number);
      }});

  box.add(Tool{{"customer",
                "A customer: id, code, name and whether it is a VIP account.",
                {{"type", "object"},
                 {"properties", {{"customer_id", {{"type", "integer"}, {"minimum", 1}}}}},
                 {"required", {"customer_id"}},
                 {"additionalProperties", false}}},
               true,
               [b](const Json& args) -> Result<Json> {
                 auto c = b->services().master_data().get<model::Customer>(
                     app::agent_principal(), *opt_int(args, "customer_id"));
                 if (!c.ok()) return c.error();
                 return Json{{"id", c->id}, {"code", c->code}, {"name", c->name}, {"vip", c->vip}};
               }});
}

}  // namespace kerf::agents
