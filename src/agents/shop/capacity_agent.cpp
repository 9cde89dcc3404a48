// The Capacity specialist: for one department and plant week (trigger {kind: "scan", scan:
// "capacity", department, week_start}; without them the department-week needing the most
// overtime) it forecasts load vs capacity (department_load), recommends the overtime the week
// needs, and when overtime_needs_approval holds opens an approval (gate overtime, action
// {department, work_center_ids, windows}) and waits; one approval per (department, week)
// (dedupe key "overtime/<department>/<week_start>"). After the decision it checks that the
// windows are in the calendars and ends.
#include <algorithm>

#include "agents/shop/shop_util.h"
#include "agents/shop/specialist_common.h"
#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using namespace shop;

constexpr double kMaxWeekHours = 168;

Result<NodeResult> forecast(Toolbox& box, NodeContext& ctx) {
  const Json trigger = at(ctx.state, "trigger");
  const std::string department = str_at(trigger, "department");
  const std::string week_start = str_at(trigger, "week_start");
  Json args = {{"weeks", box.settings().forecast_weeks}};
  if (!department.empty()) args["department"] = department;
  auto load = box.call(ctx, "department_load", args);
  if (!load.ok()) return load.error();
  // The department-week to assess: the one named, else the one needing the most overtime.
  Json best_dept, best_week;
  for (const auto& d : load->value("departments", Json::array())) {
    if (!department.empty() && str_at(d, "department") != department) continue;
    for (const auto& w : d.value("weeks", Json::array())) {
      if (!week_start.empty()) {
        if (str_at(w, "week_start") != week_start) continue;
      } else if (!best_week.is_null() &&
                 num_at(w, "overtime_h") <= num_at(best_week, "overtime_h")) {
        continue;
      }
      best_dept = d;
      best_week = w;
    }
  }
  NodeResult r;
  if (best_week.is_null()) {
    r.update["outcome"] = "no forecast for " +
                          (department.empty() ? "any department" : department) +
                          (week_start.empty() ? "" : " in the week of " + week_start);
    return r;
  }
  const std::string dept = str_at(best_dept, "department");
  const double overtime = num_at(best_week, "overtime_h");
  const bool gate = overtime_needs_approval(box.settings().gates, overtime);
  Json weeks = Json::array();
  for (const auto& w : best_dept.value("weeks", Json::array())) {
    weeks.push_back({{"week_start", at(w, "week_start")},
                     {"load_h", at(w, "load_h")},
                     {"capacity_h", at(w, "capacity_h")},
                     {"overtime_h", at(w, "overtime_h")}});
  }
  Json analysis = {{"department", dept},
                   {"week_start", at(best_week, "week_start")},
                   {"week_of", at(best_week, "week_of")},
                   {"load_h", at(best_week, "load_h")},
                   {"capacity_h", at(best_week, "capacity_h")},
                   {"overtime_h", overtime},
                   {"weeks", weeks},
                   {"work_centers", best_dept.value("work_centers", Json::array())},
                   {"gate", gate}};
  r.update["analysis"] = analysis;
  const std::string week_text =
      str_at(best_week, "week_of", str_at(best_week, "week_start").substr(0, 10));
  if (overtime <= 0) {
    r.update["outcome"] = "no overtime needed in " + dept + " in the week of " + week_text +
                          " (load " + hours_text(num_at(best_week, "load_h")) + " h, capacity " +
                          hours_text(num_at(best_week, "capacity_h")) + " h)";
    return r;
  }
  r.update["proposals"] = Json::array(
      {{{"kind", "overtime"},
        {"title", "Overtime " + hours_text(overtime) + " h in " + dept + ", week of " + week_text},
        {"department", dept},
        {"week_start", at(best_week, "week_start")},
        {"overtime_h", overtime},
        {"needs_approval", gate}}});
  if (!gate) {
    const std::string note = "overtime " + hours_text(overtime) + " h in " + dept + " (at most " +
                             hours_text(box.settings().gates.overtime_max_hours) +
                             " h without approval): no approval needed";
    r.update["notes"] = Json::array({note});
    r.update["outcome"] = note;
  }
  return r;
}

Result<NodeResult> request_overtime(Toolbox& box, NodeContext& ctx) {
  const Json a = at(ctx.state, "analysis");
  const std::string dept = str_at(a, "department");
  const std::string week_start = str_at(a, "week_start");
  const double overtime = num_at(a, "overtime_h");
  // A week holds at most kMaxWeekHours of department overtime (the tool's bound); the windows
  // place what the calendars leave room for, the rest is reported as needing a replan.
  auto windows = box.call(ctx, "overtime_windows",
                          {{"department", dept},
                           {"week_start", week_start},
                           {"hours", std::min(overtime, kMaxWeekHours)}});
  NodeResult r;
  if (!windows.ok()) {
    r.update["outcome"] = "overtime " + hours_text(overtime) + " h needed in " + dept +
                          " but no window can be proposed: " + windows.error().message;
    return r;
  }
  if (windows->value("windows", Json::array()).empty()) {
    r.update["outcome"] = "overtime " + hours_text(overtime) + " h needed in " + dept +
                          " but the week has no free time left for it";
    return r;
  }
  const std::string week_text = str_at(a, "week_of", week_start.substr(0, 10));
  const double unplaced = num_at(*windows, "unplaced_h") + std::max(0.0, overtime - kMaxWeekHours);
  const double placed = std::max(0.0, overtime - unplaced);
  ApprovalRequest req;
  req.gate = "overtime";
  req.dedupe_key = "overtime/" + dept + "/" + week_start;
  req.title = "Overtime " + hours_text(placed) + " h in " + dept + ", week of " + week_text;
  std::string text =
      "The open work of " + dept + " jobs due in the week of " + week_text + " is " +
      hours_text(num_at(a, "load_h")) + " h against " + hours_text(num_at(a, "capacity_h")) +
      " h of capacity (with spare time of earlier weeks): " + hours_text(overtime) +
      " h of overtime needed; the calendars leave room for " + hours_text(placed) + " h, " +
      hours_text(num_at(*windows, "hours_per_work_center")) + " h on each of its work centers.";
  if (unplaced > 0) {
    text += " The other " + hours_text(unplaced) +
            " h fit in no overtime window this week: those jobs need a replan or new due dates.";
  }
  req.summary = explain(ctx, text, a);
  req.evidence = {{"department", dept},
                  {"week_start", week_start},
                  {"load_h", at(a, "load_h")},
                  {"capacity_h", at(a, "capacity_h")},
                  {"overtime_h", overtime},
                  {"placed_h", placed},
                  {"unplaced_h", unplaced},
                  {"weeks", at(a, "weeks")},
                  {"work_centers", windows->value("work_centers", Json::array())},
                  {"windows", at(*windows, "windows")}};
  req.action = {{"department", dept},
                {"work_center_ids", at(*windows, "work_center_ids")},
                {"windows", at(*windows, "windows")}};
  req.reason = "overtime " + hours_text(placed) + " h in " + dept + ": waiting for a lead";
  return open_and_wait(box, ctx, req);
}

Result<NodeResult> after_overtime_decision(Toolbox& box, NodeContext& ctx) {
  return decision_outcome(box, ctx, [&](const Json& approval) -> Result<std::string> {
    const Json action = approval.value("applied_action", Json()).is_object()
                            ? approval["applied_action"]
                            : approval.value("action", Json::object());
    const Json windows = action.value("windows", Json::array());
    int64_t found = 0, checked = 0;
    for (const auto& id : action.value("work_center_ids", Json::array())) {
      auto cal = box.call(ctx, "calendars", {{"work_center_id", id}});
      if (!cal.ok()) return cal.error();
      const Json granted = at(at(*cal, "calendar"), "overtime");
      for (const auto& w : windows) {
        ++checked;
        for (const auto& g : granted.is_array() ? granted : Json::array()) {
          if (at(g, "start") == at(w, "start") && at(g, "end") == at(w, "end")) {
            ++found;
            break;
          }
        }
      }
    }
    return std::to_string(found) + " of " + std::to_string(checked) +
           " overtime windows are in the work centers' calendars";
  });
}

}  // namespace

std::shared_ptr<const Graph> make_capacity_graph(Toolbox& box) {
  return one_gate_graph(
      "capacity", "forecast", [&box](NodeContext& ctx) { return forecast(box, ctx); },
      [&box](NodeContext& ctx) { return request_overtime(box, ctx); },
      [&box](NodeContext& ctx) { return after_overtime_decision(box, ctx); });
}

}  // namespace kerf::agents
