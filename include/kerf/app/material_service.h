// Material use cases: receive sheet stock (with heat lot traceability) and consume sheets
// against a job.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/model/inventory.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

struct ReceiveSheetsInput {
  model::Material material = model::Material::kStainless304;
  double thickness_mm = 0;
  double length_mm = 0;
  double width_mm = 0;
  int64_t quantity = 0;  // >= 1
  std::string location;
  std::string heat_number;    // existing heat lot (same material) or a new one
  std::string mill_cert_ref;  // required for a new heat lot
  std::string supplier;       // required for a new heat lot
};

struct ReceiveResult {
  model::SheetStock sheet;
  model::HeatLot heat_lot;
  bool heat_lot_created = false;
};

struct ConsumeSheetsInput {
  int64_t sheet_id = 0;
  int64_t job_id = 0;
  int64_t quantity = 1;  // >= 1, <= available (kFailedPrecondition otherwise)
  // The job's operation that uses the sheets (must belong to the job: field "operation_id");
  // unset: the job's first cutting (laser or punch) operation, if it has one.
  std::optional<int64_t> operation_id;
  std::optional<int64_t> expected_version;
};

struct ConsumeResult {
  model::SheetStock sheet;          // after consumption
  int64_t heat_lot_id = 0;          // traceability: which heat went into the job
  bool below_safety_stock = false;  // "material.below_safety_stock" was emitted
};

class MaterialService {
 public:
  explicit MaterialService(ChangeRunner& changes) : changes_(changes) {}

  // Shipping (receiving dock), planner or lead. Creates the heat lot when new (kConflict if the
  // number exists with another material). Events "material.received" (+ "heat_lot.created").
  Result<ReceiveResult> receive(const Principal& who, const ReceiveSheetsInput& input);

  // Operator, lead or planner. The job must be released or in progress. Records the
  // consumption in material_consumptions (store/consumption_repo.h: sheet, heat lot, job,
  // operation, quantity, who, when) and as an audit row (entity "material_consumption", entity_id = job id, after =
  // {sheet_id, heat_lot_id, job_id, quantity, ...}) and emits "material.consumed"; when the
  // full-sheet stock of that material/thickness crosses below its safety stock level (was >=
  // minimum before, < minimum after) also "material.below_safety_stock" with
  // "approval_needed": true and a suggested order quantity.
  Result<ConsumeResult> consume(const Principal& who, const ConsumeSheetsInput& input);

  Result<store::Page<model::SheetStock>> list_sheets(const Principal& who,
                                                     const store::ListQuery& query);
  Result<store::Page<model::HeatLot>> list_heat_lots(const Principal& who,
                                                     const store::ListQuery& query);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
