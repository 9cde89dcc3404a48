#include "kerf/store/part_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::BomLine;
using model::Part;

const detail::Table<Part>& parts() {
  static const detail::Table<Part> kTable = [] {
    detail::Table<Part> t(
        {"parts",
         "part",
         true,
         {"number", "revision", "material", "assembly"},
         {"number", "revision", "material", "thickness_mm"},
         {"number", "description"},
         ""},
        {detail::text_col("number", &Part::number), detail::text_col("revision", &Part::revision),
         detail::text_col("description", &Part::description),
         detail::enum_col("material", &Part::material, model::parse_material),
         detail::bool_col("assembly", &Part::assembly),
         detail::double_col("thickness_mm", &Part::thickness_mm),
         detail::double_col("flat_length_mm", &Part::flat_length_mm),
         detail::double_col("flat_width_mm", &Part::flat_width_mm),
         detail::double_col("weight_kg", &Part::weight_kg)},
        &Part::id, &Part::version);
    t.validate = [](const Part& p) { return p.validate(); };
    return t;
  }();
  return kTable;
}

const detail::Table<BomLine>& bom_lines() {
  static const detail::Table<BomLine> kTable = [] {
    detail::Table<BomLine> t({"bom_lines",
                              "bom line",
                              true,
                              {"parent_part_id", "component_part_id"},
                              {"parent_part_id", "component_part_id"},
                              {},
                              ""},
                             {detail::int_col("parent_part_id", &BomLine::parent_part_id),
                              detail::int_col("component_part_id", &BomLine::component_part_id),
                              detail::int_col("quantity_per", &BomLine::quantity_per)},
                             &BomLine::id, &BomLine::version);
    t.validate = [](const BomLine& b) { return b.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Part> get_part(Tx& tx, int64_t id) { return parts().get(tx, id); }
Result<Page<Part>> list_parts(Tx& tx, const ListQuery& q) { return parts().list(tx, q); }
Result<std::vector<Part>> list_parts_by_ids(Tx& tx, std::span<const int64_t> ids) {
  return parts().select_in(tx, "id", ids);
}
Result<Part> insert_part(Tx& tx, const Part& v) { return parts().insert(tx, v); }
Result<Part> update_part(Tx& tx, const Part& v) { return parts().update(tx, v); }
Status delete_part(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return parts().remove(tx, id, expected_version);
}

Result<BomLine> get_bom_line(Tx& tx, int64_t id) { return bom_lines().get(tx, id); }
Result<Page<BomLine>> list_bom_lines(Tx& tx, const ListQuery& q) { return bom_lines().list(tx, q); }
Result<BomLine> insert_bom_line(Tx& tx, const BomLine& v) { return bom_lines().insert(tx, v); }
Result<BomLine> update_bom_line(Tx& tx, const BomLine& v) { return bom_lines().update(tx, v); }
Status delete_bom_line(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return bom_lines().remove(tx, id, expected_version);
}

}  // namespace kerf::store
