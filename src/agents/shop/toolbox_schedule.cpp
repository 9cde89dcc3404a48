// Schedule tools: late jobs, a job's plan, the what-if of a priority change (which other jobs
// it moves), the bottleneck. Read-only: what-if runs are stored as runs but never committed.
#include <algorithm>
#include <map>

#include "agents/shop/shop_util.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/model/customer.h"

namespace kerf::agents {
namespace {

using app::agent_principal;
using namespace shop;

// Job facts for evidence: number, customer (name, vip), due, priority. Cached per call.
class JobFacts {
 public:
  explicit JobFacts(app::Services& s) : services_(s) {}
  Result<Json> of(int64_t job_id) {
    auto it = cache_.find(job_id);
    if (it != cache_.end()) return it->second;
    auto d = services_.jobs().get(agent_principal(), job_id);
    if (!d.ok()) return d.error();
    const model::Job& j = d->job;
    Json facts = {{"job_id", j.id},
                  {"job_number", j.number},
                  {"due", iso(j.due)},
                  {"priority", j.priority},
                  {"status", std::string(model::to_string(j.status))},
                  {"customer_id", j.customer_id},
                  {"customer", ""},
                  {"vip", false}};
    auto c = services_.master_data().get<model::Customer>(agent_principal(), j.customer_id);
    if (c.ok()) {
      facts["customer"] = c->name;
      facts["vip"] = c->vip;
    }
    cache_.emplace(job_id, facts);
    return facts;
  }

 private:
  app::Services& services_;
  std::map<int64_t, Json> cache_;
};

// priority 0 = the plan without the job (it is left out of the problem).
Result<Json> run_what_if(Toolbox& box, int64_t job_id, int32_t priority) {
  app::scheduling::RunRequest r;
  r.horizon = app::scheduling::Horizon::kWeekly;
  r.mode = app::scheduling::RunMode::kDispatch;
  // Apparent tardiness cost is the dispatch rule that weighs jobs by priority; the same rule in
  // both runs keeps the comparison about the priority alone.
  r.rule = schedule::DispatchRule::kAtc;
  r.what_if = true;
  if (priority == 0) {
    r.excluded_jobs.insert(job_id);
  } else {
    r.priority_overrides[job_id] = priority;
  }
  return box.scheduling().run(agent_principal(), r);
}

Result<Json> what_if_priority(Toolbox& box, const Json& args) {
  const int64_t job_id = int_at(args, "job_id");
  const auto priority = static_cast<int32_t>(int_at(args, "priority"));
  JobFacts facts(box.services());
  auto job = facts.of(job_id);
  if (!job.ok()) return job.error();
  // Baseline: the plan without the job at all (what the rush order changes for the others),
  // or the job at `baseline_priority` when given.
  int32_t baseline = 0;
  if (args.contains("baseline_priority")) {
    baseline = static_cast<int32_t>(int_at(args, "baseline_priority"));
  }
  auto base = run_what_if(box, job_id, baseline);
  if (!base.ok()) return base.error();
  auto rush = run_what_if(box, job_id, priority);
  if (!rush.ok()) return rush.error();
  const auto before = planned_job_ends(*base);
  const auto after = planned_job_ends(*rush);
  const int64_t threshold = box.settings().gates.rush_moved_threshold_s;
  Json moved = Json::array();
  for (const auto& [id, end_before] : before) {
    if (id == job_id) continue;
    auto a = after.find(id);
    Json item;
    if (a == after.end()) {
      // With the rush it no longer fits the calendars the engine plans in.
      item = {{"end_before", iso(end_before)}, {"end_after", nullptr}, {"delay_s", nullptr}};
    } else {
      const int64_t delay = seconds_between(end_before, a->second);
      if (delay <= threshold) continue;
      item = {{"end_before", iso(end_before)}, {"end_after", iso(a->second)}, {"delay_s", delay}};
    }
    auto f = facts.of(id);
    if (!f.ok()) return f.error();
    item["job_id"] = id;
    item["job_number"] = (*f)["job_number"];
    item["customer"] = (*f)["customer"];
    item["due"] = (*f)["due"];
    moved.push_back(item);
  }
  // Largest delays first (no longer fitting counts as the largest), then by job number.
  std::sort(moved.begin(), moved.end(), [](const Json& x, const Json& y) {
    const int64_t dx = x["delay_s"].is_null() ? INT64_MAX : x["delay_s"].get<int64_t>();
    const int64_t dy = y["delay_s"].is_null() ? INT64_MAX : y["delay_s"].get<int64_t>();
    if (dx != dy) return dx > dy;
    return x["job_number"].get<std::string>() < y["job_number"].get<std::string>();
  });
  Json out = {{"job", *job},
              {"priority", priority},
              {"baseline_priority", baseline},
              {"what_if",
               {{"run_id", rush->value("id", int64_t{0})},
                {"baseline_run_id", base->value("id", int64_t{0})},
                {"metrics_before", base->value("metrics_after", Json::object())},
                {"metrics_after", rush->value("metrics_after", Json::object())}}},
              {"moved_jobs", moved},
              {"moved_count", moved.size()}};
  auto own_before = before.find(job_id);
  auto own_after = after.find(job_id);
  out["job_end_before"] = own_before == before.end() ? Json() : Json(iso(own_before->second));
  out["job_end_after"] = own_after == after.end() ? Json() : Json(iso(own_after->second));
  return out;
}

Result<Json> job_plan(Toolbox& box, const Json& args) {
  const int64_t job_id = int_at(args, "job_id");
  auto d = box.services().jobs().get(agent_principal(), job_id);
  if (!d.ok()) return d.error();
  JobFacts facts(box.services());
  auto job = facts.of(job_id);
  if (!job.ok()) return job.error();
  auto slots = box.scheduling().slots(agent_principal(), {});
  if (!slots.ok()) return slots.error();
  Json ops = Json::array();
  std::optional<TimePoint> end;
  for (const auto& op : d->operations) {
    Json o = {{"operation_id", op.id},
              {"sequence", op.sequence},
              {"name", op.name},
              {"department", std::string(model::to_string(op.department))},
              {"status", std::string(model::to_string(op.status))},
              {"slots", Json::array()}};
    for (const auto& s : *slots) {
      if (s.slot.operation_id != op.id) continue;
      o["slots"].push_back({{"work_center_id", s.slot.work_center_id},
                            {"work_center", s.work_center_code},
                            {"start", iso(s.slot.start)},
                            {"end", iso(s.slot.end)}});
      if (!end || s.slot.end > *end) end = s.slot.end;
    }
    ops.push_back(o);
  }
  Json out = *job;
  out["operations"] = ops;
  out["planned_end"] = end ? Json(iso(*end)) : Json();
  out["lateness_s"] = end ? Json(seconds_between(d->job.due, *end)) : Json();
  return out;
}

Result<Json> late_jobs(Toolbox& box, const Json& args) {
  const int64_t limit = int_at(args, "limit", 20);
  auto c = box.scheduling().conflicts(agent_principal());
  if (!c.ok()) return c.error();
  Json items = Json::array();
  for (const auto& j : c->value("late_jobs", Json::array())) {
    if (static_cast<int64_t>(items.size()) >= limit) break;
    items.push_back(j);
  }
  return Json{{"late_jobs", items}, {"total", c->value("late_jobs", Json::array()).size()}};
}

// A plain what-if dispatch run of the shop as it is now (e.g. after a work center went down):
// the re-sequenced plan's metrics against the stored schedule's.
Result<Json> what_if_run(Toolbox& box, const Json& args) {
  app::scheduling::RunRequest r;
  r.horizon = app::scheduling::Horizon::kWeekly;
  r.mode = app::scheduling::RunMode::kDispatch;
  r.what_if = true;
  auto run = box.scheduling().run(agent_principal(), r);
  if (!run.ok()) return run.error();
  return Json{{"run_id", run->value("id", int64_t{0})},
              {"rule", run->value("rule", Json())},
              {"metrics_before", run->value("metrics_before", Json::object())},
              {"metrics_after", run->value("metrics_after", Json::object())},
              {"late_jobs", run->value("late_jobs", Json::array()).size()},
              {"warnings", run->value("warnings", Json::array())}};
}

Result<Json> bottleneck(Toolbox& box, const Json& args) {
  auto d = box.scheduling().dashboard(agent_principal(), static_cast<int>(int_at(args, "days", 7)));
  if (!d.ok()) return d.error();
  return Json{{"bottleneck", d->value("bottleneck", Json())},
              {"departments", d->value("departments", Json::array())},
              {"week", d->value("week", Json::object())}};
}

}  // namespace

void add_schedule_tools(Toolbox& box) {
  box.add({{"late_jobs",
            "Jobs the stored schedule finishes after their due date, most tardy first, with the "
            "critical chain and suggestions.",
            object_schema({{"limit", int_prop("most jobs to list", 1, 100)}})},
           true,
           [&box](const Json& a) { return late_jobs(box, a); }});
  box.add({{"job_plan",
            "A job (number, customer, due, priority, status) with its operations and their "
            "scheduled slots, planned end and lateness.",
            object_schema({{"job_id", int_prop("job id", 1, INT64_MAX)}}, {"job_id"})},
           true,
           [&box](const Json& a) { return job_plan(box, a); }});
  box.add({{"what_if_priority",
            "Two what-if schedules (never committed): the job at `priority` and the plan "
            "without it (or with it at `baseline_priority`); lists the other jobs whose end "
            "moves later by more than the rush threshold.",
            object_schema({{"job_id", int_prop("job id", 1, INT64_MAX)},
                           {"priority", int_prop("priority to test, 1 = most urgent", 1, 5)},
                           {"baseline_priority", int_prop("priority to compare with", 1, 5)}},
                          {"job_id", "priority"})},
           true,
           [&box](const Json& a) { return what_if_priority(box, a); }});
  box.add({{"what_if_run",
            "A what-if dispatch run of the shop as it is now (never committed): the "
            "re-sequenced plan's metrics against the stored schedule's.",
            object_schema(Json::object())},
           true,
           [&box](const Json& a) { return what_if_run(box, a); }});
  box.add({{"bottleneck",
            "The current plant week's bottleneck department and the load, queue and capacity "
            "of every department.",
            object_schema({{"days", int_prop("days of history for on-time figures", 1, 366)}})},
           true,
           [&box](const Json& a) { return bottleneck(box, a); }});
}

}  // namespace kerf::agents
