#include "kerf/store/schedule_run_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

detail::Column<ScheduleRun> objective_col() {
  return {"objective", detail::ColType::kDouble,
          [](const ScheduleRun& r) { return Param(r.objective); },
          [](ScheduleRun& run, const Row& r, std::size_t i) {
            run.objective = r.opt_double(i);
            return ok_status();
          }};
}

const detail::Table<ScheduleRun>& runs() {
  static const detail::Table<ScheduleRun> kTable(
      {"schedule_runs",
       "schedule run",
       false,
       {"status", "trigger_reason"},
       {"started_at"},
       {},
       "started_at"},
      {detail::time_col("started_at", &ScheduleRun::started_at),
       detail::opt_time_col("finished_at", &ScheduleRun::finished_at),
       detail::enum_col("status", &ScheduleRun::status, parse_schedule_run_status),
       detail::text_col("trigger_reason", &ScheduleRun::trigger_reason),
       detail::int_col("slot_count", &ScheduleRun::slot_count), objective_col(),
       detail::text_col("message", &ScheduleRun::message),
       detail::ref_col("created_by", &ScheduleRun::created_by),
       detail::opt_time_col("heartbeat_at", &ScheduleRun::heartbeat_at)},
      &ScheduleRun::id, nullptr);
  return kTable;
}

}  // namespace

std::string_view to_string(ScheduleRunStatus s) {
  switch (s) {
    case ScheduleRunStatus::kRunning:
      return "running";
    case ScheduleRunStatus::kSucceeded:
      return "succeeded";
    case ScheduleRunStatus::kFailed:
      return "failed";
  }
  return "running";
}

Result<ScheduleRunStatus> parse_schedule_run_status(std::string_view text) {
  if (text == "running") return ScheduleRunStatus::kRunning;
  if (text == "succeeded") return ScheduleRunStatus::kSucceeded;
  if (text == "failed") return ScheduleRunStatus::kFailed;
  return Error::invalid("status", "unknown schedule run status '" + std::string(text) + "'");
}

Result<ScheduleRun> insert_schedule_run(Tx& tx, const ScheduleRun& run) {
  return runs().insert(tx, run);
}
Result<ScheduleRun> update_schedule_run(Tx& tx, const ScheduleRun& run) {
  return runs().update(tx, run);
}
Result<ScheduleRun> get_schedule_run(Tx& tx, int64_t id) { return runs().get(tx, id); }
Result<Page<ScheduleRun>> list_schedule_runs(Tx& tx, const ListQuery& query) {
  return runs().list(tx, query);
}

Result<bool> heartbeat_schedule_run(Tx& tx, int64_t id, TimePoint at) {
  auto n = tx.exec("UPDATE schedule_runs SET heartbeat_at = ? WHERE id = ? AND status = ?",
                   {at, id, std::string(to_string(ScheduleRunStatus::kRunning))});
  if (!n.ok()) return n.error();
  return *n > 0;
}

Result<std::vector<ScheduleRun>> list_silent_running_runs(Tx& tx, TimePoint cutoff) {
  std::vector<ScheduleRun> out;
  ListQuery q;
  q.filters["status"] = std::string(to_string(ScheduleRunStatus::kRunning));
  q.limit = 100;
  for (q.offset = 0;; q.offset += q.limit) {
    auto page = runs().list(tx, q);
    if (!page.ok()) return page.error();
    for (ScheduleRun& run : page->items) {
      if (run.last_sign_of_life() < cutoff) out.push_back(std::move(run));
    }
    if (static_cast<int64_t>(page->items.size()) < q.limit) break;
  }
  return out;
}

}  // namespace kerf::store
