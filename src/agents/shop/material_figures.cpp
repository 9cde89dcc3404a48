#include "agents/shop/material_figures.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "agents/shop/specialist_support.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/model/job.h"
#include "kerf/model/part.h"

namespace kerf::agents::material {
namespace {

// Thickness key in micrometres (exact map keys for doubles like 1.5).
int64_t um(double mm) { return static_cast<int64_t>(std::llround(mm * 1000.0)); }

using Key = std::pair<model::Material, int64_t>;

// Family and grade rank of a material (same family = interchangeable upward in grade).
std::pair<int, int> family_grade(model::Material m) {
  switch (m) {
    case model::Material::kStainless304:
      return {0, 0};
    case model::Material::kStainless316:
      return {0, 1};
    case model::Material::kMildSteel:
      return {1, 0};
    case model::Material::kGalvanised:
      return {1, 1};
    case model::Material::kAluminium5052:
      return {2, 0};
  }
  return {-1, 0};
}

bool cutting(model::Process p) {
  return p == model::Process::kLaserCut || p == model::Process::kPunch;
}

}  // namespace

Result<std::vector<StockLevel>> stock_levels(app::Services& services) {
  const app::Principal who = app::agent_principal();
  auto sheets = support::all_pages<model::SheetStock>(
      [&](const store::ListQuery& q) { return services.materials().list_sheets(who, q); });
  if (!sheets.ok()) return sheets.error();
  auto levels = support::all_pages<model::SafetyStock>([&](const store::ListQuery& q) {
    return services.master_data().list<model::SafetyStock>(who, q);
  });
  if (!levels.ok()) return levels.error();

  std::map<Key, StockLevel> by_key;
  // Quantity per sheet size, to pick the most stocked size.
  std::map<Key, std::map<std::pair<double, double>, int64_t>> sizes;
  auto level_of = [&](model::Material m, double t) -> StockLevel& {
    auto [it, fresh] = by_key.try_emplace({m, um(t)});
    if (fresh) {
      it->second.material = m;
      it->second.thickness_mm = support::thickness(t);
    }
    return it->second;
  };
  for (const auto& s : *sheets) {
    if (s.is_remnant) continue;
    level_of(s.material, s.thickness_mm).available += s.quantity;
    sizes[{s.material, um(s.thickness_mm)}][{s.length_mm, s.width_mm}] += s.quantity;
  }
  for (const auto& l : *levels) level_of(l.material, l.thickness_mm).safety_minimum = l.minimum_qty;
  std::vector<StockLevel> out;
  for (auto& [key, level] : by_key) {
    auto sz = sizes.find(key);
    if (sz != sizes.end()) {
      int64_t best = 0;
      for (const auto& [dims, qty] : sz->second) {
        if (qty > best) {
          best = qty;
          level.sheet_length_mm = dims.first;
          level.sheet_width_mm = dims.second;
        }
      }
    }
    out.push_back(level);
  }
  return out;
}

Result<Demand> demand(app::Services& services, int64_t weeks) {
  const app::Principal who = app::agent_principal();
  Demand out;
  out.horizon_end = services.env().now() + std::chrono::hours(24 * 7 * std::max<int64_t>(1, weeks));
  auto levels = stock_levels(services);
  if (!levels.ok()) return levels.error();
  std::map<Key, std::pair<double, double>> sheet_size;
  for (const auto& l : *levels) {
    sheet_size[{l.material, um(l.thickness_mm)}] = {l.sheet_length_mm, l.sheet_width_mm};
  }
  auto jobs = support::all_pages<model::Job>(
      [&](const store::ListQuery& q) { return services.jobs().list(who, q); });
  if (!jobs.ok()) return jobs.error();
  std::map<int64_t, model::Part> parts;
  std::map<Key, DemandItem> items;
  for (const auto& job : *jobs) {
    if (model::is_closed(job.status) || job.due >= out.horizon_end) continue;
    auto part_it = parts.find(job.part_id);
    if (part_it == parts.end()) {
      auto part = services.master_data().get<model::Part>(who, job.part_id);
      if (!part.ok()) return part.error();
      part_it = parts.emplace(job.part_id, *part).first;
    }
    const model::Part& part = part_it->second;
    if (part.assembly || part.thickness_mm <= 0 || part.flat_length_mm <= 0) continue;
    auto detail = services.jobs().get(who, job.id);
    if (!detail.ok()) return detail.error();
    bool cut_done = false;
    for (const auto& op : detail->operations) {
      if (cutting(op.process) && op.status == model::OperationStatus::kComplete) cut_done = true;
    }
    if (cut_done) continue;
    // An approved substitution moves the job's demand to the substitute.
    Key key{part.material, um(part.thickness_mm)};
    const Json job_json = app::json_of(job);
    if (job_json.value("substitute_material", Json()).is_string() &&
        job_json.value("substitute_thickness_mm", Json()).is_number()) {
      auto sub = model::parse_material(job_json["substitute_material"].get<std::string>());
      if (sub.ok()) key = {*sub, um(job_json["substitute_thickness_mm"].get<double>())};
    }
    auto size = sheet_size.count(key)
                    ? sheet_size[key]
                    : std::pair<double, double>{kDefaultSheetLengthMm, kDefaultSheetWidthMm};
    const double part_area = part.flat_length_mm * part.flat_width_mm;
    const double sheet_area = size.first * size.second * kNestingYield;
    int64_t sheets = static_cast<int64_t>(
        std::ceil(static_cast<double>(job.quantity) * part_area / sheet_area - 1e-9));
    auto consumed = services.trace().job_materials(who, job.id);
    if (!consumed.ok()) return consumed.error();
    for (const auto& item : consumed->value("items", Json::array())) {
      if (item.contains("sheet") && !item["sheet"].value("is_remnant", false)) {
        sheets -= item.value("quantity", int64_t{0});
      }
    }
    if (sheets <= 0) continue;
    DemandItem& d = items[key];
    d.material = key.first;
    d.thickness_mm = static_cast<double>(key.second) / 1000.0;
    d.sheets += sheets;
    d.jobs.push_back({job.id, job.number, job.customer_id, job.due, sheets});
  }
  for (auto& [key, d] : items) {
    std::sort(d.jobs.begin(), d.jobs.end(), [](const JobDemand& a, const JobDemand& b) {
      return std::tie(a.due, a.job_number) < std::tie(b.due, b.job_number);
    });
    out.items.push_back(std::move(d));
  }
  return out;
}

bool is_equivalent(model::Material need, double need_mm, model::Material sub, double sub_mm,
                   int64_t tolerance_um) {
  const auto [need_family, need_grade] = family_grade(need);
  const auto [sub_family, sub_grade] = family_grade(sub);
  if (need_family != sub_family || sub_grade < need_grade) return false;
  const int64_t delta = std::llabs(um(need_mm) - um(sub_mm));
  if (delta > std::max<int64_t>(0, tolerance_um)) return false;
  return !(need == sub && delta == 0);
}

int64_t reorder_sheets(int64_t demand_sheets, int64_t safety_minimum, int64_t available) {
  return std::max<int64_t>(0, demand_sheets + safety_minimum - available);
}

Json to_json(const DemandItem& d) {
  Json jobs = Json::array();
  for (const auto& j : d.jobs) {
    jobs.push_back({{"job_id", j.job_id},
                    {"job_number", j.job_number},
                    {"customer_id", j.customer_id},
                    {"due", support::iso(j.due)},
                    {"sheets", j.sheets}});
  }
  return {{"material", std::string(model::to_string(d.material))},
          {"thickness_mm", support::thickness(d.thickness_mm)},
          {"sheets", d.sheets},
          {"jobs", jobs}};
}

}  // namespace kerf::agents::material
