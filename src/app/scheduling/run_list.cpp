// SchedulingService::list_runs: run history and pending repair proposals, newest first.
#include "app/util.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/store/schedule_run_repo.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;

// The summary of one stored run: the row's columns, completed by its stored document.
json run_summary(const store::ScheduleRun& run) {
  json doc = json::parse(run.message, nullptr, false);
  if (!doc.is_object()) doc = json::object();
  auto member = [&](const char* key, json fallback) {
    auto it = doc.find(key);
    return it == doc.end() ? fallback : *it;
  };
  json out = {{"id", run.id},
              {"status", member("status", std::string(store::to_string(run.status)))},
              {"trigger", run.trigger_reason},
              {"horizon", member("horizon", nullptr)},
              {"mode", member("mode", nullptr)},
              {"what_if", member("what_if", false)},
              {"committed", member("committed", false)},
              {"created_at", format_iso8601(run.started_at)},
              {"created_by", member("created_by", nullptr)},
              {"objective", run.objective ? json(*run.objective) : json(nullptr)},
              {"metrics_after", member("metrics_after", nullptr)}};
  if (run.trigger_reason == "repair") {
    json repair = member("repair", json::object());
    out["work_center_id"] = repair.is_object() && repair.contains("work_center_id")
                                ? repair["work_center_id"]
                                : json(nullptr);
    json moved = member("moved_operation_ids", json::array());
    json moved_nests = member("moved_nest_ids", json::array());
    out["moved"] =
        (moved.is_array() ? moved.size() : 0) + (moved_nests.is_array() ? moved_nests.size() : 0);
  }
  return out;
}

}  // namespace

Result<json> SchedulingService::list_runs(const Principal& who, const RunListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (query.limit < 1 || query.limit > 1000) return Error::invalid("limit", "must be 1..1000");
  if (query.offset < 0) return Error::invalid("offset", "must be >= 0");
  if (!query.trigger.empty() && query.trigger != "manual" && query.trigger != "what_if" &&
      query.trigger != "repair") {
    return Error::invalid("trigger", "must be one of manual, what_if, repair");
  }
  store::ListQuery q;
  q.limit = query.limit;
  q.offset = query.offset;
  q.sort = "id";
  q.descending = true;
  if (!query.trigger.empty()) q.filters["trigger_reason"] = query.trigger;
  if (!query.status.empty()) {
    auto status = store::parse_schedule_run_status(query.status);
    if (!status.ok()) return Error::invalid("status", "must be one of running, succeeded, failed");
    q.filters["status"] = std::string(store::to_string(*status));
  }
  auto page = services_.db().read([&](store::Tx& tx) { return store::list_schedule_runs(tx, q); });
  if (!page.ok()) return page.error();
  json items = json::array();
  for (const auto& run : page->items) items.push_back(run_summary(run));
  return json{{"items", items}, {"total", page->total}};
}

}  // namespace kerf::app::scheduling
