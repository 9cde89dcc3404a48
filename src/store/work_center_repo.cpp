#include "kerf/store/work_center_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::WorkCenter;

// A set of enums as a comma-separated list of their names, e.g. "laser_cut,punch".
template <typename E, typename Parse>
detail::Column<WorkCenter> enum_set_col(const char* name, std::set<E> model::Capabilities::*m,
                                        Parse parse) {
  return {name, detail::ColType::kText,
          [m](const WorkCenter& w) {
            std::string out;
            for (E e : w.capabilities.*m) {
              if (!out.empty()) out += ',';
              out += model::to_string(e);
            }
            return Param(out);
          },
          [m, parse, name](WorkCenter& w, const Row& row, std::size_t i) -> Status {
            auto& set = w.capabilities.*m;
            set.clear();
            std::string text = row.get_text(i);
            std::size_t start = 0;
            while (start < text.size()) {
              std::size_t comma = text.find(',', start);
              if (comma == std::string::npos) comma = text.size();
              auto v = parse(text.substr(start, comma - start));
              if (!v.ok()) {
                return Error::internal(std::string("corrupt ") + name + ": " + v.error().message);
              }
              set.insert(*v);
              start = comma + 1;
            }
            return ok_status();
          }};
}

detail::Column<WorkCenter> capability_col(const char* name, double model::Capabilities::*m) {
  return {name, detail::ColType::kDouble,
          [m](const WorkCenter& w) { return Param(w.capabilities.*m); },
          [m](WorkCenter& w, const Row& row, std::size_t i) {
            w.capabilities.*m = row.get_double(i);
            return ok_status();
          }};
}

const detail::Table<WorkCenter>& work_centers() {
  static const detail::Table<WorkCenter> kTable = [] {
    detail::Table<WorkCenter> t(
        {"work_centers",
         "work center",
         true,
         {"department", "status", "calendar_id", "code"},
         {"code", "name", "department", "status"},
         {"code", "name"},
         ""},
        {detail::text_col("code", &WorkCenter::code), detail::text_col("name", &WorkCenter::name),
         detail::enum_col("department", &WorkCenter::department, model::parse_department),
         enum_set_col("processes", &model::Capabilities::processes, model::parse_process),
         enum_set_col("materials", &model::Capabilities::materials, model::parse_material),
         capability_col("max_thickness_mm", &model::Capabilities::max_thickness_mm),
         capability_col("max_sheet_length_mm", &model::Capabilities::max_sheet_length_mm),
         capability_col("max_sheet_width_mm", &model::Capabilities::max_sheet_width_mm),
         capability_col("tonnage", &model::Capabilities::tonnage),
         detail::double_col("efficiency", &WorkCenter::efficiency),
         detail::int_col("cost_rate_cents_per_hour", &WorkCenter::cost_rate_cents_per_hour),
         detail::enum_col("status", &WorkCenter::status, model::parse_work_center_status),
         detail::ref_col("calendar_id", &WorkCenter::calendar_id)},
        &WorkCenter::id, &WorkCenter::version);
    t.validate = [](const WorkCenter& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<WorkCenter> get_work_center(Tx& tx, int64_t id) { return work_centers().get(tx, id); }
Result<Page<WorkCenter>> list_work_centers(Tx& tx, const ListQuery& q) {
  return work_centers().list(tx, q);
}
Result<WorkCenter> insert_work_center(Tx& tx, const WorkCenter& v) {
  return work_centers().insert(tx, v);
}
Result<WorkCenter> update_work_center(Tx& tx, const WorkCenter& v) {
  return work_centers().update(tx, v);
}
Status delete_work_center(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return work_centers().remove(tx, id, expected_version);
}

}  // namespace kerf::store
