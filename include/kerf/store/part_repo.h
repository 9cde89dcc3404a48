// Parts and bill-of-material lines.
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/part.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- part (parts) ----
// list_parts: filters {number, revision, material, assembly}; search over {number, description};
// sort by {id, number, revision, material, thickness_mm}; date range (from/to) on none.
Result<model::Part> get_part(Tx& tx, int64_t id);  // kNotFound "part 12 not found"
Result<Page<model::Part>> list_parts(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
// The parts with these ids (missing ids skipped), by id; a few statements however many.
Result<std::vector<model::Part>> list_parts_by_ids(Tx& tx, std::span<const int64_t> ids);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Part> insert_part(Tx& tx, const model::Part& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Part> update_part(Tx& tx, const model::Part& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_part(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// ---- bom line (bom_lines) ----
// list_bom_lines: filters {parent_part_id, component_part_id}; search over {none};
// sort by {id, parent_part_id, component_part_id}; date range (from/to) on none.
Result<model::BomLine> get_bom_line(Tx& tx, int64_t id);  // kNotFound "bom line 12 not found"
Result<Page<model::BomLine>> list_bom_lines(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::BomLine> insert_bom_line(Tx& tx, const model::BomLine& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::BomLine> update_bom_line(Tx& tx, const model::BomLine& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_bom_line(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
