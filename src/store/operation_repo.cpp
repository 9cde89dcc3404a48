#include "kerf/store/operation_repo.h"

#include <algorithm>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Operation;

Status load_work_centers(Tx& tx, Operation& op) {
  auto rows = tx.query(
      "SELECT work_center_id FROM operation_work_centers WHERE operation_id = ? ORDER BY seq",
      {op.id});
  if (!rows.ok()) return rows.error();
  op.eligible_work_center_ids.clear();
  for (const Row& r : *rows) op.eligible_work_center_ids.push_back(r.get_int(0));
  return ok_status();
}

Status save_work_centers(Tx& tx, const Operation& op) {
  auto del = tx.exec("DELETE FROM operation_work_centers WHERE operation_id = ?", {op.id});
  if (!del.ok()) return del.error();
  int seq = 0;
  for (int64_t wc : op.eligible_work_center_ids) {
    auto ins = tx.exec(
        "INSERT INTO operation_work_centers (operation_id, work_center_id, seq) VALUES (?, ?, ?)",
        {op.id, wc, seq++});
    if (!ins.ok()) return ins.error();
  }
  return ok_status();
}

const detail::Table<Operation>& operations() {
  static const detail::Table<Operation> kTable = [] {
    detail::Table<Operation> t(
        {"job_routings",
         "operation",
         true,
         {"job_id", "status", "department", "process", "operator_id"},
         {"job_id", "sequence", "status", "started_at"},
         {"name"},
         "started_at"},
        {detail::int_col("job_id", &Operation::job_id),
         detail::int_col("sequence", &Operation::sequence),
         detail::text_col("name", &Operation::name),
         detail::enum_col("department", &Operation::department, model::parse_department),
         detail::enum_col("process", &Operation::process, model::parse_process),
         detail::int_col("setup_seconds", &Operation::setup_seconds),
         detail::int_col("run_seconds_per_piece", &Operation::run_seconds_per_piece),
         detail::int_col("transfer_seconds", &Operation::transfer_seconds),
         detail::bool_col("overlap_allowed", &Operation::overlap_allowed),
         detail::int_col("overlap_pieces", &Operation::overlap_pieces),
         detail::text_col("setup_family", &Operation::setup_family),
         detail::int_col("qty_good", &Operation::qty_good),
         detail::int_col("qty_scrap", &Operation::qty_scrap),
         detail::enum_col("status", &Operation::status, model::parse_operation_status),
         detail::opt_time_col("started_at", &Operation::started_at),
         detail::opt_time_col("completed_at", &Operation::completed_at),
         detail::ref_col("operator_id", &Operation::operator_id)},
        &Operation::id, &Operation::version);
    t.validate = [](const Operation& v) { return v.validate(); };
    t.load_children = load_work_centers;
    t.save_children = save_work_centers;
    return t;
  }();
  return kTable;
}

// Fills the eligible work centers of `ops` with one statement per 512 operations.
Status load_work_centers_batch(Tx& tx, std::vector<Operation>& ops) {
  std::map<int64_t, Operation*> by_id;
  for (auto& op : ops) {
    op.eligible_work_center_ids.clear();
    by_id[op.id] = &op;
  }
  constexpr std::size_t kChunk = 512;
  std::vector<int64_t> ids;
  for (const auto& [id, op] : by_id) ids.push_back(id);
  for (std::size_t at = 0; at < ids.size(); at += kChunk) {
    const std::size_t n = std::min(kChunk, ids.size() - at);
    std::size_t marks = 1;
    while (marks < n) marks *= 2;
    std::string sql =
        "SELECT operation_id, work_center_id FROM operation_work_centers WHERE operation_id IN (";
    std::vector<Param> params;
    for (std::size_t k = 0; k < marks; ++k) {
      sql += k == 0 ? "?" : ", ?";
      params.emplace_back(ids[at + std::min(k, n - 1)]);
    }
    sql += ") ORDER BY operation_id, seq";
    auto rows = tx.query(sql, params);
    if (!rows.ok()) return rows.error();
    for (const Row& r : *rows) {
      auto it = by_id.find(r.get_int(0));
      if (it != by_id.end()) it->second->eligible_work_center_ids.push_back(r.get_int(1));
    }
  }
  return ok_status();
}

}  // namespace

Result<Operation> get_operation(Tx& tx, int64_t id) { return operations().get(tx, id); }
Result<Page<Operation>> list_operations(Tx& tx, const ListQuery& q) {
  return operations().list(tx, q);
}
Result<Operation> insert_operation(Tx& tx, const Operation& v) {
  return operations().insert(tx, v);
}
Result<Operation> update_operation(Tx& tx, const Operation& v) {
  return operations().update(tx, v);
}
Status delete_operation(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return operations().remove(tx, id, expected_version);
}

Result<std::vector<Operation>> list_operations_for_jobs(Tx& tx, std::span<const int64_t> job_ids) {
  auto ops = operations().select_in(tx, "job_id", job_ids, "job_id, sequence", false);
  if (!ops.ok()) return ops;
  std::sort(ops->begin(), ops->end(), [](const Operation& a, const Operation& b) {
    return std::tie(a.job_id, a.sequence) < std::tie(b.job_id, b.sequence);
  });
  if (Status s = load_work_centers_batch(tx, *ops); !s.ok()) return s.error();
  return ops;
}

Result<std::vector<Operation>> list_operations_by_ids(Tx& tx, std::span<const int64_t> ids) {
  auto ops = operations().select_in(tx, "id", ids, "id", false);
  if (!ops.ok()) return ops;
  std::sort(ops->begin(), ops->end(),
            [](const Operation& a, const Operation& b) { return a.id < b.id; });
  if (Status s = load_work_centers_batch(tx, *ops); !s.ok()) return s.error();
  return ops;
}

Result<std::vector<Operation>> list_operations_for_job(Tx& tx, int64_t job_id) {
  std::vector<Param> params{job_id};
  return operations().select_where(tx, "job_id = ?", params, "sequence");
}

}  // namespace kerf::store
