#include "kerf/store/nest_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Nest;

Status load_parts(Tx& tx, Nest& nest) {
  auto rows = tx.query("SELECT job_id, part_id, qty FROM nest_parts WHERE nest_id = ? ORDER BY seq",
                       {nest.id});
  if (!rows.ok()) return rows.error();
  nest.parts.clear();
  for (const Row& r : *rows) nest.parts.push_back({r.get_int(0), r.get_int(1), r.get_int(2)});
  return ok_status();
}

Status save_parts(Tx& tx, const Nest& nest) {
  auto del = tx.exec("DELETE FROM nest_parts WHERE nest_id = ?", {nest.id});
  if (!del.ok()) return del.error();
  int seq = 0;
  for (const auto& p : nest.parts) {
    auto ins = tx.exec(
        "INSERT INTO nest_parts (nest_id, seq, job_id, part_id, qty) VALUES (?, ?, ?, ?, ?)",
        {nest.id, seq++, p.job_id, p.part_id, p.qty});
    if (!ins.ok()) return ins.error();
  }
  return ok_status();
}

const detail::Table<Nest>& nests() {
  static const detail::Table<Nest> kTable = [] {
    detail::Table<Nest> t({"nests",
                           "nest",
                           true,
                           {"material", "sheet_id"},
                           {"program_name", "material", "thickness_mm"},
                           {"program_name"},
                           ""},
                          {detail::text_col("program_name", &Nest::program_name),
                           detail::enum_col("material", &Nest::material, model::parse_material),
                           detail::double_col("thickness_mm", &Nest::thickness_mm),
                           detail::int_col("sheet_id", &Nest::sheet_id)},
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

}  // namespace kerf::store
