#include "kerf/store/nest_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Nest;

Status load_parts(Tx& tx, Nest& nest) {
  auto rows = tx.query(
      "SELECT job_id, part_id, qty, operation_id FROM nest_parts WHERE nest_id = ? ORDER BY seq",
      {nest.id});
  if (!rows.ok()) return rows.error();
  nest.parts.clear();
  for (const Row& r : *rows) {
    nest.parts.push_back({r.get_int(0), r.get_int(1), r.get_int(2), r.opt_int(3).value_or(0)});
  }
  return ok_status();
}

Status save_parts(Tx& tx, const Nest& nest) {
  auto del = tx.exec("DELETE FROM nest_parts WHERE nest_id = ?", {nest.id});
  if (!del.ok()) return del.error();
  int seq = 0;
  for (const auto& p : nest.parts) {
    auto ins = tx.exec(
        "INSERT INTO nest_parts (nest_id, seq, job_id, part_id, qty, operation_id) "
        "VALUES (?, ?, ?, ?, ?, ?)",
        {nest.id, seq++, p.job_id, p.part_id, p.qty,
         p.operation_id == 0 ? Param() : Param(p.operation_id)});
    if (!ins.ok()) return ins.error();
  }
  return ok_status();
}

const detail::Table<Nest>& nests() {
  static const detail::Table<Nest> kTable = [] {
    detail::Table<Nest> t(
        {"nests",
         "nest",
         true,
         {"material", "sheet_id", "state", "work_center_id"},
         {"program_name", "material", "thickness_mm", "state", "work_center_id", "queue_position",
          "posted_at", "cut_at"},
         {"program_name", "machine_name"},
         "posted_at"},
        {detail::text_col("program_name", &Nest::program_name),
         detail::enum_col("material", &Nest::material, model::parse_material),
         detail::double_col("thickness_mm", &Nest::thickness_mm),
         detail::int_col("sheet_id", &Nest::sheet_id), detail::int_col("repeat", &Nest::repeat),
         detail::ref_col("work_center_id", &Nest::work_center_id),
         detail::text_col("machine_name", &Nest::machine_name),
         detail::enum_col("state", &Nest::state, model::parse_nest_state),
         detail::int_col("cut_seconds_est", &Nest::cut_seconds_est),
         detail::int_col("cut_seconds_actual", &Nest::cut_seconds_actual),
         detail::double_col("utilisation", &Nest::utilisation),
         detail::double_col("scrap_fraction", &Nest::scrap_fraction),
         detail::int_col("queue_position", &Nest::queue_position),
         detail::int_col("archive_packet_id", &Nest::archive_packet_id),
         detail::bool_col("remnants_reported", &Nest::remnants_reported),
         detail::opt_time_col("posted_at", &Nest::posted_at),
         detail::opt_time_col("cut_at", &Nest::cut_at)},
        &Nest::id, &Nest::version);
    t.validate = [](const Nest& v) { return v.validate(); };
    t.load_children = load_parts;
    t.save_children = save_parts;
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Nest> get_nest(Tx& tx, int64_t id) { return nests().get(tx, id); }
Result<Page<Nest>> list_nests(Tx& tx, const ListQuery& q) { return nests().list(tx, q); }
Result<Nest> insert_nest(Tx& tx, const Nest& v) { return nests().insert(tx, v); }
Result<Nest> update_nest(Tx& tx, const Nest& v) { return nests().update(tx, v); }
Status delete_nest(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return nests().remove(tx, id, expected_version);
}

Result<std::optional<Nest>> find_nest_by_program(Tx& tx, const std::string& program_name) {
  const Param params[] = {Param(program_name)};
  auto found = nests().select_where(tx, "program_name = ?", params);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Nest>();
  return std::optional<Nest>(std::move(found->front()));
}

Result<std::vector<Nest>> nests_of_job(Tx& tx, int64_t job_id) {
  const Param params[] = {Param(job_id)};
  return nests().select_where(tx, "id IN (SELECT nest_id FROM nest_parts WHERE job_id = ?)",
                              params);
}

Result<std::vector<Nest>> nests_of_operation(Tx& tx, int64_t operation_id) {
  const Param params[] = {Param(operation_id)};
  return nests().select_where(tx, "id IN (SELECT nest_id FROM nest_parts WHERE operation_id = ?)",
                              params);
}

Result<std::vector<Nest>> open_nests(Tx& tx, std::optional<int64_t> work_center_id) {
  const std::string order =
      "CASE WHEN work_center_id IS NULL THEN 1 ELSE 0 END, work_center_id, "
      "CASE WHEN queue_position = 0 THEN 1 ELSE 0 END, queue_position, posted_at, id";
  if (!work_center_id) {
    return nests().select_where(tx, "state <> 'cut'", {}, order);
  }
  if (*work_center_id == 0) {
    return nests().select_where(tx, "state <> 'cut' AND work_center_id IS NULL", {}, order);
  }
  const Param params[] = {Param(*work_center_id)};
  return nests().select_where(tx, "state <> 'cut' AND work_center_id = ?", params, order);
}

Result<std::vector<Nest>> nests_cut_between(Tx& tx, TimePoint from, TimePoint to) {
  const Param params[] = {Param(from), Param(to)};
  return nests().select_where(tx, "state = 'cut' AND cut_at >= ? AND cut_at < ?", params,
                              "cut_at, id");
}

}  // namespace kerf::store
