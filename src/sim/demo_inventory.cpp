// Heat lots, sheet stock, remnants, safety stock and a few nests of the demo shop.
#include <chrono>
#include <cstdio>
#include <map>
#include <string>

#include "demo_context.h"

namespace kerf::sim::detail {

using namespace model;

namespace {

std::vector<std::string> suppliers(Material m) {
  switch (m) {
    case Material::kStainless304:
    case Material::kStainless316:
      return {"Outokumpu", "Aperam", "Acerinox"};
    case Material::kMildSteel:
      return {"Tata Steel", "ArcelorMittal"};
    case Material::kAluminium5052:
      return {"Novelis", "Hydro"};
    case Material::kGalvanised:
      return {"ArcelorMittal", "Salzgitter Flachstahl"};
  }
  return {"Unknown"};
}

}  // namespace

void add_inventory(Context& ctx) {
  Rng& rng = ctx.rng;
  DemoShop& shop = ctx.shop;
  const TimePoint midnight = local_midnight(ctx.now);
  std::map<Material, std::vector<int64_t>> lots_by_material;
  for (Material m : kAllMaterials) {
    int64_t count = rng.uniform(3, 6);
    for (int64_t i = 0; i < count; ++i) {
      char number[24];
      std::snprintf(number, sizeof number, "H%07lld",
                    static_cast<long long>(rng.uniform(1000000, 9999999)));
      char cert[32];
      std::snprintf(cert, sizeof cert, "MTC-%lld-%05lld",
                    static_cast<long long>(rng.uniform(2025, 2026)),
                    static_cast<long long>(rng.uniform(1, 99999)));
      HeatLot lot{.id = static_cast<int64_t>(shop.heat_lots.size()) + 1,
                  .version = 1,
                  .number = std::string(number) + "-" + material_code(m),
                  .material = m,
                  .mill_cert_ref = cert,
                  .supplier = rng.pick(suppliers(m)),
                  .received = midnight - std::chrono::days(rng.uniform(3, 180)) +
                              std::chrono::hours(rng.uniform(7, 15))};
      lots_by_material[m].push_back(lot.id);
      shop.heat_lots.push_back(std::move(lot));
    }
  }

  // Full sheet stacks per material and gauge.
  const char racks[] = "ABCDEF";
  for (Material m : kAllMaterials) {
    for (double t : stocked_gauges(m)) {
      std::vector<std::pair<double, double>> formats = {{3000, 1500}};
      if (t <= 1.5) formats.push_back({2500, 1250});
      if (t >= 3.0 && m != Material::kAluminium5052) formats.push_back({4000, 2000});
      for (auto [length, width] : formats) {
        char location[16];
        std::snprintf(location, sizeof location, "RACK-%c%lld", racks[rng.uniform(0, 5)],
                      static_cast<long long>(rng.uniform(1, 8)));
        shop.sheets.push_back(SheetStock{.id = static_cast<int64_t>(shop.sheets.size()) + 1,
                                         .version = 1,
                                         .material = m,
                                         .thickness_mm = t,
                                         .length_mm = length,
                                         .width_mm = width,
                                         .quantity = rng.chance(0.1) ? 0 : rng.uniform(2, 40),
                                         .location = location,
                                         .heat_lot_id = rng.pick(lots_by_material[m])});
      }
    }
  }
  // Remnants cut from full sheets, one per rack slot.
  const std::size_t full_sheets = shop.sheets.size();
  int64_t remnants = rng.uniform(18, 26);
  for (int64_t r = 0; r < remnants; ++r) {
    const SheetStock parent = shop.sheets[static_cast<std::size_t>(
        rng.uniform(0, static_cast<int64_t>(full_sheets) - 1))];
    double length =
        static_cast<double>(rng.uniform(40, static_cast<int64_t>(parent.length_mm / 10) - 20)) * 10;
    double width =
        static_cast<double>(rng.uniform(30, static_cast<int64_t>(parent.width_mm / 10) - 10)) * 10;
    if (width > length) std::swap(length, width);
    char location[16];
    std::snprintf(location, sizeof location, "REM-%02lld", static_cast<long long>(r + 1));
    shop.sheets.push_back(SheetStock{.id = static_cast<int64_t>(shop.sheets.size()) + 1,
                                     .version = 1,
                                     .material = parent.material,
                                     .thickness_mm = parent.thickness_mm,
                                     .length_mm = length,
                                     .width_mm = width,
                                     .quantity = 1,
                                     .location = location,
                                     .heat_lot_id = parent.heat_lot_id,
                                     .is_remnant = true,
                                     .parent_sheet_id = parent.id});
  }
  // Safety stock: more of the thin, fast-moving gauges.
  for (Material m : kAllMaterials) {
    for (double t : stocked_gauges(m)) {
      int64_t minimum = t <= 1.5 ? rng.uniform(10, 25) : rng.uniform(3, 10);
      shop.safety_stock.push_back(
          SafetyStock{.id = static_cast<int64_t>(shop.safety_stock.size()) + 1,
                      .version = 1,
                      .material = m,
                      .thickness_mm = t,
                      .minimum_qty = minimum});
    }
  }
}

void add_nests(Context& ctx) {
  DemoShop& shop = ctx.shop;
  // Released / in-progress sheet-part jobs whose first operation (a laser cut) is not done yet,
  // grouped by material and gauge.
  std::map<std::pair<Material, double>, std::vector<const Job*>> groups;
  std::map<int64_t, int64_t> queue_length;  // per laser work center
  std::map<int64_t, const Operation*> first_op;
  for (const Operation& op : shop.operations) {
    if (first_op.count(op.job_id) == 0) first_op[op.job_id] = &op;
  }
  for (const Job& job : shop.jobs) {
    if (job.status != JobStatus::kReleased && job.status != JobStatus::kInProgress) continue;
    const Part& part = shop.parts[static_cast<std::size_t>(job.part_id - 1)];
    auto it = first_op.find(job.id);
    if (part.assembly || it == first_op.end()) continue;
    const Operation& op = *it->second;
    if (op.process != Process::kLaserCut || op.status == OperationStatus::kComplete) continue;
    groups[{part.material, part.thickness_mm}].push_back(&job);
  }
  for (auto& [key, jobs] : groups) {
    if (shop.nests.size() >= 10) break;
    const SheetStock* sheet = nullptr;
    for (const SheetStock& s : shop.sheets) {
      if (s.material == key.first && s.thickness_mm == key.second && !s.is_remnant) {
        sheet = &s;
        break;
      }
    }
    if (sheet == nullptr) continue;
    Nest nest;
    nest.id = static_cast<int64_t>(shop.nests.size()) + 1;
    nest.version = 1;
    char name[40];
    std::snprintf(name, sizeof name, "N-%s-%s-%04lld", material_code(key.first).c_str(),
                  gauge_text(key.second).c_str(), static_cast<long long>(nest.id));
    nest.program_name = name;
    nest.material = key.first;
    nest.thickness_mm = key.second;
    nest.sheet_id = sheet->id;
    for (const Job* job : jobs) {
      if (nest.parts.size() >= 6) break;
      const Operation& op = *first_op.at(job->id);
      nest.parts.push_back(
          NestPart{.job_id = job->id,
                   .part_id = job->part_id,
                   .qty = std::min<int64_t>(job->quantity, ctx.rng.uniform(1, 12)),
                   .operation_id = op.id});
      if (nest.work_center_id == 0 && !op.eligible_work_center_ids.empty()) {
        nest.work_center_id = op.eligible_work_center_ids.front();
      }
      nest.cut_seconds_est += op.run_seconds_per_piece * nest.parts.back().qty;
    }
    // Posted programs waiting in their laser's queue (deterministic figures: no extra draws).
    nest.queue_position = nest.work_center_id == 0 ? 0 : ++queue_length[nest.work_center_id];
    nest.machine_name = "";
    nest.utilisation = 0.62 + 0.05 * static_cast<double>(nest.id % 6);
    nest.scrap_fraction = 1 - nest.utilisation;
    nest.posted_at = ctx.now - std::chrono::hours(nest.id);
    shop.nests.push_back(std::move(nest));
  }
}

}  // namespace kerf::sim::detail
