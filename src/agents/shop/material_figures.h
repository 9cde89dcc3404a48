// The material figures behind the material tools (toolbox_material.cpp), read through app
// queries under the agent principal: stock per material/thickness, demand of the open jobs,
// equivalence of materials, reorder quantity. docs/agents.md "Material".
#pragma once

#include <cstdint>
#include <vector>

#include "kerf/agents/graph/state.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::app {
class Services;
}

namespace kerf::agents::material {

// Sheets assumed usable per sheet when estimating demand (nesting yield).
inline constexpr double kNestingYield = 0.75;
// Sheet size assumed when none of a material/thickness is in stock.
inline constexpr double kDefaultSheetLengthMm = 3000;
inline constexpr double kDefaultSheetWidthMm = 1500;

struct StockLevel {
  model::Material material = model::Material::kStainless304;
  double thickness_mm = 0;
  int64_t available = 0;                           // full sheets (remnants excluded)
  int64_t safety_minimum = 0;                      // 0 when no safety stock level is set
  double sheet_length_mm = kDefaultSheetLengthMm;  // the most stocked full-sheet size
  double sheet_width_mm = kDefaultSheetWidthMm;
};

// Every material/thickness that has full sheets or a safety stock level, by material then
// thickness.
Result<std::vector<StockLevel>> stock_levels(app::Services& services);

struct JobDemand {
  int64_t job_id = 0;
  std::string job_number;
  int64_t customer_id = 0;
  TimePoint due;
  int64_t sheets = 0;
};

struct DemandItem {
  model::Material material = model::Material::kStainless304;
  double thickness_mm = 0;
  int64_t sheets = 0;
  std::vector<JobDemand> jobs;  // by due, then number
};

struct Demand {
  TimePoint horizon_end;
  std::vector<DemandItem> items;  // by material then thickness; only items with sheets > 0
};

// Sheets the open (not closed) jobs due before now + `weeks` still need: per job
// ceil(quantity * flat area / (sheet area * kNestingYield)) minus the full sheets it already
// consumed, 0 once its cutting operation is complete; assemblies need none.
Result<Demand> demand(app::Services& services, int64_t weeks);

// Whether `sub` (material, thickness) may replace `need`: not the same stock, same family
// (stainless 304/316, carbon steel mild/galvanised, aluminium), grade at least as good (316 for
// 304, galvanised for mild steel, or the same material), thickness within `tolerance_um`.
bool is_equivalent(model::Material need, double need_mm, model::Material sub, double sub_mm,
                   int64_t tolerance_um);

// demand + safety - available, never negative.
int64_t reorder_sheets(int64_t demand_sheets, int64_t safety_minimum, int64_t available);

Json to_json(const DemandItem& d);

}  // namespace kerf::agents::material
