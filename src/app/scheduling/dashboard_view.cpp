// SchedulingService::dashboard: the supervisor's dashboard (on-time delivery, late jobs,
// departments' WIP / queue / load, the bottleneck, schedule adherence) in one call.
#include <algorithm>
#include <chrono>
#include <map>
#include <set>

#include "app/scheduling/view_data.h"
#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/job_repo.h"
#include "kerf/store/operation_repo.h"
#include "kerf/store/schedule_slot_repo.h"

namespace kerf::app::scheduling {
namespace {

using model::JobStatus;
using model::OperationStatus;
using nlohmann::json;
using std::chrono::seconds;

constexpr size_t kMaxLateJobs = 20;

json rate(int64_t part, int64_t whole) {
  return whole > 0 ? json(static_cast<double>(part) / static_cast<double>(whole)) : json(nullptr);
}

double hours(int64_t s) { return static_cast<double>(s) / 3600.0; }

Result<std::vector<int64_t>> job_ids_with_status(store::Tx& tx,
                                                 std::initializer_list<JobStatus> statuses) {
  std::vector<int64_t> out;
  for (auto status : statuses) {
    store::ListQuery q;
    q.limit = 1000;
    q.filters["status"] = std::string(model::to_string(status));
    for (q.offset = 0;; q.offset += q.limit) {
      auto page = store::list_jobs(tx, q);
      if (!page.ok()) return page.error();
      for (const auto& j : page->items) out.push_back(j.id);
      if (static_cast<int64_t>(page->items.size()) < q.limit) break;
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

struct DepartmentFigures {
  int64_t wip = 0;
  int64_t queue = 0;
  int64_t queue_s = 0;
  int64_t load_s = 0;
  int64_t capacity_s = 0;
};

}  // namespace

Result<json> SchedulingService::dashboard(const Principal& who, int days) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (days < 1 || days > 366) return Error::invalid("days", "must be 1..366");
  const TimePoint now = services_.env().now();
  const TimePoint since = now - std::chrono::days(days);
  auto week_start = plant_bucket_start(now, 7 * 86400);
  if (!week_start.ok()) return week_start.error();
  // The plant-local Monday a week on (a DST change in between moves it by an hour).
  auto next_week = plant_bucket_start(*week_start + std::chrono::hours(7 * 24 + 12), 7 * 86400);
  if (!next_week.ok()) return next_week.error();
  const TimePoint week_end = *next_week;
  auto load_buckets = load(who, *week_start, week_end, 7 * 86400);
  if (!load_buckets.ok()) return load_buckets.error();

  return services_.db().read([&](store::Tx& tx) -> Result<json> {
    auto zone = plant_zone(tx);
    if (!zone.ok()) return zone.error();
    auto wcs = all_work_centers(tx);
    if (!wcs.ok()) return wcs.error();
    auto done_ids = job_ids_with_status(tx, {JobStatus::kComplete, JobStatus::kShipped});
    if (!done_ids.ok()) return done_ids.error();
    auto open_ids = job_ids_with_status(tx, {JobStatus::kPlanned, JobStatus::kReleased,
                                             JobStatus::kInProgress, JobStatus::kOnHold});
    if (!open_ids.ok()) return open_ids.error();
    auto done = load_job_data(tx, *done_ids, true, false);
    if (!done.ok()) return done.error();
    auto open = load_job_data(tx, *open_ids, true, true);
    if (!open.ok()) return open.error();

    // On-time delivery: a job is completed when its last operation is.
    std::map<int64_t, TimePoint> completed_at;
    for (const auto& [id, op] : done->ops) {
      if (!op.completed_at) continue;
      auto [it, inserted] = completed_at.emplace(op.job_id, *op.completed_at);
      if (!inserted) it->second = std::max(it->second, *op.completed_at);
    }
    int64_t completed_jobs = 0, on_time_jobs = 0;
    for (const auto& [job_id, at] : completed_at) {
      if (at < since || at > now) continue;
      ++completed_jobs;
      if (at <= done->jobs.at(job_id).due) ++on_time_jobs;
    }

    // Late open jobs: scheduled finish after due, or past due already.
    struct Late {
      const model::Job* job;
      std::optional<TimePoint> end;
      int64_t lateness_s;
    };
    std::vector<Late> late;
    for (const auto& [id, job] : open->jobs) {
      auto f = open->job_finish.find(id);
      std::optional<TimePoint> end;
      if (f != open->job_finish.end()) end = f->second;
      const TimePoint finish = end ? std::max(*end, now) : now;
      if (finish > job.due) {
        late.push_back({&job, end, std::chrono::floor<seconds>(finish - job.due).count()});
      }
    }
    std::sort(late.begin(), late.end(), [](const Late& a, const Late& b) {
      return std::tie(b.lateness_s, a.job->id) < std::tie(a.lateness_s, b.job->id);
    });
    json late_items = json::array();
    for (const auto& l : late) {
      if (late_items.size() >= kMaxLateJobs) break;
      auto c = open->customers.find(l.job->customer_id);
      late_items.push_back(
          {{"job_id", l.job->id},
           {"job_number", l.job->number},
           {"due", format_iso8601(l.job->due)},
           {"projected_end", l.end ? json(format_iso8601(*l.end)) : json(nullptr)},
           {"lateness_seconds", l.lateness_s},
           {"customer", c == open->customers.end() ? json(nullptr) : json(c->second.name)}});
    }

    // Departments: WIP and queue from the open jobs' operations (by job, in sequence order).
    std::map<model::Department, DepartmentFigures> figures;
    std::map<int64_t, std::vector<const model::Operation*>> ops_of_job;
    for (const auto& [id, op] : open->ops) ops_of_job[op.job_id].push_back(&op);
    for (auto& [job_id, ops] : ops_of_job) {
      std::sort(ops.begin(), ops.end(),
                [](const auto* a, const auto* b) { return a->sequence < b->sequence; });
      const model::Job& job = open->jobs.at(job_id);
      const bool on_floor =
          job.status == JobStatus::kReleased || job.status == JobStatus::kInProgress;
      bool predecessor_done = true;
      for (const auto* op : ops) {
        auto& f = figures[op->department];
        if (op->status == OperationStatus::kRunning || op->status == OperationStatus::kPaused) {
          ++f.wip;
        } else if (on_floor && predecessor_done &&
                   (op->status == OperationStatus::kReady ||
                    op->status == OperationStatus::kPlanned)) {
          ++f.queue;
          const int64_t remaining =
              std::max<int64_t>(0, job.quantity - op->qty_good - op->qty_scrap);
          f.queue_s += op->setup_seconds + remaining * op->run_seconds_per_piece;
        }
        predecessor_done = op->status == OperationStatus::kComplete;
      }
    }
    // Load and capacity this plant week, from the scheduler's load computation.
    std::map<int64_t, model::Department> department_of;
    std::map<int64_t, const model::WorkCenter*> wc_by_id;
    for (const auto& wc : *wcs) {
      department_of[wc.id] = wc.department;
      wc_by_id[wc.id] = &wc;
    }
    std::map<int64_t, std::pair<int64_t, int64_t>> wc_load;  // planned, available
    for (const auto& b : *load_buckets) {
      auto& l = wc_load[b.work_center_id];
      l.first += b.planned_s;
      l.second += b.available_s;
    }
    json bottleneck = nullptr;
    double worst = 0;  // a work center without scheduled load is no bottleneck
    for (const auto& [wc_id, l] : wc_load) {
      auto d = department_of.find(wc_id);
      if (d == department_of.end()) continue;
      figures[d->second].load_s += l.first;
      figures[d->second].capacity_s += l.second;
      if (l.second <= 0) continue;
      const double u = static_cast<double>(l.first) / static_cast<double>(l.second);
      if (u > worst) {
        worst = u;
        bottleneck = {{"department", model::to_string(d->second)},
                      {"work_center_id", wc_id},
                      {"code", wc_by_id.at(wc_id)->code},
                      {"utilisation", u}};
      }
    }
    json departments = json::array();
    for (auto d : model::kAllDepartments) {
      const auto& f = figures[d];
      departments.push_back(
          {{"name", model::to_string(d)},
           {"wip", f.wip},
           {"queue", f.queue},
           {"queue_hours", hours(f.queue_s)},
           {"load_hours", hours(f.load_s)},
           {"capacity_hours", hours(f.capacity_s)},
           {"utilisation", f.capacity_s > 0
                               ? static_cast<double>(f.load_s) / static_cast<double>(f.capacity_s)
                               : 0.0}});
    }

    // Adherence: operations completed in the window vs their planned slot's plant-local days.
    std::vector<const model::Operation*> finished;
    for (const auto* ops : {&done->ops, &open->ops}) {
      for (const auto& [id, op] : *ops) {
        if (op.completed_at && *op.completed_at >= since && *op.completed_at <= now) {
          finished.push_back(&op);
        }
      }
    }
    std::vector<int64_t> finished_ids;
    for (const auto* op : finished) finished_ids.push_back(op->id);
    auto slots = store::list_schedule_slots_for_operations(tx, finished_ids);
    if (!slots.ok()) return slots.error();
    std::map<int64_t, const model::ScheduleSlot*> planned;  // earliest slot per operation
    for (const auto& s : *slots) planned.emplace(s.operation_id, &s);
    int64_t measured = 0, started_on_time = 0, finished_on_time = 0;
    for (const auto* op : finished) {
      auto p = planned.find(op->id);
      if (p == planned.end()) continue;
      ++measured;
      const auto start = op->started_at.value_or(*op->completed_at);
      if (zone->local_day(start) <= zone->local_day(p->second->start)) ++started_on_time;
      if (zone->local_day(*op->completed_at) <= zone->local_day(p->second->end)) {
        ++finished_on_time;
      }
    }

    return json{{"now", format_iso8601(now)},
                {"days", days},
                {"week", {{"from", format_iso8601(*week_start)}, {"to", format_iso8601(week_end)}}},
                {"on_time",
                 {{"completed_jobs", completed_jobs},
                  {"on_time_jobs", on_time_jobs},
                  {"rate", rate(on_time_jobs, completed_jobs)}}},
                {"late_jobs", {{"count", late.size()}, {"items", late_items}}},
                {"departments", departments},
                {"bottleneck", bottleneck},
                {"adherence",
                 {{"operations", measured},
                  {"started_on_time", started_on_time},
                  {"finished_on_time", finished_on_time},
                  {"rate", rate(finished_on_time, measured)}}}};
  });
}

}  // namespace kerf::app::scheduling
