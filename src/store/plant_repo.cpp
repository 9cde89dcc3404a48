#include "kerf/store/plant_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::DepartmentRecord;
using model::Plant;

const detail::Table<Plant>& plants() {
  static const detail::Table<Plant> kTable = [] {
    detail::Table<Plant> t(
        {"plants", "plant", true, {"time_zone"}, {"name"}, {"name"}, ""},
        {detail::text_col("name", &Plant::name), detail::text_col("time_zone", &Plant::time_zone),
         detail::int_col("utc_offset_minutes", &Plant::utc_offset_minutes)},
        &Plant::id, &Plant::version);
    t.validate = [](const Plant& p) { return p.validate(); };
    return t;
  }();
  return kTable;
}

const detail::Table<DepartmentRecord>& departments() {
  static const detail::Table<DepartmentRecord> kTable = [] {
    detail::Table<DepartmentRecord> t(
        {"departments",
         "department",
         true,
         {"department", "code"},
         {"code", "name"},
         {"code", "name"},
         ""},
        {detail::enum_col("department", &DepartmentRecord::department, model::parse_department),
         detail::text_col("code", &DepartmentRecord::code),
         detail::text_col("name", &DepartmentRecord::name)},
        &DepartmentRecord::id, &DepartmentRecord::version);
    t.validate = [](const DepartmentRecord& d) { return d.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Plant> get_plant(Tx& tx, int64_t id) { return plants().get(tx, id); }
Result<Page<Plant>> list_plants(Tx& tx, const ListQuery& q) { return plants().list(tx, q); }
Result<Plant> insert_plant(Tx& tx, const Plant& v) { return plants().insert(tx, v); }
Result<Plant> update_plant(Tx& tx, const Plant& v) { return plants().update(tx, v); }
Status delete_plant(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return plants().remove(tx, id, expected_version);
}

Result<DepartmentRecord> get_department(Tx& tx, int64_t id) { return departments().get(tx, id); }
Result<Page<DepartmentRecord>> list_departments(Tx& tx, const ListQuery& q) {
  return departments().list(tx, q);
}
Result<DepartmentRecord> insert_department(Tx& tx, const DepartmentRecord& v) {
  return departments().insert(tx, v);
}
Result<DepartmentRecord> update_department(Tx& tx, const DepartmentRecord& v) {
  return departments().update(tx, v);
}
Status delete_department(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return departments().remove(tx, id, expected_version);
}

}  // namespace kerf::store
