#include "kerf/app/scheduling/demo_activity.h"

#include <set>
#include <vector>

#include "app/util.h"
#include "kerf/app/operation_service.h"
#include "kerf/app/schedule_service.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"

namespace kerf::app::scheduling {

namespace {

// Ready operations in the order the demo starts them: those with a committed slot by the slot's
// start, then the rest by id.
Result<std::vector<int64_t>> demo_start_order(Services& services, const Principal& who) {
  store::ListQuery rq;
  rq.filters["status"] = std::string(model::to_string(model::OperationStatus::kReady));
  rq.sort = "id";
  rq.limit = 1000;
  auto ready = services.operations().list(who, rq);
  if (!ready.ok()) return ready.error();
  std::set<int64_t> ready_ids;
  for (const auto& op : ready->items) ready_ids.insert(op.id);
  store::ListQuery sq;
  sq.sort = "start_at";
  sq.limit = 1000;
  auto slots = services.schedule().list(who, sq);
  if (!slots.ok()) return slots.error();
  std::vector<int64_t> order;
  for (const auto& slot : slots->items) {
    if (ready_ids.erase(slot.operation_id) > 0) order.push_back(slot.operation_id);
  }
  for (const auto& op : ready->items) {
    if (ready_ids.count(op.id) > 0) order.push_back(op.id);
  }
  return order;
}

}  // namespace

Result<DemoActivity> animate_demo(Services& services, SchedulingService& scheduling) {
  const Principal who = system_principal();
  DemoActivity out;
  RunRequest request;
  request.horizon = Horizon::kWeekly;
  request.mode = RunMode::kDispatch;
  auto run = scheduling.run(who, request, true);
  if (!run.ok()) return run.error();
  out.run_id = (*run)["id"].get<int64_t>();
  // A little shop-floor activity through the use cases: start the ready operations the committed
  // plan starts first (slots by start, then by id, so the same seed gives the same shop), then any
  // other ready ones by id, and complete some of them at once.
  auto order = demo_start_order(services, who);
  if (!order.ok()) return order.error();
  for (int64_t op_id : *order) {
    if (out.started >= kDemoStarts) break;
    auto started = services.operations().start(who, op_id);
    if (!started.ok()) continue;  // e.g. its job is on hold: not startable, try the next
    ++out.started;
    if (out.completed >= kDemoCompletes) continue;
    CompleteOperationInput done;
    done.operation_id = op_id;
    done.qty_good = std::max<int64_t>(
        0, started->job.quantity - started->operation.qty_good - started->operation.qty_scrap);
    auto completed = services.operations().complete(who, done);
    if (!completed.ok()) return completed.error();
    ++out.completed;
  }
  return out;
}

}  // namespace kerf::app::scheduling
