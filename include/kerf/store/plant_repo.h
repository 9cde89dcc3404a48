// Plants and department records.
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/plant.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- plant (plants) ----
// list_plants: filters {time_zone}; search over {name};
// sort by {id, name}; date range (from/to) on none.
Result<model::Plant> get_plant(Tx& tx, int64_t id);  // kNotFound "plant 12 not found"
Result<Page<model::Plant>> list_plants(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Plant> insert_plant(Tx& tx, const model::Plant& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Plant> update_plant(Tx& tx, const model::Plant& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_plant(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// ---- department (departments) ----
// list_departments: filters {department, code}; search over {code, name};
// sort by {id, code, name}; date range (from/to) on none.
Result<model::DepartmentRecord> get_department(Tx& tx,
                                               int64_t id);  // kNotFound "department 12 not found"
Result<Page<model::DepartmentRecord>> list_departments(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::DepartmentRecord> insert_department(Tx& tx, const model::DepartmentRecord& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::DepartmentRecord> update_department(Tx& tx, const model::DepartmentRecord& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_department(Tx& tx, int64_t id,
                         std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
