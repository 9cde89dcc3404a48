// OEE reports: a machine or a department over [from, to), bucketed by shift or plant-local day.
// Planned time from the work center's shift calendar (the scheduler's calendar helper), states
// from the timeline, good parts from the part events, scrap from completed operations.
#include <algorithm>
#include <map>

#include "app/machine_queries.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using machines::ms_of;
using machines::time_of;

constexpr auto kMaxOee = std::chrono::days(93);

struct Window {
  int64_t from_ms = 0;
  int64_t to_ms = 0;
  std::vector<ingest::OeeResult> parts;
};

// Adds the machine's per-bucket results to `windows` (keyed by bucket start).
Status add_machine(store::Tx& tx, const model::Machine& m, const TimeZone& zone, TimePoint from,
                   TimePoint to, OeeBucket bucket, int64_t now_ms,
                   std::map<std::pair<int64_t, int64_t>, Window>& windows) {
  std::optional<model::WorkCenter> wc;
  if (m.work_center_id) {
    auto w = store::get_work_center(tx, *m.work_center_id);
    if (!w.ok()) return w.error();
    wc = *w;
  }
  auto planned = machines::planned_spans(tx, wc, zone, from, to);
  if (!planned.ok()) return planned.error();
  const bool has_calendar = wc && wc->calendar_id > 0;
  for (const auto& [a, b] :
       machines::buckets_of(bucket, zone, *planned, has_calendar, ms_of(from), ms_of(to))) {
    auto input = machines::oee_input(tx, m, *planned, a, b, now_ms);
    if (!input.ok()) return input.error();
    auto& w = windows[{a, b}];
    w.from_ms = a;
    w.to_ms = b;
    w.parts.push_back(ingest::compute_oee(*input));
  }
  return ok_status();
}

OeeReport report_of(std::map<std::pair<int64_t, int64_t>, Window>& windows) {
  OeeReport out;
  std::vector<ingest::OeeResult> all;
  for (auto& [key, w] : windows) {
    OeeBucketResult b;
    b.from = time_of(w.from_ms);
    b.to = time_of(w.to_ms);
    b.oee = ingest::combine(w.parts);
    all.push_back(b.oee);
    out.buckets.push_back(std::move(b));
  }
  out.total = ingest::combine(all);
  return out;
}

}  // namespace

Result<OeeReport> MachineService::oee(const Principal& who, int64_t id, TimePoint from,
                                      TimePoint to, OeeBucket bucket) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (to <= from) return Error::invalid("to", "must be after from");
  if (to - from > kMaxOee) return Error::invalid("to", "range must be at most 93 days");
  const int64_t now_ms = ms_of(changes_.env().now());
  return changes_.db().read([&](store::Tx& tx) -> Result<OeeReport> {
    auto m = store::get_machine(tx, id);
    if (!m.ok()) return m.error();
    auto zone = scheduling::plant_zone(tx);
    if (!zone.ok()) return zone.error();
    std::map<std::pair<int64_t, int64_t>, Window> windows;
    KERF_TRY(add_machine(tx, *m, *zone, from, to, bucket, now_ms, windows));
    return report_of(windows);
  });
}

Result<OeeReport> MachineService::department_oee(const Principal& who, model::Department department,
                                                 TimePoint from, TimePoint to, OeeBucket bucket) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (to <= from) return Error::invalid("to", "must be after from");
  if (to - from > kMaxOee) return Error::invalid("to", "range must be at most 93 days");
  const int64_t now_ms = ms_of(changes_.env().now());
  return changes_.db().read([&](store::Tx& tx) -> Result<OeeReport> {
    auto zone = scheduling::plant_zone(tx);
    if (!zone.ok()) return zone.error();
    store::ListQuery wq;
    wq.filters["department"] = std::string(model::to_string(department));
    wq.limit = 1000;
    auto wcs = store::list_work_centers(tx, wq);
    if (!wcs.ok()) return wcs.error();
    std::map<std::pair<int64_t, int64_t>, Window> windows;
    for (const auto& wc : wcs->items) {
      auto ms = store::machines_of_work_center(tx, wc.id);
      if (!ms.ok()) return ms.error();
      for (const auto& m : *ms) {
        if (!m.active) continue;
        KERF_TRY(add_machine(tx, m, *zone, from, to, bucket, now_ms, windows));
      }
    }
    return report_of(windows);
  });
}

}  // namespace kerf::app
