#include "kerf/store/nest_slot_repo.h"

#include <algorithm>
#include <string>
#include <tuple>
#include <vector>

#include "store/table.h"

namespace kerf::store {
namespace {

using model::NestSlot;

const detail::Table<NestSlot>& nest_slots() {
  static const detail::Table<NestSlot> kTable = [] {
    detail::Table<NestSlot> t(
        {"nest_slots",
         "nest slot",
         true,
         {"nest_id", "work_center_id", "pinned", "locked"},
         {"start_at", "end_at", "work_center_id"},
         {},
         "start_at"},
        {detail::int_col("nest_id", &NestSlot::nest_id),
         detail::int_col("work_center_id", &NestSlot::work_center_id),
         detail::time_col("start_at", &NestSlot::start), detail::time_col("end_at", &NestSlot::end),
         detail::bool_col("pinned", &NestSlot::pinned),
         detail::bool_col("locked", &NestSlot::locked)},
        &NestSlot::id, &NestSlot::version);
    t.validate = [](const NestSlot& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<std::vector<NestSlot>> list_nest_slots(Tx& tx) {
  return nest_slots().select_where(tx, "1 = 1", {}, "start_at, id");
}

Result<std::vector<NestSlot>> list_nest_slots_overlapping(Tx& tx, TimePoint from, TimePoint to) {
  std::vector<Param> params{to, from};
  return nest_slots().select_where(tx, "start_at < ? AND end_at > ?", params, "start_at, id");
}

Result<std::vector<NestSlot>> list_nest_slots_for_nests(Tx& tx, std::span<const int64_t> nest_ids) {
  auto out = nest_slots().select_in(tx, "nest_id", nest_ids);
  if (!out.ok()) return out;
  std::sort(out->begin(), out->end(), [](const NestSlot& a, const NestSlot& b) {
    return std::tie(a.start, a.id) < std::tie(b.start, b.id);
  });
  return out;
}

Result<NestSlot> insert_nest_slot(Tx& tx, const NestSlot& v) { return nest_slots().insert(tx, v); }

Result<int64_t> delete_nest_slots(Tx& tx, std::span<const int64_t> ids) {
  constexpr std::size_t kChunk = 512;  // well below both backends' parameter limits
  int64_t deleted = 0;
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - at);
    std::string sql = "DELETE FROM nest_slots WHERE id IN (";
    std::vector<Param> params;
    params.reserve(n);
    for (std::size_t k = 0; k < n; ++k) {
      sql += k == 0 ? "?" : ", ?";
      params.emplace_back(ids[at + k]);
    }
    sql += ")";
    auto changed = tx.exec(sql, params);
    if (!changed.ok()) return changed.error();
    deleted += *changed;
  }
  return deleted;
}

}  // namespace kerf::store
