// Jobs (work orders).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/job.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- job (jobs) ----
// list_jobs: filters {status, part_id, customer_id, priority}; search over {number};
// sort by {id, number, due, priority, status, quantity}; date range (from/to) on due.
Result<model::Job> get_job(Tx& tx, int64_t id);  // kNotFound "job 12 not found"
Result<Page<model::Job>> list_jobs(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Job> insert_job(Tx& tx, const model::Job& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Job> update_job(Tx& tx, const model::Job& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
// The jobs with these ids (missing ids skipped), by id; a few statements however many.
Result<std::vector<model::Job>> list_jobs_by_ids(Tx& tx, std::span<const int64_t> ids);
Status delete_job(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
