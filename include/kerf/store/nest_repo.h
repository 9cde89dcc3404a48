// Nests (cutting programs) with their parts (table nest_parts).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/nest.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- nest (nests) ----
// list_nests: filters {material, sheet_id, state, work_center_id (null = not assigned)};
// search over {program_name, machine_name}; sort by {id, program_name, material,
// thickness_mm, state, work_center_id, queue_position, posted_at, cut_at}; date range
// (from/to) on posted_at.
Result<model::Nest> get_nest(Tx& tx, int64_t id);  // kNotFound "nest 12 not found"
Result<Page<model::Nest>> list_nests(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Nest> insert_nest(Tx& tx, const model::Nest& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Nest> update_nest(Tx& tx, const model::Nest& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_nest(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// The nest of a program name (unique), nullopt when absent.
Result<std::optional<model::Nest>> find_nest_by_program(Tx& tx, const std::string& program_name);
// Nests carrying at least one part of `job_id`, by id.
Result<std::vector<model::Nest>> nests_of_job(Tx& tx, int64_t job_id);
// Nests carrying a part linked to `operation_id`, by id.
Result<std::vector<model::Nest>> nests_of_operation(Tx& tx, int64_t operation_id);
// Nests not yet cut (posted, started, stopped), on `work_center_id` when given (0 = the nests
// not assigned to a laser), ordered by work center (unassigned last), queue_position (0 last),
// posted_at, id.
Result<std::vector<model::Nest>> open_nests(Tx& tx, std::optional<int64_t> work_center_id);
// Cut nests with from <= cut_at < to, by cut_at then id.
Result<std::vector<model::Nest>> nests_cut_between(Tx& tx, TimePoint from, TimePoint to);

}  // namespace kerf::store
