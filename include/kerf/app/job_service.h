// Job (work order) use cases: create with routing, update, delete, import (JSON/CSV),
// release, hold, unhold, cancel; and job queries.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/job.h"
#include "kerf/model/operation.h"
#include "kerf/store/machine_repo.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

// One routing step of a new job. Department defaults to department_of(process).
struct OperationInput {
  int32_t sequence = 10;
  std::string name;
  model::Process process = model::Process::kLaserCut;
  std::optional<model::Department> department;
  std::vector<int64_t> eligible_work_center_ids;
  int64_t setup_seconds = 0;
  int64_t run_seconds_per_piece = 0;
  int64_t transfer_seconds = 0;
  bool overlap_allowed = false;
  int64_t overlap_pieces = 0;
  std::string setup_family;
};

struct JobInput {
  std::string number;
  int64_t part_id = 0;
  int64_t customer_id = 0;
  int64_t quantity = 1;
  TimePoint due;
  int32_t priority = 3;
  std::vector<OperationInput> operations;  // may be empty; sequences unique
};

// Changes to a job; unset fields keep their value. Only planned/released/on-hold jobs change.
struct JobUpdate {
  int64_t id = 0;
  int64_t version = 0;  // required: the version the client saw (kConflict otherwise)
  std::optional<int64_t> part_id;
  std::optional<int64_t> customer_id;
  std::optional<int64_t> quantity;
  std::optional<TimePoint> due;
  std::optional<int32_t> priority;
};

struct JobDetail {
  model::Job job;
  std::vector<model::Operation> operations;  // by sequence
  // What machines counted on the job's operations (only operations with machine signals; filled
  // by JobService::get).
  std::vector<store::MachineActuals> machine_actuals;
};

struct ImportResult {
  std::vector<model::Job> jobs;  // created, in input order
};

class JobService {
 public:
  explicit JobService(ChangeRunner& changes) : changes_(changes) {}

  // Planner. Validates the job ("number", "part_id", "customer_id", "quantity", "due",
  // "priority") and each operation ("operations/<i>/<field>"); part, customer and eligible work
  // centers must exist. Event "job.created".
  Result<JobDetail> create(const Principal& who, const JobInput& input);

  // Planner. Optimistic: kConflict when input.version is stale. Event "job.updated".
  Result<model::Job> update(const Principal& who, const JobUpdate& input);

  // Planner. Only planned jobs; deletes the routing too. Event "job.deleted".
  Status remove(const Principal& who, int64_t job_id, int64_t version);

  // Planner. JSON array of objects {number, part_number, part_revision?, customer_code,
  // quantity, due, priority?, operations?[...]}. All rows validated first; errors are named
  // "rows/<i>/<field>" (i from 0); nothing is written if any row is invalid. One transaction.
  Result<ImportResult> import_json(const Principal& who, std::string_view json_text);

  // Planner. CSV with header: number,part_number,customer_code,quantity,due[,priority]
  // [,part_revision]. Errors "rows/<line>/<column>" where <line> is the CSV line number (header
  // = line 1). Imported jobs copy the routing of the part's most recent job, if any.
  Result<ImportResult> import_csv(const Principal& who, std::string_view csv_text);

  // Planner. planned -> released; the first operation becomes ready. Event "job.released".
  Result<model::Job> release(const Principal& who, int64_t job_id,
                             std::optional<int64_t> expected_version = std::nullopt);
  // Planner, lead or quality. Reason required ("reason"). Event "job.held".
  Result<model::Job> hold(const Principal& who, int64_t job_id, const std::string& reason,
                          std::optional<int64_t> expected_version = std::nullopt);
  // Planner, lead or quality. Back to the held-from status. Event "job.unheld".
  Result<model::Job> unhold(const Principal& who, int64_t job_id,
                            std::optional<int64_t> expected_version = std::nullopt);
  // Planner. Reason required. Event "job.cancelled".
  Result<model::Job> cancel(const Principal& who, int64_t job_id, const std::string& reason,
                            std::optional<int64_t> expected_version = std::nullopt);

  // Any authenticated user.
  Result<JobDetail> get(const Principal& who, int64_t job_id);
  Result<store::Page<model::Job>> list(const Principal& who, const store::ListQuery& query);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
