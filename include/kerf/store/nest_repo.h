// Nests (cutting programs) with their parts (table nest_parts).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/nest.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- nest (nests) ----
// list_nests: filters {material, sheet_id}; search over {program_name};
// sort by {id, program_name, material, thickness_mm}; date range (from/to) on none.
Result<model::Nest> get_nest(Tx& tx, int64_t id);  // kNotFound "nest 12 not found"
Result<Page<model::Nest>> list_nests(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Nest> insert_nest(Tx& tx, const model::Nest& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Nest> update_nest(Tx& tx, const model::Nest& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_nest(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
