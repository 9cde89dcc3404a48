// Sheet consumption shared by MaterialService::consume (one job) and NestService::cut_program
// (one program's sheets against every job on it): taking sheets from stock, the traceability
// record per job and the safety-stock warning, each written, audited and evented the same way.
#pragma once

#include <cmath>
#include <cstdint>
#include <optional>

#include "kerf/app/change.h"
#include "kerf/model/inventory.h"
#include "kerf/model/job.h"
#include "kerf/model/operation.h"

namespace kerf::app {

// A share of sheets as consumptions store and reports show it: four decimals.
inline double round_share(double sheets) { return std::round(sheets * 1e4) / 1e4; }

// Full-sheet stock of the sheet's material/thickness before a consumption (0 for a remnant,
// which never counts against safety stock).
Result<int64_t> full_sheets_on_hand(Change& c, const model::SheetStock& sheet);

// Takes `quantity` sheets (1 <= quantity <= before.quantity, else kFailedPrecondition naming
// the stock) out of `before`, saves and audits the sheet ("sheet", "consume"). Returns the
// sheet after the change.
Result<model::SheetStock> take_sheets(Change& c, const model::SheetStock& before, int64_t quantity);

// The traceability record of `quantity` sheets of `sheet` going into `job` (at `operation`
// when known), of which the job used `sheet_share` (in (0, quantity]): a material_consumptions
// row, an audit row (entity "material_consumption", entity_id = job id) and
// "material.consumed". `extra` facts are merged into both documents. Returns the consumption id.
Result<int64_t> record_consumption(Change& c, const model::SheetStock& sheet, const model::Job& job,
                                   const std::optional<model::Operation>& operation,
                                   int64_t quantity, double sheet_share,
                                   const nlohmann::json& extra);

// Emits "material.below_safety_stock" when the full-sheet stock of the sheet's material and
// thickness crossed below its safety level (was >= minimum at `on_hand_before`, is below it
// after `taken` sheets). Returns whether it did. Remnants never warn.
Result<bool> warn_below_safety_stock(Change& c, const model::SheetStock& sheet,
                                     int64_t on_hand_before, int64_t taken);

}  // namespace kerf::app
