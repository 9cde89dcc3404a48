// SchedulingService::dispatch_list: what a work center runs next (its dispatch list).
#include <algorithm>
#include <chrono>
#include <set>

#include "app/scheduling/view_data.h"
#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/schedule_slot_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;

json dispatch_item(const model::ScheduleSlot& s, const ViewData& v) {
  json out = {{"slot_id", s.id},
              {"operation_id", s.operation_id},
              {"start", format_iso8601(s.start)},
              {"end", format_iso8601(s.end)}};
  const model::Operation& o = v.ops.at(s.operation_id);
  out["op_name"] = o.name;
  out["sequence"] = o.sequence;
  out["op_status"] = model::to_string(o.status);
  out["qty_good"] = o.qty_good;
  out["qty_scrap"] = o.qty_scrap;
  out["job_id"] = o.job_id;
  auto job = v.jobs.find(o.job_id);
  if (job == v.jobs.end()) return out;
  const model::Job& j = job->second;
  out["job_number"] = j.number;
  out["job_status"] = model::to_string(j.status);
  out["quantity"] = j.quantity;
  out["due"] = format_iso8601(j.due);
  out["priority"] = j.priority;
  if (auto p = v.parts.find(j.part_id); p != v.parts.end()) {
    out["part_number"] = p->second.number;
    out["part_name"] = p->second.description;
    out["material"] = model::to_string(p->second.material);
    out["thickness_mm"] = p->second.thickness_mm;
  }
  if (auto c = v.customers.find(j.customer_id); c != v.customers.end()) {
    out["customer"] = c->second.name;
  }
  return out;
}

}  // namespace

Result<json> SchedulingService::dispatch_list(const Principal& who, int64_t work_center_id,
                                              int64_t limit) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (limit < 1 || limit > 500) return Error::invalid("limit", "must be 1..500");
  return services_.db().read([&](store::Tx& tx) -> Result<json> {
    auto wc = store::get_work_center(tx, work_center_id);
    if (!wc.ok()) return wc.error();
    std::vector<model::ScheduleSlot> slots;
    store::ListQuery q;
    q.limit = 1000;
    q.sort = "start_at";
    q.filters["work_center_id"] = work_center_id;
    for (q.offset = 0;; q.offset += q.limit) {
      auto page = store::list_schedule_slots(tx, q);
      if (!page.ok()) return page.error();
      for (auto& s : page->items) slots.push_back(std::move(s));
      if (static_cast<int64_t>(page->items.size()) < q.limit) break;
    }
    std::set<int64_t> op_set;
    for (const auto& s : slots) op_set.insert(s.operation_id);
    auto data = load_view_data(tx, std::vector<int64_t>(op_set.begin(), op_set.end()), false);
    if (!data.ok()) return data.error();
    // Open operations only, one line per operation (its earliest slot here); running first.
    std::vector<const model::ScheduleSlot*> lines;
    std::set<int64_t> seen;
    for (const auto& s : slots) {
      auto op = data->ops.find(s.operation_id);
      if (op == data->ops.end() || op->second.status == model::OperationStatus::kComplete) continue;
      if (!seen.insert(s.operation_id).second) continue;
      lines.push_back(&s);
    }
    std::stable_partition(lines.begin(), lines.end(), [&](const model::ScheduleSlot* s) {
      return data->ops.at(s->operation_id).status == model::OperationStatus::kRunning;
    });
    json items = json::array();
    for (const auto* s : lines) {
      if (static_cast<int64_t>(items.size()) >= limit) break;
      items.push_back(dispatch_item(*s, *data));
    }
    return json{{"work_center",
                 {{"id", wc->id},
                  {"code", wc->code},
                  {"name", wc->name},
                  {"department", model::to_string(wc->department)},
                  {"status", model::to_string(wc->status)}}},
                {"items", items},
                {"total", lines.size()}};
  });
}

}  // namespace kerf::app::scheduling
