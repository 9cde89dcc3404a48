#include "kerf/store/schedule_slot_repo.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

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
Result<std::vector<ScheduleSlot>> list_schedule_slots_overlapping(Tx& tx, TimePoint from,
                                                                  TimePoint to) {
  std::vector<Param> params{to, from};
  return slots().select_where(tx, "start_at < ? AND end_at > ?", params, "start_at, id");
}
Result<std::vector<ScheduleSlot>> list_schedule_slots_for_operations(
    Tx& tx, std::span<const int64_t> operation_ids) {
  auto out = slots().select_in(tx, "operation_id", operation_ids);
  if (!out.ok()) return out;
  std::sort(out->begin(), out->end(), [](const ScheduleSlot& a, const ScheduleSlot& b) {
    return std::tie(a.start, a.id) < std::tie(b.start, b.id);
  });
  return out;
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

Result<int64_t> delete_schedule_slots(Tx& tx, std::span<const int64_t> ids) {
  // Well below SQLite's and PostgreSQL's parameter limits. A chunk's placeholder count is
  // rounded up to a power of two (padding repeats its last id), so the prepared-statement
  // caches hold at most ten texts of this statement.
  constexpr std::size_t kChunk = 512;
  int64_t deleted = 0;
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - at);
    std::size_t slots = 1;
    while (slots < n) slots *= 2;
    std::string sql = "DELETE FROM schedule_slots WHERE id IN (";
    std::vector<Param> params;
    params.reserve(slots);
    for (std::size_t k = 0; k < slots; ++k) {
      sql += k == 0 ? "?" : ", ?";
      params.emplace_back(ids[at + std::min(k, n - 1)]);
    }
    sql += ")";
    auto changed = tx.exec(sql, params);
    if (!changed.ok()) return changed.error();
    deleted += *changed;
  }
  return deleted;
}

}  // namespace kerf::store
