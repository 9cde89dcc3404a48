// SchedulingService read side: stored slots, load vs capacity and conflicts.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/schedule/checker.h"
#include "kerf/store/job_repo.h"
#include "kerf/store/operation_repo.h"
#include "kerf/store/schedule_slot_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

using model::Role;
using nlohmann::json;

constexpr size_t kMaxSlots = 5000;

}  // namespace

Result<std::vector<SlotView>> SchedulingService::slots(const Principal& who,
                                                       const SlotFilter& filter) {
  KERF_TRY(authorize(who, Permission::kRead));
  return services_.db().read([&](store::Tx& tx) -> Result<std::vector<SlotView>> {
    std::map<int64_t, model::WorkCenter> wcs;
    store::ListQuery wq;
    wq.limit = 1000;
    for (wq.offset = 0;; wq.offset += wq.limit) {
      auto page = store::list_work_centers(tx, wq);
      if (!page.ok()) return page.error();
      for (auto& w : page->items) wcs.emplace(w.id, std::move(w));
      if (static_cast<int64_t>(page->items.size()) < wq.limit) break;
    }
    std::vector<SlotView> out;
    std::map<int64_t, model::Operation> ops;
    std::map<int64_t, std::string> job_numbers;
    store::ListQuery q;
    q.limit = 1000;
    q.sort = "start_at";
    if (filter.work_center_id) q.filters["work_center_id"] = *filter.work_center_id;
    for (q.offset = 0;; q.offset += q.limit) {
      auto page = store::list_schedule_slots(tx, q);
      if (!page.ok()) return page.error();
      for (auto& s : page->items) {
        if (filter.from && s.end <= *filter.from) continue;
        if (filter.to && s.start >= *filter.to) continue;
        auto wc = wcs.find(s.work_center_id);
        if (filter.department && (wc == wcs.end() || wc->second.department != *filter.department))
          continue;
        if (out.size() >= kMaxSlots) break;
        SlotView v;
        v.slot = s;
        if (wc != wcs.end()) {
          v.work_center_code = wc->second.code;
          v.department = std::string(model::to_string(wc->second.department));
        }
        auto op = ops.find(s.operation_id);
        if (op == ops.end()) {
          auto got = store::get_operation(tx, s.operation_id);
          if (!got.ok()) return got.error();
          op = ops.emplace(s.operation_id, std::move(*got)).first;
        }
        v.operation = op->second.name;
        v.job_id = op->second.job_id;
        auto jn = job_numbers.find(v.job_id);
        if (jn == job_numbers.end()) {
          auto job = store::get_job(tx, v.job_id);
          if (!job.ok()) return job.error();
          jn = job_numbers.emplace(v.job_id, job->number).first;
        }
        v.job_number = jn->second;
        out.push_back(std::move(v));
      }
      if (static_cast<int64_t>(page->items.size()) < q.limit || out.size() >= kMaxSlots) break;
    }
    return out;
  });
}

Result<std::vector<LoadBucket>> SchedulingService::load(const Principal& who, TimePoint from,
                                                        TimePoint to, int64_t bucket_s) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (to <= from) return Error::invalid("to", "must be after from");
  if (bucket_s <= 0 || bucket_s % 86400 != 0) {
    return Error::invalid("granularity", "must be a whole number of plant days");
  }
  BuildOptions bo;
  bo.now = from;  // tick 0 = from: the calendars cover the requested range
  const int64_t span_s = std::chrono::ceil<std::chrono::seconds>(to - from).count();
  bo.horizon_s = span_s;
  bo.calendar_days = span_s / 86400 + 1;
  bo.assumed_down_s = options_.assumed_down_s;
  auto mapped = services_.db().read([&](store::Tx& tx) { return build_problem(tx, bo); });
  if (!mapped.ok()) return mapped.error();
  auto current = current_schedule(*mapped);
  return load_vs_capacity(*mapped, current, 0, span_s, bucket_s);
}

Result<TimePoint> SchedulingService::plant_bucket_start(TimePoint t, int64_t bucket_s) {
  if (bucket_s <= 0 || bucket_s % 86400 != 0) {
    return Error::invalid("granularity", "must be a whole number of plant days");
  }
  auto zone = services_.db().read([&](store::Tx& tx) { return plant_zone(tx); });
  if (!zone.ok()) return zone.error();
  return plant_bucket_floor(t, bucket_s, *zone);
}

Result<json> SchedulingService::conflicts(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  auto mapped = build(Horizon::kWeekly);
  if (!mapped.ok()) return mapped.error();
  int missing = 0;
  auto current = current_schedule(*mapped, &missing);
  json conflicts = json::array();
  // Slots on work centers that are down now.
  const auto down_end = mapped->to_time(options_.assumed_down_s);
  const auto now = mapped->origin;
  for (const auto& s : mapped->slots) {
    auto m = mapped->machine_index.find(s.work_center_id);
    if (m == mapped->machine_index.end() ||
        !mapped->work_center_down[static_cast<size_t>(m->second)])
      continue;
    if (s.end > now && s.start < down_end) {
      conflicts.push_back(
          {{"kind", "down"},
           {"operation_id", s.operation_id},
           {"message", "slot " + std::to_string(s.id) + " is on work center " +
                           mapped->work_center_codes[static_cast<size_t>(m->second)] +
                           " which is down"}});
    }
  }
  for (const auto& s : mapped->nest_slots) {
    auto m = mapped->machine_index.find(s.work_center_id);
    if (m == mapped->machine_index.end() ||
        !mapped->work_center_down[static_cast<size_t>(m->second)])
      continue;
    if (s.end > now && s.start < down_end) {
      conflicts.push_back(
          {{"kind", "down"},
           {"operation_id", 0},
           {"nest_id", s.nest_id},
           {"message", "nest slot " + std::to_string(s.id) + " is on work center " +
                           mapped->work_center_codes[static_cast<size_t>(m->second)] +
                           " which is down"}});
    }
  }
  // Checker violations of the placed part (unplaced ops are reported as a count).
  const std::set<schedule::ViolationKind> kinds = {
      schedule::ViolationKind::kOverlap, schedule::ViolationKind::kPrecedence,
      schedule::ViolationKind::kMachine, schedule::ViolationKind::kRelease};
  auto report = schedule::check(mapped->problem, current);
  for (const auto& v : report.violations) {
    if (!kinds.count(v.kind) || conflicts.size() >= 500) continue;
    if (v.operation >= 0 &&
        current.slots[static_cast<size_t>(v.operation)].start >= schedule::kInfinity)
      continue;
    json item = {
        {"kind", schedule::violation_kind_name(v.kind)},
        {"operation_id",
         v.operation >= 0 ? mapped->operation_ids[static_cast<size_t>(v.operation)] : int64_t{0}},
        {"message", v.message}};
    if (int64_t nest = nest_of(*mapped, v.operation); nest > 0) item["nest_id"] = nest;
    conflicts.push_back(std::move(item));
  }
  json late = json::array();
  for (const auto& j : explain_late_jobs(*mapped, current, 50)) late.push_back(to_json(j));
  return json{{"conflicts", conflicts},
              {"unscheduled_operations", missing},
              {"late_jobs", late},
              {"warnings", mapped->warnings}};
}

}  // namespace kerf::app::scheduling
