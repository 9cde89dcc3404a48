// Schedule slots (one scheduled operation on one work center).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/schedule_slot.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- schedule slot (schedule_slots) ----
// list_schedule_slots: filters {operation_id, work_center_id, pinned, locked}; search over {none};
// sort by {id, start_at, end_at, work_center_id}; date range (from/to) on start_at.
Result<model::ScheduleSlot> get_schedule_slot(
    Tx& tx, int64_t id);  // kNotFound "schedule slot 12 not found"
Result<Page<model::ScheduleSlot>> list_schedule_slots(Tx& tx, const ListQuery& query);
// Slots overlapping [from, to) (start < to and end > from), by start then id.
Result<std::vector<model::ScheduleSlot>> list_schedule_slots_overlapping(Tx& tx, TimePoint from,
                                                                         TimePoint to);
// The slots of these operations, by start then id; a few statements however many.
Result<std::vector<model::ScheduleSlot>> list_schedule_slots_for_operations(
    Tx& tx, std::span<const int64_t> operation_ids);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::ScheduleSlot> insert_schedule_slot(Tx& tx, const model::ScheduleSlot& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::ScheduleSlot> update_schedule_slot(Tx& tx, const model::ScheduleSlot& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_schedule_slot(Tx& tx, int64_t id,
                            std::optional<int64_t> expected_version = std::nullopt);

// Deletes the slots with these ids (no version check) in as few statements as the backends'
// parameter limits allow; returns how many rows were deleted (missing ids are skipped).
Result<int64_t> delete_schedule_slots(Tx& tx, std::span<const int64_t> ids);

}  // namespace kerf::store
