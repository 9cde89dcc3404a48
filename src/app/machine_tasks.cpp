// The machines' background work: the down watch (work center down/available through the
// master-data use case), hourly rollups and metrics retention. All time via the Env clock.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "app/machine_queries.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/lease.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/master_data_service.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"

namespace kerf::app {
namespace {

using machines::ms_of;
constexpr int64_t kHourMs = 3'600'000;
constexpr int64_t kMaxRollupBacklogHours = 48;

struct WatchItem {
  model::Machine machine;
  store::MachineStatus status;
};

}  // namespace

Result<int64_t> MachineService::run_down_watch() {
  const TimePoint now = changes_.env().now();
  const auto down_after = std::chrono::seconds(options_.down_after_s);
  auto items = changes_.db().read([&](store::Tx& tx) -> Result<std::vector<WatchItem>> {
    std::vector<WatchItem> out;
    auto statuses = store::list_machine_statuses(tx);
    if (!statuses.ok()) return statuses.error();
    for (const auto& s : *statuses) {
      const bool long_down = s.state == model::MachineState::kDown && s.state_since &&
                             *s.state_since + down_after <= now;
      const bool recovered = s.state != model::MachineState::kDown && s.wc_down_by_kerf;
      if (!long_down && !recovered) continue;
      auto m = store::get_machine(tx, s.machine_id);
      if (!m.ok()) return m.error();
      if (!m->work_center_id) continue;
      if (long_down && s.wc_down_by_kerf) continue;  // already done
      out.push_back({*m, s});
    }
    return out;
  });
  if (!items.ok()) return items.error();
  int64_t changed = 0;
  for (const auto& item : *items) {
    const model::Machine& m = item.machine;
    const Principal who = machine_principal(m.code);
    const bool going_down = item.status.state == model::MachineState::kDown;
    auto wc = master_data_.get<model::WorkCenter>(who, *m.work_center_id);
    if (!wc.ok()) return wc.error();
    bool still_held = false;  // another machine of the work center still holds it down
    if (!going_down) {
      auto held = changes_.db().read([&](store::Tx& tx) -> Result<bool> {
        auto row = tx.query_one(
            "SELECT COUNT(*) FROM machines WHERE work_center_id = ? AND id <> ? AND "
            "wc_down_by_kerf",
            {*m.work_center_id, m.id});
        if (!row.ok()) return row.error();
        return (*row)->get_int(0) > 0;
      });
      if (!held.ok()) return held.error();
      still_held = *held;
    }
    if (going_down && wc->status == model::WorkCenterStatus::kAvailable) {
      model::WorkCenter after = *wc;
      after.status = model::WorkCenterStatus::kDown;
      auto saved = master_data_.update(who, after);
      if (!saved.ok()) return saved.error();
      spdlog::warn("machine {} down since {} s: work center {} set down", m.code,
                   options_.down_after_s, wc->code);
      ++changed;
    } else if (!going_down && !still_held && wc->status == model::WorkCenterStatus::kDown) {
      model::WorkCenter after = *wc;
      after.status = model::WorkCenterStatus::kAvailable;
      auto saved = master_data_.update(who, after);
      if (!saved.ok()) return saved.error();
      spdlog::info("machine {} back up: work center {} available again", m.code, wc->code);
      ++changed;
    }
    // Remember (or forget) that kerf holds the work center down. A work center someone else
    // set down is never set available by kerf: the flag is set only when going down found it
    // available... or already held by another of its machines.
    const bool hold = going_down && (wc->status == model::WorkCenterStatus::kAvailable);
    Status flagged = changes_.run(who, [&](Change& c) -> Status {
      auto st = store::get_machine_status(c.tx(), m.id);
      if (!st.ok()) return st.error();
      if (going_down && !hold) {
        // Work center already down or in maintenance by someone else: nothing held; mark so
        // the watch does not retry every pass, but without restoring later.
        return ok_status();
      }
      st->wc_down_by_kerf = going_down;
      KERF_TRY(store::save_machine_status(c.tx(), *st));
      KERF_TRY(c.audit("machine", m.id, going_down ? "work_center_down" : "work_center_up",
                       {{"work_center_id", *m.work_center_id}},
                       {{"work_center_id", *m.work_center_id}, {"held_down", going_down}}));
      if (!going_down) return ok_status();
      // The alert: down longer than the configured time (the board and agents listen).
      return c.emit(
          "machine.down_alert",
          {{"machine_id", m.id},
           {"code", m.code},
           {"work_center_id", *m.work_center_id},
           {"down_since", st->state_since ? nlohmann::json(format_iso8601(*st->state_since))
                                          : nlohmann::json(nullptr)},
           {"down_after_s", options_.down_after_s}});
    });
    if (!flagged.ok()) return flagged.error();
  }
  return changed;
}

Result<int64_t> MachineService::run_rollups() {
  const int64_t now_ms = ms_of(changes_.env().now());
  const int64_t current_hour = now_ms - now_ms % kHourMs;
  int64_t start = last_rollup_hour_ms_ > 0 ? last_rollup_hour_ms_ + kHourMs
                                           : current_hour - kMaxRollupBacklogHours * kHourMs;
  start = std::max(start, current_hour - kMaxRollupBacklogHours * kHourMs);
  int64_t done = 0;
  for (int64_t h = start; h < current_hour; h += kHourMs) {
    auto r = changes_.db().transact([&](store::Tx& tx) { return store::rollup_hour(tx, h); });
    if (!r.ok()) return r.error();
    last_rollup_hour_ms_ = h;
    ++done;
  }
  // The current hour is rolled up as far as it goes (replaced on every pass) so charts over
  // long ranges reach now.
  auto r =
      changes_.db().transact([&](store::Tx& tx) { return store::rollup_hour(tx, current_hour); });
  if (!r.ok()) return r.error();
  return done;
}

Result<int64_t> MachineService::run_retention() {
  const int64_t before =
      ms_of(changes_.env().now() - std::chrono::days(options_.metrics_retention_days));
  // PostgreSQL: next months' partitions exist before their first sample arrives.
  auto made = changes_.db().transact([&](store::Tx& tx) {
    return store::ensure_metric_partitions(tx, ms_of(changes_.env().now()));
  });
  if (!made.ok()) return made.error();
  return changes_.db().transact([&](store::Tx& tx) { return store::purge_metrics(tx, before); });
}

void MachineService::add_background_tasks(Background& background) {
  background.add_periodic("machines.down_watch", options_.watch_period,
                          [this] { return status_of(run_down_watch()); });
  background.add_periodic("machines.rollup", std::chrono::minutes(5),
                          [this] { return status_of(run_rollups()); });
  background.add_periodic("machines.oee_watch", std::chrono::minutes(5),
                          [this] { return status_of(run_oee_watch()); });
  background.add_periodic("machines.retention", std::chrono::hours(1),
                          [this] { return status_of(run_retention()); });
}

namespace {

constexpr const char* kOeeAlert = "machine.oee_alert";

// True when a machine.oee_alert of `machine_id` for `day` is already in the outbox (raised by
// this node before a restart, or by the node that held the watch before).
Result<bool> alerted_already(store::Tx& tx, int64_t machine_id, const std::string& day,
                             TimePoint since) {
  auto events = store::events_of_topic_since(tx, kOeeAlert, since);
  if (!events.ok()) return events.error();
  for (const store::OutboxEvent& e : *events) {
    auto p = nlohmann::json::parse(e.payload, nullptr, false);
    if (p.is_object() && p.value("machine_id", int64_t{0}) == machine_id &&
        p.value("day", std::string()) == day) {
      return true;
    }
  }
  return false;
}

}  // namespace

Result<int64_t> MachineService::run_oee_watch() {
  // One node of the plant raises the alerts (the others would repeat them).
  auto held = hold_lease(changes_, "machines.oee_watch", std::chrono::minutes(15));
  if (!held.ok()) return held.error();
  if (!*held) return 0;
  auto all = views(system_principal());
  if (!all.ok()) return all.error();
  const double threshold = static_cast<double>(options_.oee_alert_below_pct) / 100.0;
  const TimePoint now = changes_.env().now();
  const std::string day = format_iso8601(now).substr(0, 10);
  const TimePoint day_start = now - (now.time_since_epoch() % std::chrono::days(1));
  int64_t raised = 0;
  for (const auto& v : *all) {
    const auto& o = v.oee_today;
    if (o.planned_ms < 3'600'000 || o.oee >= threshold) continue;
    auto& last = oee_alerted_day_[v.machine.id];
    if (last == day) continue;
    bool emitted_now = false;
    auto emitted = changes_.run(machine_principal(v.machine.code), [&](Change& c) -> Status {
      emitted_now = false;
      auto already = alerted_already(c.tx(), v.machine.id, day, day_start);
      if (!already.ok()) return already.error();
      if (*already) return ok_status();
      emitted_now = true;
      return c.emit(kOeeAlert, {{"machine_id", v.machine.id},
                                {"code", v.machine.code},
                                {"oee", o.oee},
                                {"availability", o.availability},
                                {"performance", o.performance},
                                {"quality", o.quality},
                                {"threshold", threshold},
                                {"day", day}});
    });
    if (!emitted.ok()) return emitted.error();
    last = day;
    if (emitted_now) ++raised;
  }
  return raised;
}

}  // namespace kerf::app
