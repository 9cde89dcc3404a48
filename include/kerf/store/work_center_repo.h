// Work centers (capabilities stored as columns; process/material sets as text).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/work_center.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- work center (work_centers) ----
// list_work_centers: filters {department, status, calendar_id, code}; search over {code, name};
// sort by {id, code, name, department, status}; date range (from/to) on none.
Result<model::WorkCenter> get_work_center(Tx& tx,
                                          int64_t id);  // kNotFound "work center 12 not found"
Result<Page<model::WorkCenter>> list_work_centers(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::WorkCenter> insert_work_center(Tx& tx, const model::WorkCenter& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::WorkCenter> update_work_center(Tx& tx, const model::WorkCenter& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_work_center(Tx& tx, int64_t id,
                          std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
