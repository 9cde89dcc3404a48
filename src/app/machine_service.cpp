// MachineService: CRUD, live views, timeline and signal series (OEE in machine_oee.cpp, the
// background work in machine_tasks.cpp).
#include "kerf/app/machine_service.h"

#include <algorithm>
#include <map>

#include "app/machine_queries.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using machines::ms_of;

constexpr int64_t kHourMs = 3'600'000;
constexpr auto kMaxTimeline = std::chrono::days(31);

nlohmann::json event_payload(const model::Machine& m) {
  return {{"id", m.id}, {"version", m.version}, {"code", m.code}};
}

Status check_work_center(store::Tx& tx, const model::Machine& m) {
  if (!m.work_center_id) return ok_status();
  auto wc = store::get_work_center(tx, *m.work_center_id);
  if (wc.ok()) return ok_status();
  if (wc.error().code == ErrorCode::kNotFound) {
    return missing_reference("work_center_id", "work center");
  }
  return wc.error();
}

Status check_range(TimePoint from, TimePoint to, std::chrono::days max) {
  if (to <= from) return Error::invalid("to", "must be after from");
  if (to - from > max) {
    return Error::invalid("to", "range must be at most " + std::to_string(max.count()) + " days");
  }
  return ok_status();
}

}  // namespace

Principal machine_principal(const std::string& code) {
  Principal p;
  p.username = "machine:" + code;
  p.roles = {model::Role::kAdmin};
  return p;
}

Result<model::Machine> MachineService::create(const Principal& who, model::Machine machine) {
  KERF_TRY(authorize(who, Permission::kWriteMachines));
  machine.id = 0;
  machine.version = 0;
  KERF_TRY(machine.validate());
  return changes_.run(who, [&](Change& c) -> Result<model::Machine> {
    KERF_TRY(check_work_center(c.tx(), machine));
    auto saved = store::insert_machine(c.tx(), machine);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("machine", saved->id, "create", nullptr, json_of(*saved)));
    KERF_TRY(c.emit("machine.created", event_payload(*saved)));
    return saved;
  });
}

Result<model::Machine> MachineService::update(const Principal& who, model::Machine machine) {
  KERF_TRY(authorize(who, Permission::kWriteMachines));
  KERF_TRY(machine.validate());
  return changes_.run(who, [&](Change& c) -> Result<model::Machine> {
    auto before = store::get_machine(c.tx(), machine.id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version("machine", machine.id, before->version, machine.version));
    KERF_TRY(check_work_center(c.tx(), machine));
    auto saved = store::update_machine(c.tx(), machine);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("machine", saved->id, "update", json_of(*before), json_of(*saved)));
    KERF_TRY(c.emit("machine.updated", event_payload(*saved)));
    return saved;
  });
}

Status MachineService::remove(const Principal& who, int64_t id, int64_t version) {
  KERF_TRY(authorize(who, Permission::kWriteMachines));
  return changes_.run(who, [&](Change& c) -> Status {
    auto before = store::get_machine(c.tx(), id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version("machine", id, before->version, version));
    KERF_TRY(store::delete_machine(c.tx(), id, version));
    KERF_TRY(c.audit("machine", id, "delete", json_of(*before), nullptr));
    return c.emit("machine.deleted", {{"id", id}, {"code", before->code}});
  });
}

Result<model::Machine> MachineService::get(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) { return store::get_machine(tx, id); });
}

Result<store::Page<model::Machine>> MachineService::list(const Principal& who,
                                                         const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) { return store::list_machines(tx, query); });
}

namespace {

// Builds views of `list` inside one read transaction (work centers, operations and calendars
// cached per work center).
Result<std::vector<MachineView>> build_views(store::Tx& tx, const std::vector<model::Machine>& list,
                                             TimePoint now) {
  auto zone = scheduling::plant_zone(tx);
  if (!zone.ok()) return zone.error();
  const TimePoint midnight = zone->start_of_local_day(now);
  const int64_t day_ms = ms_of(midnight);
  const int64_t now_ms = ms_of(now);
  struct WcInfo {
    std::optional<model::WorkCenter> wc;
    std::optional<MachineOperation> op;
    std::vector<ingest::TimeSpan> planned;
  };
  std::map<int64_t, WcInfo> wcs;  // key 0: no work center
  std::vector<MachineView> out;
  out.reserve(list.size());
  for (const auto& m : list) {
    MachineView v;
    v.machine = m;
    auto status = store::get_machine_status(tx, m.id);
    if (!status.ok()) return status.error();
    v.status = *status;
    const int64_t key = m.work_center_id.value_or(0);
    auto it = wcs.find(key);
    if (it == wcs.end()) {
      WcInfo info;
      if (key > 0) {
        auto wc = store::get_work_center(tx, key);
        if (!wc.ok()) return wc.error();
        info.wc = *wc;
        auto running = machines::running_operation_id(tx, key);
        if (!running.ok()) return running.error();
        if (*running) {
          auto op = machines::machine_operation(tx, **running);
          if (!op.ok()) return op.error();
          info.op = *op;
        }
      }
      auto planned = machines::planned_spans(tx, info.wc, *zone, midnight,
                                             std::max(now, midnight + Micros(1000)));
      if (!planned.ok()) return planned.error();
      info.planned = std::move(planned).value();
      it = wcs.emplace(key, std::move(info)).first;
    }
    if (it->second.wc) {
      v.work_center_code = it->second.wc->code;
      v.department = it->second.wc->department;
    }
    v.current_operation = it->second.op;
    auto parts = store::parts_between(tx, m.id, day_ms, now_ms + 1);
    if (!parts.ok()) return parts.error();
    v.parts_today = *parts;
    auto input = machines::oee_input(tx, m, it->second.planned, day_ms, now_ms, now_ms);
    if (!input.ok()) return input.error();
    v.oee_today = ingest::compute_oee(*input);
    out.push_back(std::move(v));
  }
  return out;
}

}  // namespace

Result<std::vector<MachineView>> MachineService::views(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kRead));
  const TimePoint now = changes_.env().now();
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<MachineView>> {
    std::vector<model::Machine> all;
    store::ListQuery q;
    q.limit = 1000;
    q.sort = "code";
    for (;;) {
      auto page = store::list_machines(tx, q);
      if (!page.ok()) return page.error();
      all.insert(all.end(), page->items.begin(), page->items.end());
      if (page->items.empty() || static_cast<int64_t>(all.size()) >= page->total) break;
      q.offset += q.limit;
    }
    return build_views(tx, all, now);
  });
}

Result<MachineView> MachineService::view(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kRead));
  const TimePoint now = changes_.env().now();
  return changes_.db().read([&](store::Tx& tx) -> Result<MachineView> {
    auto m = store::get_machine(tx, id);
    if (!m.ok()) return m.error();
    auto views = build_views(tx, {*m}, now);
    if (!views.ok()) return views.error();
    return views->front();
  });
}

Result<std::vector<store::StateInterval>> MachineService::timeline(const Principal& who, int64_t id,
                                                                   TimePoint from, TimePoint to) {
  KERF_TRY(authorize(who, Permission::kRead));
  KERF_TRY(check_range(from, to, kMaxTimeline));
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<store::StateInterval>> {
    KERF_TRY(store::get_machine(tx, id));
    return store::intervals_between(tx, id, ms_of(from), ms_of(to));
  });
}

Result<SignalSeries> MachineService::signal_series(const Principal& who, int64_t id,
                                                   const std::string& signal, TimePoint from,
                                                   TimePoint to, int points) {
  KERF_TRY(authorize(who, Permission::kRead));
  if (signal.empty() || signal.size() > 64) {
    return Error::invalid("signal", "must be a signal name of 1 to 64 characters");
  }
  if (points < 2 || points > 2000) return Error::invalid("points", "must be between 2 and 2000");
  KERF_TRY(check_range(from, to, std::chrono::days(366)));
  const int64_t from_ms = ms_of(from);
  const int64_t to_ms = ms_of(to);
  SignalSeries out;
  out.signal = signal;
  out.bucket_ms = std::max<int64_t>(1, (to_ms - from_ms + points - 1) / points);
  if (out.bucket_ms >= kHourMs) {
    out.bucket_ms = (out.bucket_ms + kHourMs - 1) / kHourMs * kHourMs;
    out.from_rollups = true;
  }
  return changes_.db().read([&](store::Tx& tx) -> Result<SignalSeries> {
    KERF_TRY(store::get_machine(tx, id));
    auto pts = out.from_rollups
                   ? store::rollup_series(tx, id, signal, from_ms, to_ms, out.bucket_ms)
                   : store::raw_series(tx, id, signal, from_ms, to_ms, out.bucket_ms);
    if (!pts.ok()) return pts.error();
    SignalSeries s = out;
    s.points = std::move(pts).value();
    return s;
  });
}

Result<OeeBucket> parse_oee_bucket(std::string_view text) {
  if (text == "shift") return OeeBucket::kShift;
  if (text == "day") return OeeBucket::kDay;
  return Error::invalid("bucket", "must be shift or day");
}

}  // namespace kerf::app
