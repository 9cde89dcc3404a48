// SchedulingService::board: everything the planner board (Gantt) draws, in one read.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "app/scheduling/board_nests.h"
#include "app/scheduling/view_data.h"
#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/schedule/calendar_builder.h"
#include "kerf/store/calendar_repo.h"
#include "kerf/store/machine_repo.h"
#include "kerf/store/schedule_slot_repo.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;
using std::chrono::seconds;

bool is_down(const model::WorkCenter& wc) {
  return wc.status == model::WorkCenterStatus::kDown ||
         wc.status == model::WorkCenterStatus::kMaintenance;
}

bool started(model::OperationStatus s) {
  return s == model::OperationStatus::kRunning || s == model::OperationStatus::kPaused ||
         s == model::OperationStatus::kComplete;
}

json board_slot_json(const model::ScheduleSlot& s, const ViewData& v, TimePoint setup_end) {
  json out = {{"id", s.id},
              {"operation_id", s.operation_id},
              {"work_center_id", s.work_center_id},
              {"start", format_iso8601(s.start)},
              {"end", format_iso8601(s.end)},
              {"setup_end", format_iso8601(setup_end)},
              {"pinned", s.pinned},
              {"locked", s.locked},
              {"version", s.version}};
  auto op = v.ops.find(s.operation_id);
  if (op == v.ops.end()) return out;
  const model::Operation& o = op->second;
  out["op_name"] = o.name;
  out["op_status"] = model::to_string(o.status);
  out["sequence"] = o.sequence;
  out["department"] = model::to_string(o.department);
  out["qty_good"] = o.qty_good;
  out["qty_scrap"] = o.qty_scrap;
  out["eligible_work_center_ids"] = o.eligible_work_center_ids;
  out["job_id"] = o.job_id;
  auto job = v.jobs.find(o.job_id);
  if (job == v.jobs.end()) return out;
  const model::Job& j = job->second;
  out["job_number"] = j.number;
  out["job_status"] = model::to_string(j.status);
  out["priority"] = j.priority;
  out["due"] = format_iso8601(j.due);
  out["quantity"] = j.quantity;
  if (auto p = v.parts.find(j.part_id); p != v.parts.end()) {
    out["part_number"] = p->second.number;
    out["part_name"] = p->second.description;
  } else {
    out["part_number"] = nullptr;
    out["part_name"] = nullptr;
  }
  if (auto c = v.customers.find(j.customer_id); c != v.customers.end()) {
    out["customer"] = c->second.name;
    out["vip"] = c->second.vip;
  } else {
    out["customer"] = nullptr;
    out["vip"] = false;
  }
  if (auto f = v.job_finish.find(j.id); f != v.job_finish.end()) {
    out["lateness_seconds"] = std::chrono::floor<seconds>(f->second - j.due).count();
  } else {
    out["lateness_seconds"] = nullptr;
  }
  return out;
}

}  // namespace

Result<json> SchedulingService::board(const Principal& who, std::optional<TimePoint> from_in,
                                      std::optional<TimePoint> to_in) {
  KERF_TRY(authorize(who, Permission::kRead));
  const TimePoint now = services_.env().now();
  return services_.db().read([&](store::Tx& tx) -> Result<json> {
    auto zone = plant_zone(tx);
    if (!zone.ok()) return zone.error();
    TimePoint from =
        from_in.value_or(zone->start_of_day(zone->local_day(now) - std::chrono::days(1)));
    TimePoint to = to_in.value_or(from + std::chrono::days(14));
    if (!to_in && !from_in) {
      // Defaulted: end on the plant-local midnight 14 days on (DST moves it by an hour).
      to = zone->start_of_local_day(to + std::chrono::hours(12));
    }
    if (to <= from) return Error::invalid("to", "must be after from");
    if (to - from > std::chrono::days(kMaxBoardDays)) {
      return Error::invalid("to", "at most " + std::to_string(kMaxBoardDays) + " days after from");
    }
    from = std::chrono::floor<seconds>(from);
    const schedule::Interval span{0, std::chrono::ceil<seconds>(to - from).count()};

    auto wcs = all_work_centers(tx);
    if (!wcs.ok()) return wcs.error();
    auto slots = store::list_schedule_slots_overlapping(tx, from, to);
    if (!slots.ok()) return slots.error();
    std::set<int64_t> op_set;
    for (const auto& s : *slots) op_set.insert(s.operation_id);
    const std::vector<int64_t> op_ids(op_set.begin(), op_set.end());
    auto data = load_view_data(tx, op_ids, true);
    if (!data.ok()) return data.error();
    auto counted = store::slot_machine_actuals(tx, from, to);
    if (!counted.ok()) return counted.error();
    std::map<int64_t, const store::MachineActuals*> counted_by_op;
    for (const auto& a : *counted) counted_by_op.emplace(a.operation_id, &a);

    // Departments in model order, work centers by code.
    json departments = json::array();
    for (auto d : model::kAllDepartments) {
      json centers = json::array();
      for (const auto& wc : *wcs) {
        if (wc.department != d) continue;
        centers.push_back({{"id", wc.id},
                           {"code", wc.code},
                           {"name", wc.name},
                           {"status", model::to_string(wc.status)},
                           {"calendar_id", wc.calendar_id}});
      }
      departments.push_back({{"name", model::to_string(d)}, {"work_centers", centers}});
    }

    // Slots with their setup part: an op that has started has none; an op following one of
    // the same setup family on its work center has none (the scheduler's setup rule).
    std::map<int64_t, const model::ScheduleSlot*> prev_on_wc;
    json items = json::array();
    for (const auto& s : *slots) {
      TimePoint setup_end = s.start;
      auto op = data->ops.find(s.operation_id);
      if (op != data->ops.end() && !started(op->second.status)) {
        int64_t setup = op->second.setup_seconds;
        auto prev = prev_on_wc.find(s.work_center_id);
        if (prev != prev_on_wc.end() && !op->second.setup_family.empty()) {
          auto prev_op = data->ops.find(prev->second->operation_id);
          if (prev_op != data->ops.end() &&
              prev_op->second.setup_family == op->second.setup_family) {
            setup = 0;
          }
        }
        setup_end = std::min(s.end, s.start + seconds(setup));
      }
      prev_on_wc[s.work_center_id] = &s;
      json item = board_slot_json(s, *data, setup_end);
      // What machines counted on an operation under way.
      if (auto a = counted_by_op.find(s.operation_id);
          a != counted_by_op.end() && op != data->ops.end() && started(op->second.status)) {
        item["machine_qty"] = a->second->machine_qty;
        item["machine_run_s"] = a->second->machine_run_ms / 1000;
      }
      items.push_back(std::move(item));
    }

    // Nests (Sigmanest programs) planned as batches: their own entries, kind "nest".
    auto nests = board_nest_entries(tx, from, to);
    if (!nests.ok()) return nests.error();

    // Non-working time from each work center's shift calendar (the scheduler's own calendar).
    json off_shift = json::array();
    json downtime = json::array();
    std::map<int64_t, model::ShiftCalendar> calendars;
    for (const auto& wc : *wcs) {
      if (wc.calendar_id > 0) {
        auto it = calendars.find(wc.calendar_id);
        if (it == calendars.end()) {
          auto cal = store::get_calendar(tx, wc.calendar_id);
          if (!cal.ok()) return cal.error();
          it = calendars.emplace(wc.calendar_id, std::move(*cal)).first;
        }
        auto cal = shift_calendar(it->second, wc.code, *zone, from, span);
        if (!cal.ok()) return cal.error();
        std::vector<schedule::Interval> off =
            cal->always_open ? std::vector<schedule::Interval>{}
                             : schedule::subtract_intervals({span}, cal->windows);
        for (const auto& iv : off) {
          off_shift.push_back({{"work_center_id", wc.id},
                               {"start", format_iso8601(from + seconds(iv.start))},
                               {"end", format_iso8601(from + seconds(iv.end))}});
        }
      }
      if (is_down(wc)) {
        const TimePoint down_from = std::max(from, now);
        const TimePoint down_to = std::min(to, now + seconds(options_.assumed_down_s));
        if (down_to > down_from) {
          downtime.push_back({{"work_center_id", wc.id},
                              {"start", format_iso8601(down_from)},
                              {"end", format_iso8601(down_to)},
                              {"reason", model::to_string(wc.status)}});
        }
      }
    }
    return json{
        {"from", format_iso8601(from)}, {"to", format_iso8601(to)},   {"now", format_iso8601(now)},
        {"time_zone", zone->name()},    {"departments", departments}, {"slots", items},
        {"nests", std::move(*nests)},   {"off_shift", off_shift},     {"downtime", downtime}};
  });
}

}  // namespace kerf::app::scheduling
