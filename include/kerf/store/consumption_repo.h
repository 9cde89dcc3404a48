// Material consumptions: which sheets (and so which heat lots) went into which job, operation,
// part and customer. One row per consume use case, written in its transaction; read back joined
// for traceability in both directions (heat lot -> jobs, job -> heat lots).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct MaterialConsumption {
  int64_t id = 0;
  TimePoint consumed_at;
  int64_t sheet_id = 0;
  int64_t heat_lot_id = 0;
  int64_t job_id = 0;
  std::optional<int64_t> operation_id;
  int64_t quantity = 0;  // >= 1
  // The job's share of those sheets, in (0, quantity]: `quantity` for a job's own consumption,
  // its pieces' part of a program's sheets when a program carries several jobs.
  double sheet_share = 0;
  int64_t user_id = 0;  // 0 = system (stored NULL)
  std::string actor;    // username at the time
};

// Inserts a consumption; returns its id.
Result<int64_t> insert_consumption(Tx& tx, const MaterialConsumption& c);

// A consumption with everything a trace shows about it (joined at read time).
struct ConsumptionTrace {
  MaterialConsumption consumption;
  // The sheet.
  std::string material;  // enum name, e.g. "stainless_304"
  double thickness_mm = 0;
  double length_mm = 0;
  double width_mm = 0;
  bool is_remnant = false;
  std::optional<int64_t> parent_sheet_id;
  // Its heat lot.
  std::string heat_number;
  std::string supplier;
  std::string mill_cert_ref;
  // The job, its part and customer.
  std::string job_number;
  int64_t part_id = 0;
  std::string part_number;
  std::string part_revision;
  std::string part_description;
  int64_t customer_id = 0;
  std::string customer_code;
  std::string customer_name;
  // The operation, when recorded.
  std::optional<int32_t> operation_sequence;
  std::optional<std::string> operation_name;
};

// Consumptions of sheets of one heat lot / of one job, newest first (ties: highest id first).
Result<std::vector<ConsumptionTrace>> consumptions_of_heat_lot(Tx& tx, int64_t heat_lot_id);
Result<std::vector<ConsumptionTrace>> consumptions_of_job(Tx& tx, int64_t job_id);

}  // namespace kerf::store
