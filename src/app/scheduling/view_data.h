// Internal: the rows the read-only board views (planner board, dispatch list, dashboard) show
// beside slots, loaded in a handful of batched statements (never one per slot).
#pragma once

#include <cstdint>
#include <map>
#include <span>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/customer.h"
#include "kerf/model/job.h"
#include "kerf/model/operation.h"
#include "kerf/model/part.h"
#include "kerf/model/work_center.h"
#include "kerf/store/database.h"

namespace kerf::app::scheduling {

struct ViewData {
  std::map<int64_t, model::Operation> ops;       // by id
  std::map<int64_t, model::Job> jobs;            // by id
  std::map<int64_t, model::Part> parts;          // by id
  std::map<int64_t, model::Customer> customers;  // by id
  // Job id -> end of its last scheduled operation (latest slot end over all its operations);
  // filled only when asked for, and only for jobs with at least one slot.
  std::map<int64_t, TimePoint> job_finish;
};

// Loads the operations `op_ids`, their jobs, parts and customers; with `finish`, every
// operation and slot of those jobs to fill job_finish.
Result<ViewData> load_view_data(store::Tx& tx, std::span<const int64_t> op_ids, bool finish);
// Loads the jobs `job_ids`, their parts and customers; with `ops`, all their operations; with
// `finish`, job_finish from all their slots.
Result<ViewData> load_job_data(store::Tx& tx, std::span<const int64_t> job_ids, bool ops,
                               bool finish);
// Every work center, by code.
Result<std::vector<model::WorkCenter>> all_work_centers(store::Tx& tx);

}  // namespace kerf::app::scheduling
