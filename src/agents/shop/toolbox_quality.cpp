// Quality tools: scrap_trend (scrap and completed pieces of the operations completed in the
// last N days, per part, work center or operator, against the shop's rate, with the scrap
// reason codes and a daily series) and suspect_jobs (open jobs sharing a heat lot with a job,
// or making the same part). docs/agents.md "Quality".
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "agents/shop/specialist_support.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"

namespace kerf::agents {
namespace {

using support::opt_int;
using support::opt_string;

struct Tally {
  std::string label;
  int64_t completed = 0;  // good + scrap pieces
  int64_t scrap = 0;
  std::map<std::string, int64_t> reasons;  // code -> scrap pieces reported with it
};

double rate(int64_t scrap, int64_t completed) {
  return completed > 0 ? static_cast<double>(scrap) / static_cast<double>(completed) : 0.0;
}

double round4(double v) { return std::round(v * 10000.0) / 10000.0; }

Result<Json> run_scrap_trend(Toolbox& box, const Json& args) {
  app::Services& services = box.services();
  const app::Principal who = app::agent_principal();
  const std::string by = opt_string(args, "by").value_or("part");
  const std::optional<int64_t> key = opt_int(args, "key");
  const int64_t days = opt_int(args, "days").value_or(7);
  const TimePoint to = services.env().now();
  const TimePoint from = to - std::chrono::hours(24 * days);

  // Completed operations: started up to 30 days before the window, completed inside it.
  store::ListQuery q;
  q.filters["status"] = std::string("complete");
  q.from = from - std::chrono::hours(24 * 30);
  auto ops = support::all_pages<model::Operation>(
      [&](const store::ListQuery& page) { return services.operations().list(who, page); }, q);
  if (!ops.ok()) return ops.error();

  // Work center of each operation: its stored slot, else its only eligible work center.
  std::map<int64_t, int64_t> wc_of_op;
  std::map<int64_t, std::string> wc_code;
  app::scheduling::SlotFilter sf;
  sf.from = q.from;
  auto slots = box.scheduling().slots(who, sf);
  if (slots.ok()) {
    for (const auto& s : *slots) {
      wc_of_op[s.slot.operation_id] = s.slot.work_center_id;
      wc_code[s.slot.work_center_id] = s.work_center_code;
    }
  }
  // Scrap reason codes from the audit rows of the completions (read_audit; omitted without).
  std::map<int64_t, std::vector<std::string>> reasons_of_op;
  bool reasons_known = true;
  {
    store::ListQuery aq;
    aq.filters["entity"] = std::string("operation");
    aq.filters["action"] = std::string("completed");
    aq.from = from;
    auto rows = support::all_pages<store::AuditEntry>(
        [&](const store::ListQuery& page) { return services.audit_log(who, page); }, aq, 20000);
    if (rows.ok()) {
      for (const auto& r : *rows) {
        if (!r.after_json) continue;
        Json after = Json::parse(*r.after_json, nullptr, false);
        if (!after.is_object() || !after.contains("scrap_reasons")) continue;
        std::vector<std::string> codes;
        for (const auto& c : after["scrap_reasons"]) {
          if (c.is_string()) codes.push_back(c.get<std::string>());
        }
        reasons_of_op[r.entity_id] = codes;
      }
    } else {
      reasons_known = false;
    }
  }

  std::map<int64_t, model::Job> jobs;
  std::map<int64_t, std::string> part_label;
  Tally shop;
  std::map<int64_t, Tally> groups;
  std::map<std::string, std::pair<int64_t, int64_t>> series;  // day -> (scrap, completed)
  for (const auto& op : *ops) {
    if (!op.completed_at || *op.completed_at < from || *op.completed_at > to) continue;
    auto job_it = jobs.find(op.job_id);
    if (job_it == jobs.end()) {
      auto detail = services.jobs().get(who, op.job_id);
      if (!detail.ok()) return detail.error();
      job_it = jobs.emplace(op.job_id, detail->job).first;
    }
    int64_t group = 0;
    std::string label;
    if (by == "part") {
      group = job_it->second.part_id;
      auto pl = part_label.find(group);
      if (pl == part_label.end()) {
        auto part = services.master_data().get<model::Part>(who, group);
        std::string text =
            part.ok() ? part->number + " rev " + part->revision : "part " + std::to_string(group);
        pl = part_label.emplace(group, text).first;
      }
      label = pl->second;
    } else if (by == "work_center") {
      auto w = wc_of_op.find(op.id);
      group = w != wc_of_op.end()                       ? w->second
              : op.eligible_work_center_ids.size() == 1 ? op.eligible_work_center_ids[0]
                                                        : 0;
      label = wc_code.count(group) ? wc_code[group]
              : group == 0         ? std::string("unknown")
                                   : "work center " + std::to_string(group);
    } else {
      group = op.operator_id;
      label = group == 0 ? std::string("unknown") : "user " + std::to_string(group);
    }
    const int64_t pieces = op.qty_good + op.qty_scrap;
    shop.completed += pieces;
    shop.scrap += op.qty_scrap;
    Tally& t = groups[group];
    t.label = label;
    t.completed += pieces;
    t.scrap += op.qty_scrap;
    auto rs = reasons_of_op.find(op.id);
    if (rs != reasons_of_op.end() && op.qty_scrap > 0) {
      for (const auto& code : rs->second) {
        t.reasons[code] += op.qty_scrap;
        shop.reasons[code] += op.qty_scrap;
      }
    }
    if (!key || *key == group) {
      auto day = box.scheduling().plant_bucket_start(*op.completed_at, 86400);
      const TimePoint d = day.ok() ? *day : *op.completed_at;
      auto& [s, c] = series[support::iso(d + std::chrono::hours(12)).substr(0, 10)];
      s += op.qty_scrap;
      c += pieces;
    }
  }

  const double shop_rate = rate(shop.scrap, shop.completed);
  Json items = Json::array();
  for (const auto& [id, t] : groups) {
    if (key && *key != id) continue;
    const double r = rate(t.scrap, t.completed);
    items.push_back({{"key", id},
                     {"label", t.label},
                     {"completed", t.completed},
                     {"scrap", t.scrap},
                     {"rate", round4(r)},
                     {"ratio_to_shop", shop_rate > 0 ? round4(r / shop_rate) : 0.0},
                     {"reasons", reasons_known ? Json(t.reasons) : Json()}});
  }
  std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& b) {
    return a["rate"].get<double>() > b["rate"].get<double>();
  });
  Json series_json = Json::array();
  for (const auto& [day, sc] : series) {
    series_json.push_back({{"day", day}, {"scrap", sc.first}, {"completed", sc.second}});
  }
  return Json{{"by", by},
              {"days", days},
              {"from", support::iso(from)},
              {"to", support::iso(to)},
              {"shop",
               {{"completed", shop.completed},
                {"scrap", shop.scrap},
                {"rate", round4(shop_rate)},
                {"reasons", reasons_known ? Json(shop.reasons) : Json()}}},
              {"groups", items},
              {"series", series_json}};
}

// Open jobs sharing a heat lot with `job_id` (from its consumptions) or making its part.
Result<Json> run_suspect_jobs(Toolbox& box, const Json& args) {
  app::Services& services = box.services();
  const app::Principal who = app::agent_principal();
  const int64_t job_id = *opt_int(args, "job_id");
  auto detail = services.jobs().get(who, job_id);
  if (!detail.ok()) return detail.error();
  // The defect: the job, its part, and the operation (work center from its slot) when given.
  Json defect = {
      {"job_id", job_id}, {"job_number", detail->job.number}, {"part_id", detail->job.part_id}};
  if (auto op_id = opt_int(args, "operation_id")) {
    for (const auto& op : detail->operations) {
      if (op.id != *op_id) continue;
      defect["operation_id"] = op.id;
      defect["operation"] = op.name;
      defect["operator_id"] = op.operator_id;
      defect["work_center"] = nullptr;
      app::scheduling::SlotFilter sf;
      sf.from = services.env().now() - std::chrono::hours(24 * 90);
      auto slots = box.scheduling().slots(who, sf);
      if (slots.ok()) {
        for (const auto& s : *slots) {
          if (s.slot.operation_id == op.id) {
            defect["work_center"] = {{"id", s.slot.work_center_id}, {"code", s.work_center_code}};
          }
        }
      }
    }
  }
  std::map<int64_t, Json> suspects;  // job id -> {job_id, job_number, heat_number, why}
  auto add = [&](int64_t id, const std::string& number, const std::string& heat,
                 const std::string& why) {
    auto [it, fresh] = suspects.try_emplace(id);
    if (fresh) {
      it->second = {{"job_id", id}, {"job_number", number}, {"heat_number", heat}, {"why", why}};
    } else if (it->second["heat_number"] == "" && !heat.empty()) {
      it->second["heat_number"] = heat;
    }
  };
  auto materials = services.trace().job_materials(who, job_id);
  if (!materials.ok()) return materials.error();
  Json heats = Json::array();
  for (const auto& lot : materials->value("heat_lots", Json::array())) {
    const int64_t lot_id = lot.value("id", int64_t{0});
    const std::string number = lot.value("number", "");
    heats.push_back(number);
    auto trace = services.trace().heat_lot_trace(who, lot_id);
    if (!trace.ok()) return trace.error();
    for (const auto& j : trace->value("jobs", Json::array())) {
      add(j.value("job_id", int64_t{0}), j.value("job_number", ""), number, "same heat lot");
    }
  }
  // Same part, in process (released or in progress).
  store::ListQuery q;
  q.filters["part_id"] = detail->job.part_id;
  auto same_part = support::all_pages<model::Job>(
      [&](const store::ListQuery& page) { return services.jobs().list(who, page); }, q, 5000);
  if (!same_part.ok()) return same_part.error();
  for (const auto& j : *same_part) {
    if (j.status == model::JobStatus::kReleased || j.status == model::JobStatus::kInProgress ||
        j.id == job_id) {
      add(j.id, j.number, "", j.id == job_id ? "the defect's job" : "same part in process");
    }
  }
  // Keep the open ones (a hold needs a holdable job) with their status.
  Json items = Json::array();
  for (auto& [id, s] : suspects) {
    auto j = services.jobs().get(who, id);
    if (!j.ok()) continue;
    if (!model::is_holdable(j->job.status) && j->job.status != model::JobStatus::kOnHold) {
      continue;
    }
    s["status"] = std::string(model::to_string(j->job.status));
    items.push_back(s);
  }
  return Json{{"job_id", job_id}, {"defect", defect}, {"heat_numbers", heats}, {"items", items}};
}

}  // namespace

void add_quality_tools(Toolbox& box) {
  Toolbox* b = &box;
  box.add(
      Tool{{"scrap_trend",
            "Scrap of the operations completed in the last `days` days (default 7) per part, work "
            "center or operator: completed and scrapped pieces, scrap rate against the shop's, "
            "reason codes, and a daily series (of `key` when given, else of the shop).",
            {{"type", "object"},
             {"properties",
              {{"by", {{"type", "string"}, {"enum", {"part", "work_center", "operator"}}}},
               {"key", {{"type", "integer"}, {"minimum", 0}}},
               {"days", {{"type", "integer"}, {"minimum", 1}, {"maximum", 90}}}}},
             {"required", {"by"}},
             {"additionalProperties", false}}},
           true,
           [b](const Json& args) { return run_scrap_trend(*b, args); }});
  box.add(Tool{
      {"suspect_jobs",
       "Open jobs that may share a defect with a job: jobs that consumed sheets of the same heat "
       "lots, and jobs of the same part in process; with the defect (job, part, operation, work "
       "center, operator).",
       {{"type", "object"},
        {"properties",
         {{"job_id", {{"type", "integer"}, {"minimum", 1}}},
          {"operation_id", {{"type", "integer"}, {"minimum", 1}}}}},
        {"required", {"job_id"}},
        {"additionalProperties", false}}},
      true,
      [b](const Json& args) { return run_suspect_jobs(*b, args); }});
}

}  // namespace kerf::agents
