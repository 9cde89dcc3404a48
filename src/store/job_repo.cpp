#include "kerf/store/job_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Job;

detail::Column<Job> held_from_col() {
  return {"held_from", detail::ColType::kText,
          [](const Job& j) {
            return j.held_from ? Param(std::string(model::to_string(*j.held_from))) : Param();
          },
          [](Job& j, const Row& r, std::size_t i) -> Status {
            auto text = r.opt_text(i);
            if (!text) {
              j.held_from.reset();
              return ok_status();
            }
            auto s = model::parse_job_status(*text);
            if (!s.ok()) return Error::internal("corrupt held_from: " + s.error().message);
            j.held_from = *s;
            return ok_status();
          }};
}

detail::Column<Job> substitute_material_col() {
  return {"substitute_material", detail::ColType::kText,
          [](const Job& j) {
            return j.substitute_material
                       ? Param(std::string(model::to_string(*j.substitute_material)))
                       : Param();
          },
          [](Job& j, const Row& r, std::size_t i) -> Status {
            auto text = r.opt_text(i);
            if (!text) {
              j.substitute_material.reset();
              return ok_status();
            }
            auto m = model::parse_material(*text);
            if (!m.ok())
              return Error::internal("corrupt substitute_material: " + m.error().message);
            j.substitute_material = *m;
            return ok_status();
          }};
}

detail::Column<Job> substitute_thickness_col() {
  return {"substitute_thickness_mm", detail::ColType::kDouble,
          [](const Job& j) { return Param(j.substitute_thickness_mm); },
          [](Job& j, const Row& r, std::size_t i) -> Status {
            j.substitute_thickness_mm = r.opt_double(i);
            return ok_status();
          }};
}

const detail::Table<Job>& jobs() {
  static const detail::Table<Job> kTable = [] {
    detail::Table<Job> t(
        {"jobs",
         "job",
         true,
         {"status", "part_id", "customer_id", "priority"},
         {"number", "due", "priority", "status", "quantity"},
         {"number"},
         "due"},
        {detail::text_col("number", &Job::number), detail::int_col("part_id", &Job::part_id),
         detail::int_col("customer_id", &Job::customer_id),
         detail::int_col("quantity", &Job::quantity), detail::time_col("due", &Job::due),
         detail::int_col("priority", &Job::priority),
         detail::enum_col("status", &Job::status, model::parse_job_status), held_from_col(),
         substitute_material_col(), substitute_thickness_col()},
        &Job::id, &Job::version);
    t.validate = [](const Job& j) { return j.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<Job> get_job(Tx& tx, int64_t id) { return jobs().get(tx, id); }
Result<Page<Job>> list_jobs(Tx& tx, const ListQuery& q) { return jobs().list(tx, q); }
Result<std::vector<Job>> list_jobs_by_ids(Tx& tx, std::span<const int64_t> ids) {
  return jobs().select_in(tx, "id", ids);
}
Result<Job> insert_job(Tx& tx, const Job& v) { return jobs().insert(tx, v); }
Result<Job> update_job(Tx& tx, const Job& v) { return jobs().update(tx, v); }
Status delete_job(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return jobs().remove(tx, id, expected_version);
}

}  // namespace kerf::store
