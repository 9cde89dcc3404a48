// Capacity tools: forecast load vs capacity per department and plant week, the overtime each
// week needs, the shift calendars, and where overtime windows would go.
//
// Load of a week = the remaining work (setup unless running + remaining pieces x run time,
// divided by the work center's efficiency) of the open operations of active jobs due in that
// plant week (the first week also takes every overdue job). Capacity = the working time of the
// department's work centers in that week from now on (their shift calendars with holidays,
// overtime already granted and downtime, as the scheduler sees them). Spare capacity carries to
// later weeks (work may be done early); a week whose load exceeds its capacity plus the spare
// needs the difference as overtime.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "agents/shop/shop_util.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_zone.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/model/work_center.h"

namespace kerf::agents {
namespace {

using app::agent_principal;
using namespace shop;
using std::chrono::hours;
using std::chrono::seconds;

constexpr int64_t kWeekS = 7 * 86400;

double round2(double v) { return std::round(v * 100.0) / 100.0; }
double to_hours(int64_t s) { return round2(static_cast<double>(s) / 3600.0); }

Result<std::vector<model::WorkCenter>> all_work_centers(Toolbox& box) {
  return all_pages<model::WorkCenter>({}, [&](const store::ListQuery& q) {
    return box.services().master_data().list<model::WorkCenter>(agent_principal(), q);
  });
}

// Plant week starts: week 0 contains now; `weeks` + 1 boundaries.
Result<std::vector<TimePoint>> week_bounds(Toolbox& box, TimePoint now, int64_t weeks) {
  std::vector<TimePoint> out;
  auto w = box.scheduling().plant_bucket_start(now, kWeekS);
  if (!w.ok()) return w.error();
  out.push_back(*w);
  for (int64_t i = 0; i < weeks; ++i) {
    // Half a day past a week on, floored: the next local Monday whatever DST does.
    auto next = box.scheduling().plant_bucket_start(out.back() + seconds(kWeekS + 43200), kWeekS);
    if (!next.ok()) return next.error();
    out.push_back(*next);
  }
  return out;
}

// Remaining seconds of work of an open operation.
int64_t remaining_work_s(const model::Operation& op, const model::Job& job,
                         const std::map<int64_t, const model::WorkCenter*>& wcs) {
  const int64_t pieces = std::max<int64_t>(0, job.quantity - op.qty_good - op.qty_scrap);
  const bool started =
      op.status == model::OperationStatus::kRunning || op.status == model::OperationStatus::kPaused;
  double s =
      static_cast<double>((started ? 0 : op.setup_seconds) + pieces * op.run_seconds_per_piece);
  for (int64_t id : op.eligible_work_center_ids) {
    auto it = wcs.find(id);
    if (it != wcs.end() && it->second->efficiency > 0) {
      s /= it->second->efficiency;
      break;
    }
  }
  return static_cast<int64_t>(std::ceil(s));
}

Result<Json> department_load(Toolbox& box, const Json& args) {
  const int64_t weeks = int_at(args, "weeks", box.settings().forecast_weeks);
  const std::string only = str_at(args, "department");
  const TimePoint now = box.services().env().now();
  auto bounds = week_bounds(box, now, weeks);
  if (!bounds.ok()) return bounds.error();
  auto zone = box.plant_zone();
  if (!zone.ok()) return zone.error();
  auto wcs = all_work_centers(box);
  if (!wcs.ok()) return wcs.error();
  std::map<int64_t, const model::WorkCenter*> wc_by_id;
  for (const auto& w : *wcs) wc_by_id[w.id] = &w;

  // Capacity: working seconds per work center per week, from now on.
  auto buckets = box.scheduling().load(agent_principal(), now, bounds->back(), kWeekS);
  if (!buckets.ok()) return buckets.error();
  auto week_of = [&](TimePoint t) -> int64_t {
    for (int64_t i = 0; i < weeks; ++i) {
      if (t < (*bounds)[i + 1]) return i;
    }
    return -1;
  };
  struct Dept {
    std::vector<int64_t> load_s, capacity_s, planned_s;
    Json work_centers = Json::array();
  };
  std::map<std::string, Dept> depts;
  auto dept = [&](const std::string& name) -> Dept& {
    Dept& d = depts[name];
    if (d.load_s.empty()) {
      d.load_s.assign(weeks, 0);
      d.capacity_s.assign(weeks, 0);
      d.planned_s.assign(weeks, 0);
    }
    return d;
  };
  for (const auto& w : *wcs) {
    const std::string name(model::to_string(w.department));
    if (!only.empty() && name != only) continue;
    dept(name).work_centers.push_back({{"id", w.id}, {"code", w.code}});
  }
  for (const auto& b : *buckets) {
    auto w = wc_by_id.find(b.work_center_id);
    if (w == wc_by_id.end()) continue;
    const std::string name(model::to_string(w->second->department));
    if (!only.empty() && name != only) continue;
    const int64_t i = week_of(b.start);
    if (i < 0) continue;
    dept(name).capacity_s[i] += b.available_s;
    dept(name).planned_s[i] += b.planned_s;
  }

  // Load: open operations of active jobs by the week of their job's due date.
  int64_t jobs_counted = 0;
  for (auto status :
       {model::JobStatus::kPlanned, model::JobStatus::kReleased, model::JobStatus::kInProgress}) {
    store::ListQuery q;
    q.filters["status"] = std::string(model::to_string(status));
    auto jobs = all_pages<model::Job>(q, [&](const store::ListQuery& page) {
      return box.services().jobs().list(agent_principal(), page);
    });
    if (!jobs.ok()) return jobs.error();
    for (const auto& job : *jobs) {
      const int64_t i = job.due < (*bounds)[1] ? 0 : week_of(job.due);
      if (i < 0) continue;
      auto detail = box.services().jobs().get(agent_principal(), job.id);
      if (!detail.ok()) return detail.error();
      ++jobs_counted;
      for (const auto& op : detail->operations) {
        if (op.status == model::OperationStatus::kComplete) continue;
        const std::string name(model::to_string(op.department));
        if (!only.empty() && name != only) continue;
        dept(name).load_s[i] += remaining_work_s(op, job, wc_by_id);
      }
    }
  }

  Json out_depts = Json::array();
  for (auto& [name, d] : depts) {
    Json week_items = Json::array();
    int64_t spare = 0;
    double total_overtime = 0;
    for (int64_t i = 0; i < weeks; ++i) {
      const int64_t available = d.capacity_s[i] + spare;
      int64_t overtime = 0;
      if (d.load_s[i] > available) {
        overtime = d.load_s[i] - available;
        spare = 0;
      } else {
        spare = available - d.load_s[i];
      }
      total_overtime += to_hours(overtime);
      week_items.push_back({{"week_start", iso((*bounds)[i])},
                            {"week_of", format_local_iso8601((*bounds)[i], *zone).substr(0, 10)},
                            {"week_end", iso((*bounds)[i + 1])},
                            {"load_h", to_hours(d.load_s[i])},
                            {"capacity_h", to_hours(d.capacity_s[i])},
                            {"planned_h", to_hours(d.planned_s[i])},
                            {"overtime_h", to_hours(overtime)}});
    }
    out_depts.push_back({{"department", name},
                         {"work_centers", d.work_centers},
                         {"weeks", week_items},
                         {"overtime_h", round2(total_overtime)}});
  }
  return Json{{"now", iso(now)}, {"jobs", jobs_counted}, {"departments", out_depts}};
}

Json calendar_json(const model::ShiftCalendar& c) {
  static const char* kDays[] = {"monday", "tuesday",  "wednesday", "thursday",
                                "friday", "saturday", "sunday"};
  Json week = Json::object();
  for (int d = 0; d < 7; ++d) {
    Json shifts = Json::array();
    for (const auto& s : c.week[d]) {
      shifts.push_back({{"name", s.name},
                        {"start_minute", s.start_minute},
                        {"end_minute", s.end_minute},
                        {"working_minutes", s.working_minutes()}});
    }
    week[kDays[d]] = shifts;
  }
  Json overtime = Json::array();
  for (const auto& o : c.overtime) {
    overtime.push_back({{"start", iso(o.start)}, {"end", iso(o.end)}, {"reason", o.reason}});
  }
  return {{"id", c.id}, {"name", c.name}, {"week", week}, {"overtime", overtime}};
}

Result<Json> calendars(Toolbox& box, const Json& args) {
  auto w = box.services().master_data().get<model::WorkCenter>(agent_principal(),
                                                               int_at(args, "work_center_id"));
  if (!w.ok()) return w.error();
  if (w->calendar_id == 0) return Json{{"work_center", w->code}, {"calendar", nullptr}};
  auto c =
      box.services().master_data().get<model::ShiftCalendar>(agent_principal(), w->calendar_id);
  if (!c.ok()) return c.error();
  return Json{{"work_center", w->code}, {"calendar", calendar_json(*c)}};
}

// Where `hours` of department overtime would go in the plant week starting `week_start`: each
// of the department's work centers with a shift calendar gets the same windows, hours / N
// each (rounded up to a quarter hour). Saturday from 06:00 plant-local when no calendar has a
// Saturday shift and it is still ahead (at most 12 h; the rest on Sunday 06:00 likewise),
// otherwise after the last shift of each remaining weekday (spread evenly, at most 8 h a day).
Result<Json> overtime_windows(Toolbox& box, const Json& args) {
  const std::string department = str_at(args, "department");
  const double total_h = num_at(args, "hours");
  auto week_start = time_at(args, "week_start");
  if (!week_start) return Error::invalid("arguments.week_start", "expected an ISO 8601 instant");
  auto wcs = all_work_centers(box);
  if (!wcs.ok()) return wcs.error();
  std::vector<const model::WorkCenter*> members;
  std::vector<model::ShiftCalendar> cals;
  for (const auto& w : *wcs) {
    if (model::to_string(w.department) != department || w.calendar_id == 0) continue;
    auto c =
        box.services().master_data().get<model::ShiftCalendar>(agent_principal(), w.calendar_id);
    if (!c.ok()) return c.error();
    members.push_back(&w);
    cals.push_back(*c);
  }
  if (members.empty()) {
    return Error::precondition("department " + department +
                               " has no work center with a shift calendar to add overtime to");
  }
  auto zone = box.plant_zone();
  if (!zone.ok()) return zone.error();
  const TimePoint now = box.services().env().now();
  const double per_wc_h = std::ceil(total_h / static_cast<double>(members.size()) * 4.0) / 4.0;
  int64_t left_s = static_cast<int64_t>(per_wc_h * 3600);
  const LocalDays monday = zone->local_day(*week_start);
  Json windows = Json::array();
  auto add = [&](TimePoint start, int64_t length_s) {
    windows.push_back({{"start", iso(start)}, {"end", iso(start + seconds(length_s))}});
    left_s -= length_s;
  };
  auto free_day = [&](int d) {
    return std::all_of(cals.begin(), cals.end(), [&](const auto& c) { return c.week[d].empty(); });
  };
  for (int d : {5, 6}) {  // Saturday, Sunday
    if (left_s <= 0 || !free_day(d)) continue;
    const TimePoint start = zone->to_utc(LocalTime(monday + std::chrono::days(d)) + hours(6));
    if (start <= now) continue;
    add(start, std::min<int64_t>(left_s, 12 * 3600));
  }
  if (left_s > 0) {
    // After the last shift of each weekday still ahead.
    std::vector<TimePoint> starts;
    for (int d = 0; d < 5; ++d) {
      int32_t last_end = -1;
      for (const auto& c : cals) {
        for (const auto& s : c.week[d]) last_end = std::max(last_end, s.end_minute);
      }
      if (last_end < 0) continue;
      const TimePoint start =
          zone->to_utc(LocalTime(monday + std::chrono::days(d)) + std::chrono::minutes(last_end));
      if (start > now) starts.push_back(start);
    }
    if (!starts.empty()) {
      const int64_t each =
          std::min<int64_t>(8 * 3600, (left_s + static_cast<int64_t>(starts.size()) - 1) /
                                          static_cast<int64_t>(starts.size()));
      for (const TimePoint s : starts) {
        if (left_s <= 0) break;
        // Whole minutes, so the windows read well.
        add(s, std::min<int64_t>(left_s, (each + 59) / 60 * 60));
      }
    }
  }
  Json ids = Json::array(), codes = Json::array();
  for (const auto* w : members) {
    ids.push_back(w->id);
    codes.push_back({{"id", w->id}, {"code", w->code}});
  }
  return Json{{"department", department}, {"work_center_ids", ids},
              {"work_centers", codes},    {"hours_per_work_center", per_wc_h},
              {"windows", windows},       {"unplaced_h", to_hours(std::max<int64_t>(0, left_s))}};
}

Json department_prop() {
  return {{"type", "string"}, {"description", "department name, e.g. laser"}, {"maxLength", 64}};
}

}  // namespace

void add_capacity_tools(Toolbox& box) {
  box.add({{"department_load",
            "Forecast load vs capacity per department and plant week (open work of jobs due "
            "that week vs working time of the department's work centers) and the overtime "
            "hours each week needs.",
            object_schema({{"weeks", int_prop("plant weeks ahead, this one first", 1, 26)},
                           {"department", department_prop()}})},
           true,
           [&box](const Json& a) { return department_load(box, a); }});
  box.add({{"calendars",
            "The shift calendar of a work center: shifts per weekday and overtime windows.",
            object_schema({{"work_center_id", int_prop("work center id", 1, INT64_MAX)}},
                          {"work_center_id"})},
           true,
           [&box](const Json& a) { return calendars(box, a); }});
  box.add({{"overtime_windows",
            "Where overtime of a department in a plant week would go: windows on Saturday from "
            "06:00, or after the last shift on weekdays, for each of its work centers.",
            object_schema({{"department", department_prop()},
                           {"week_start", {{"type", "string"}, {"maxLength", 40}}},
                           {"hours", {{"type", "number"}, {"minimum", 0}, {"maximum", 168}}}},
                          {"department", "week_start", "hours"})},
           true,
           [&box](const Json& a) { return overtime_windows(box, a); }});
}

}  // namespace kerf::agents
