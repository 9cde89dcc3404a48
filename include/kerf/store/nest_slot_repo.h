// Nest slots: the scheduled placement of a nest (cutting program) on a laser (nest_slots).
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/model/nest_slot.h"
#include "kerf/store/database.h"

namespace kerf::store {

// Every nest slot, by start then id.
Result<std::vector<model::NestSlot>> list_nest_slots(Tx& tx);
// Nest slots overlapping [from, to) (start < to and end > from), by start then id.
Result<std::vector<model::NestSlot>> list_nest_slots_overlapping(Tx& tx, TimePoint from,
                                                                 TimePoint to);
// The slots of these nests, by start then id; a few statements however many.
Result<std::vector<model::NestSlot>> list_nest_slots_for_nests(Tx& tx,
                                                               std::span<const int64_t> nest_ids);
// Inserts (id assigned, version = 1) and returns the stored row. Validates first;
// kFailedPrecondition when the nest or work center does not exist.
Result<model::NestSlot> insert_nest_slot(Tx& tx, const model::NestSlot& value);
// Deletes the nest slots with these ids (no version check); returns how many rows went.
Result<int64_t> delete_nest_slots(Tx& tx, std::span<const int64_t> ids);

}  // namespace kerf::store
