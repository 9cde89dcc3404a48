// NestService's reads: a nest, the list, the lasers' NC queues and nest efficiency per day.
#include <algorithm>
#include <map>
#include <set>
#include <tuple>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/core/time_format.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/schedule_slot_repo.h"

namespace kerf::app {
namespace {

// A plant-local calendar date "YYYY-MM-DD" (field `field` when malformed).
Result<LocalDays> parse_day(const std::string& text, const char* field) {
  if (text.size() != 10) return Error::invalid(field, "must be a date YYYY-MM-DD");
  auto t = parse_instant(text, DateOnly::kUtcMidnight);
  if (!t.ok()) return Error::invalid(field, "must be a date YYYY-MM-DD: " + t.error().message);
  auto day = std::chrono::floor<std::chrono::days>(*t);
  return LocalDays(day.time_since_epoch());
}

std::string day_text(LocalDays day) {
  const std::chrono::year_month_day ymd{std::chrono::sys_days(day.time_since_epoch())};
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

// "stainless_304 1.5 x 3000 x 1500"
std::string sheet_label(const model::SheetStock& s) {
  return std::string(model::to_string(s.material)) + " " + number_text(s.thickness_mm) + " x " +
         number_text(s.length_mm) + " x " + number_text(s.width_mm);
}

constexpr int64_t kMaxEfficiencyDays = 366;

}  // namespace

Result<model::Nest> NestService::get(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) { return store::get_nest(tx, id); });
}

Result<std::optional<model::Nest>> NestService::find_by_program(const Principal& who,
                                                                const std::string& program_name) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read(
      [&](store::Tx& tx) { return store::find_nest_by_program(tx, program_name); });
}

Result<store::Page<model::Nest>> NestService::list(const Principal& who,
                                                   const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) { return store::list_nests(tx, query); });
}

Result<std::vector<LaserQueueEntry>> NestService::laser_queue(
    const Principal& who, std::optional<int64_t> work_center_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (work_center_id && *work_center_id < 0) {
    return Error::invalid("work_center_id", "must not be negative");
  }
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<LaserQueueEntry>> {
    auto nests = store::open_nests(tx, work_center_id);
    if (!nests.ok()) return nests.error();
    std::map<int64_t, std::string> wc_codes;
    std::map<int64_t, model::SheetStock> sheets;
    std::map<int64_t, std::string> heat_numbers;
    std::map<int64_t, std::string> job_numbers;
    std::vector<LaserQueueEntry> out;
    out.reserve(nests->size());
    for (auto& nest : *nests) {
      LaserQueueEntry e;
      if (nest.work_center_id != 0) {
        auto it = wc_codes.find(nest.work_center_id);
        if (it == wc_codes.end()) {
          auto wc = repo::get<model::WorkCenter>(tx, nest.work_center_id);
          if (!wc.ok()) return wc.error();
          it = wc_codes.emplace(wc->id, wc->code).first;
        }
        e.work_center_code = it->second;
      }
      auto sheet_it = sheets.find(nest.sheet_id);
      if (sheet_it == sheets.end()) {
        auto sheet = repo::get<model::SheetStock>(tx, nest.sheet_id);
        if (!sheet.ok()) return sheet.error();
        sheet_it = sheets.emplace(sheet->id, *sheet).first;
      }
      e.sheet_label = sheet_label(sheet_it->second);
      const int64_t lot_id = sheet_it->second.heat_lot_id;
      auto lot_it = heat_numbers.find(lot_id);
      if (lot_it == heat_numbers.end()) {
        auto lot = repo::get<model::HeatLot>(tx, lot_id);
        if (!lot.ok()) return lot.error();
        lot_it = heat_numbers.emplace(lot_id, lot->number).first;
      }
      e.heat_number = lot_it->second;
      std::set<int64_t> seen_jobs;
      std::vector<int64_t> operation_ids;
      for (const auto& p : nest.parts) {
        if (p.operation_id != 0) operation_ids.push_back(p.operation_id);
        if (!seen_jobs.insert(p.job_id).second) continue;
        auto job_it = job_numbers.find(p.job_id);
        if (job_it == job_numbers.end()) {
          auto job = repo::get<model::Job>(tx, p.job_id);
          if (!job.ok()) return job.error();
          job_it = job_numbers.emplace(job->id, job->number).first;
        }
        e.job_numbers.push_back(job_it->second);
      }
      if (!operation_ids.empty()) {
        auto slots = store::list_schedule_slots_for_operations(tx, operation_ids);
        if (!slots.ok()) return slots.error();
        for (const auto& s : *slots) {
          if (!e.planned_start || s.start < *e.planned_start) e.planned_start = s.start;
        }
      }
      e.nest = std::move(nest);
      out.push_back(std::move(e));
    }
    return out;
  });
}

Result<std::vector<NestEfficiencyRow>> NestService::efficiency(const Principal& who,
                                                               const std::string& from,
                                                               const std::string& to) {
  KERF_TRY(authorize(who, Permission::kRead));
  auto first = parse_day(from, "from");
  auto last = parse_day(to, "to");
  if (!first.ok()) return first.error();
  if (!last.ok()) return last.error();
  if (*last < *first) return Error::invalid("to", "must not be before from");
  if ((*last - *first).count() >= kMaxEfficiencyDays) {
    return Error::invalid("to", "at most " + std::to_string(kMaxEfficiencyDays) + " days");
  }
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<NestEfficiencyRow>> {
    auto zone = scheduling::plant_zone(tx);
    if (!zone.ok()) return zone.error();
    auto nests = store::nests_cut_between(tx, zone->start_of_day(*first),
                                          zone->start_of_day(*last + std::chrono::days(1)));
    if (!nests.ok()) return nests.error();
    struct Sum {
      NestEfficiencyRow row;
      double area = 0, used = 0, scrap = 0;
    };
    using Key = std::tuple<LocalDays, std::string, double>;
    std::map<Key, Sum> sums;
    std::map<int64_t, model::SheetStock> sheets;
    for (const auto& nest : *nests) {
      auto sheet_it = sheets.find(nest.sheet_id);
      if (sheet_it == sheets.end()) {
        auto sheet = repo::get<model::SheetStock>(tx, nest.sheet_id);
        if (!sheet.ok()) return sheet.error();
        sheet_it = sheets.emplace(sheet->id, *sheet).first;
      }
      const LocalDays day = zone->local_day(*nest.cut_at);
      Sum& sum = sums[{day, std::string(model::to_string(nest.material)), nest.thickness_mm}];
      sum.row.day = day_text(day);
      sum.row.material = nest.material;
      sum.row.thickness_mm = nest.thickness_mm;
      sum.row.programs += 1;
      sum.row.sheets += nest.repeat;
      const double area =
          sheet_it->second.length_mm * sheet_it->second.width_mm * static_cast<double>(nest.repeat);
      sum.area += area;
      sum.used += area * nest.utilisation;
      sum.scrap += area * nest.scrap_fraction;
    }
    std::vector<NestEfficiencyRow> out;
    out.reserve(sums.size());
    for (auto& [key, sum] : sums) {
      if (sum.area > 0) {
        sum.row.utilisation = sum.used / sum.area;
        sum.row.scrap_fraction = sum.scrap / sum.area;
      }
      out.push_back(sum.row);
    }
    return out;
  });
}

}  // namespace kerf::app
