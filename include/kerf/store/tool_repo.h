// Tools (punch/brake tooling with hit-count life).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/tool.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- tool (tools) ----
// list_tools: filters {kind}; search over {code, description};
// sort by {id, code, kind, hits_used}; date range (from/to) on none.
Result<model::Tool> get_tool(Tx& tx, int64_t id);  // kNotFound "tool 12 not found"
Result<Page<model::Tool>> list_tools(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Tool> insert_tool(Tx& tx, const model::Tool& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Tool> update_tool(Tx& tx, const model::Tool& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_tool(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
