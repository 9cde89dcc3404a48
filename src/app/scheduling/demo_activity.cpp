#include "kerf/app/scheduling/demo_activity.h"

#include "app/util.h"
#include "kerf/app/operation_service.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"

namespace kerf::app::scheduling {

Result<DemoActivity> animate_demo(Services& services, SchedulingService& scheduling) {
  const Principal who = system_principal();
  DemoActivity out;
  RunRequest request;
  request.horizon = Horizon::kWeekly;
  request.mode = RunMode::kDispatch;
  auto run = scheduling.run(who, request, true);
  if (!run.ok()) return run.error();
  out.run_id = (*run)["id"].get<int64_t>();
  // A little shop-floor activity through the use cases: start the first ready operations (by
  // id, so the same seed gives the same shop) and complete some of them at once.
  store::ListQuery q;
  q.filters["status"] = std::string(model::to_string(model::OperationStatus::kReady));
  q.sort = "id";
  q.limit = 20;
  auto ready = services.operations().list(who, q);
  if (!ready.ok()) return ready.error();
  for (const auto& op : ready->items) {
    if (out.started >= kDemoStarts) break;
    auto started = services.operations().start(who, op.id);
    if (!started.ok()) continue;  // e.g. its job is on hold: not startable, try the next
    ++out.started;
    if (out.completed >= kDemoCompletes) continue;
    CompleteOperationInput done;
    done.operation_id = op.id;
    done.qty_good = std::max<int64_t>(
        0, started->job.quantity - started->operation.qty_good - started->operation.qty_scrap);
    auto completed = services.operations().complete(who, done);
    if (!completed.ok()) return completed.error();
    ++out.completed;
  }
  return out;
}

}  // namespace kerf::app::scheduling
