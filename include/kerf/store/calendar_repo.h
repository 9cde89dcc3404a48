// Shift calendars (week pattern, holidays, overtime stored as JSON).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/shift_calendar.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- calendar (calendars) ----
// list_calendars: filters {name}; search over {name};
// sort by {id, name}; date range (from/to) on none.
Result<model::ShiftCalendar> get_calendar(Tx& tx, int64_t id);  // kNotFound "calendar 12 not found"
Result<Page<model::ShiftCalendar>> list_calendars(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::ShiftCalendar> insert_calendar(Tx& tx, const model::ShiftCalendar& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::ShiftCalendar> update_calendar(Tx& tx, const model::ShiftCalendar& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_calendar(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
