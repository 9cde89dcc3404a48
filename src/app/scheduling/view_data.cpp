#include "app/scheduling/view_data.h"

#include <algorithm>
#include <set>

#include "kerf/store/customer_repo.h"
#include "kerf/store/job_repo.h"
#include "kerf/store/operation_repo.h"
#include "kerf/store/part_repo.h"
#include "kerf/store/schedule_slot_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

template <typename Map>
std::vector<int64_t> keys_of(const Map& map) {
  std::vector<int64_t> out;
  out.reserve(map.size());
  for (const auto& [k, v] : map) out.push_back(k);
  return out;
}

std::vector<int64_t> unique_ids(std::set<int64_t> ids) {
  ids.erase(0);
  return {ids.begin(), ids.end()};
}

}  // namespace

Result<ViewData> load_job_data(store::Tx& tx, std::span<const int64_t> job_ids, bool ops,
                               bool finish) {
  ViewData v;
  auto jobs = store::list_jobs_by_ids(tx, job_ids);
  if (!jobs.ok()) return jobs.error();
  std::set<int64_t> part_ids, customer_ids;
  for (auto& j : *jobs) {
    part_ids.insert(j.part_id);
    customer_ids.insert(j.customer_id);
    v.jobs.emplace(j.id, std::move(j));
  }
  auto parts = store::list_parts_by_ids(tx, unique_ids(part_ids));
  if (!parts.ok()) return parts.error();
  for (auto& p : *parts) v.parts.emplace(p.id, std::move(p));
  auto customers = store::list_customers_by_ids(tx, unique_ids(customer_ids));
  if (!customers.ok()) return customers.error();
  for (auto& c : *customers) v.customers.emplace(c.id, std::move(c));
  if (!ops && !finish) return v;
  const auto ids = keys_of(v.jobs);
  auto all_ops = store::list_operations_for_jobs(tx, ids);
  if (!all_ops.ok()) return all_ops.error();
  std::vector<int64_t> op_ids;
  std::map<int64_t, int64_t> job_of_op;
  for (const auto& op : *all_ops) {
    op_ids.push_back(op.id);
    job_of_op[op.id] = op.job_id;
  }
  if (finish) {
    auto slots = store::list_schedule_slots_for_operations(tx, op_ids);
    if (!slots.ok()) return slots.error();
    for (const auto& s : *slots) {
      const int64_t job = job_of_op[s.operation_id];
      auto [it, inserted] = v.job_finish.emplace(job, s.end);
      if (!inserted) it->second = std::max(it->second, s.end);
    }
  }
  if (ops) {
    for (auto& op : *all_ops) v.ops.emplace(op.id, std::move(op));
  }
  return v;
}

Result<ViewData> load_view_data(store::Tx& tx, std::span<const int64_t> op_ids, bool finish) {
  auto ops = store::list_operations_by_ids(tx, op_ids);
  if (!ops.ok()) return ops.error();
  std::set<int64_t> job_ids;
  for (const auto& op : *ops) job_ids.insert(op.job_id);
  auto v = load_job_data(tx, unique_ids(job_ids), false, finish);
  if (!v.ok()) return v.error();
  for (auto& op : *ops) v->ops.emplace(op.id, std::move(op));
  return v;
}

Result<std::vector<model::WorkCenter>> all_work_centers(store::Tx& tx) {
  std::vector<model::WorkCenter> out;
  store::ListQuery q;
  q.limit = 1000;
  for (q.offset = 0;; q.offset += q.limit) {
    auto page = store::list_work_centers(tx, q);
    if (!page.ok()) return page.error();
    for (auto& w : page->items) out.push_back(std::move(w));
    if (static_cast<int64_t>(page->items.size()) < q.limit) break;
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.code < b.code; });
  return out;
}

}  // namespace kerf::app::scheduling
