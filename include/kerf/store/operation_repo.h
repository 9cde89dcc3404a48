// Routing operations of jobs (table job_routings; eligible work centers in operation_work_centers).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/operation.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- operation (operations) ----
// list_operations: filters {job_id, status, department, process, operator_id}; search over {name};
// sort by {id, job_id, sequence, status, started_at}; date range (from/to) on started_at.
Result<model::Operation> get_operation(Tx& tx, int64_t id);  // kNotFound "operation 12 not found"
Result<Page<model::Operation>> list_operations(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Operation> insert_operation(Tx& tx, const model::Operation& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Operation> update_operation(Tx& tx, const model::Operation& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_operation(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// The operations of these jobs (eligible work centers included) by job then sequence, in a few
// statements however many jobs.
Result<std::vector<model::Operation>> list_operations_for_jobs(Tx& tx,
                                                               std::span<const int64_t> job_ids);
// The operations with these ids (eligible work centers included), by id.
Result<std::vector<model::Operation>> list_operations_by_ids(Tx& tx,
                                                             std::span<const int64_t> ids);

// All operations of a job in routing (sequence) order.
Result<std::vector<model::Operation>> list_operations_for_job(Tx& tx, int64_t job_id);

}  // namespace kerf::store
