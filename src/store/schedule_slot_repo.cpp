#include "kerf/store/schedule_slot_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::ScheduleSlot;

const detail::Table<ScheduleSlot>& slots() {
  static const detail::Table<ScheduleSlot> kTable = [] {
    detail::Table<ScheduleSlot> t({"schedule_slots",
                                   "schedule slot",
                                   true,
                                   {"operation_id", "work_center_id", "pinned", "locked"},
                                   {"start_at", "end_at", "work_center_id"},
                                   {},
                                   "start_at"},
                                  {detail::int_col("operation_id", &ScheduleSlot::operation_id),
                                   detail::int_col("work_center_id", &ScheduleSlot::work_center_id),
                                   detail::time_col("start_at", &ScheduleSlot::start),
                                   detail::time_col("end_at", &ScheduleSlot::end),
                                   detail::bool_col("pinned", &ScheduleSlot::pinned),
                                   detail::bool_col("locked", &ScheduleSlot::locked)},
                                  &ScheduleSlot::id, &ScheduleSlot::version);
    t.validate = [](const ScheduleSlot& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<ScheduleSlot> get_schedule_slot(Tx& tx, int64_t id) { return slots().get(tx, id); }
Result<Page<ScheduleSlot>> list_schedule_slots(Tx& tx, const ListQuery& q) {
  return slots().list(tx, q);
}
Result<ScheduleSlot> insert_schedule_slot(Tx& tx, const ScheduleSlot& v) {
  return slots().insert(tx, v);
}
Result<ScheduleSlot> update_schedule_slot(Tx& tx, const ScheduleSlot& v) {
  return slots().update(tx, v);
}
Status delete_schedule_slot(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return slots().remove(tx, id, expected_version);
}

Result<int64_t> delete_movable_schedule_slots(Tx& tx) {
  return tx.exec("DELETE FROM schedule_slots WHERE pinned = ? AND locked = ?", {false, false});
}

}  // namespace kerf::store
