// Rough-cut capacity and due-date feasibility of a demo shop (see rough_cut.h).
#include "kerf/sim/rough_cut.h"

#include <algorithm>
#include <limits>
#include <map>
#include <unordered_map>

namespace kerf::sim {

using namespace model;

namespace {

double working_seconds(const ShiftCalendar& calendar, TimePoint from, TimePoint to,
                       const TimeZone& zone) {
  double total = 0;
  if (to <= from) return 0;
  for (const auto& [start, end] : calendar.working_windows(from, to, zone)) {
    total += std::chrono::duration<double>(end - start).count();
  }
  return total;
}

// The plant's zone (UTC when the stored name is unknown: the rough cut is an estimate).
TimeZone zone_of(const DemoShop& shop) {
  auto zone = shop.plant.zone();
  return zone.ok() ? *zone : TimeZone::utc();
}

const ShiftCalendar* calendar_of(const DemoShop& shop, int64_t id) {
  for (const ShiftCalendar& c : shop.calendars) {
    if (c.id == id) return &c;
  }
  return nullptr;
}

bool is_open(const Job& job) {
  return job.status != JobStatus::kComplete && job.status != JobStatus::kShipped &&
         job.status != JobStatus::kCancelled;
}

}  // namespace

double remaining_work_seconds(const DemoShop& shop, const Job& job, const Operation& op) {
  if (op.status == OperationStatus::kComplete) return 0;
  double efficiency = 0;
  int n = 0;
  for (int64_t id : op.eligible_work_center_ids) {
    for (const WorkCenter& wc : shop.work_centers) {
      if (wc.id != id) continue;
      efficiency += wc.efficiency;
      ++n;
    }
  }
  efficiency = n > 0 ? efficiency / n : 1.0;
  const bool started = op.started_at.has_value();
  const int64_t remaining = std::max<int64_t>(0, job.quantity - op.qty_good - op.qty_scrap);
  const double setup = started ? 0.0 : static_cast<double>(op.setup_seconds);
  return setup + static_cast<double>(remaining * op.run_seconds_per_piece) / efficiency;
}

std::vector<DepartmentLoad> rough_cut_load(const DemoShop& shop, TimePoint from, TimePoint to) {
  std::map<Department, DepartmentLoad> by_department;
  const TimeZone zone = zone_of(shop);
  for (const WorkCenter& wc : shop.work_centers) {
    DepartmentLoad& d = by_department[wc.department];
    d.department = wc.department;
    if (const ShiftCalendar* c = calendar_of(shop, wc.calendar_id)) {
      d.capacity_hours += working_seconds(*c, from, to, zone) / 3600.0;
    }
  }
  std::unordered_map<int64_t, const Job*> jobs;
  for (const Job& j : shop.jobs) jobs[j.id] = &j;
  for (const Operation& op : shop.operations) {
    auto it = jobs.find(op.job_id);
    if (it == jobs.end() || !is_open(*it->second)) continue;
    auto d = by_department.find(op.department);
    if (d == by_department.end()) continue;
    d->second.work_hours += remaining_work_seconds(shop, *it->second, op) / 3600.0;
  }
  std::vector<DepartmentLoad> out;
  for (const auto& [department, load] : by_department) out.push_back(load);
  return out;
}

std::vector<ChainCheck> chain_checks(const DemoShop& shop, TimePoint from) {
  // The most restrictive calendar: least working time over the next three weeks.
  const ShiftCalendar* slowest = nullptr;
  const TimeZone zone = zone_of(shop);
  double least = std::numeric_limits<double>::infinity();
  for (const ShiftCalendar& c : shop.calendars) {
    double s = working_seconds(c, from, from + std::chrono::days(21), zone);
    if (s < least) {
      least = s;
      slowest = &c;
    }
  }
  std::unordered_map<int64_t, ChainCheck> by_job;
  std::vector<int64_t> order;
  for (const Job& job : shop.jobs) {
    if (!is_open(job)) continue;
    ChainCheck c;
    c.job_id = job.id;
    if (slowest != nullptr) {
      c.available_hours = working_seconds(*slowest, from, job.due, zone) / 3600.0;
    }
    by_job[job.id] = c;
    order.push_back(job.id);
  }
  std::unordered_map<int64_t, const Job*> jobs;
  for (const Job& j : shop.jobs) jobs[j.id] = &j;
  for (const Operation& op : shop.operations) {
    auto it = by_job.find(op.job_id);
    if (it == by_job.end() || op.status == OperationStatus::kComplete) continue;
    const double work = remaining_work_seconds(shop, *jobs[op.job_id], op);
    it->second.chain_hours += (work + static_cast<double>(op.transfer_seconds)) / 3600.0;
  }
  std::vector<ChainCheck> out;
  for (int64_t id : order) out.push_back(by_job[id]);
  return out;
}

}  // namespace kerf::sim
