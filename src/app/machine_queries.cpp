#include "app/machine_queries.h"

#include <algorithm>

#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/store/store.h"

namespace kerf::app::machines {

Result<std::optional<int64_t>> running_operation_id(store::Tx& tx, int64_t work_center_id) {
  for (const char* sql :
       {"SELECT o.id FROM job_routings o WHERE o.status = 'running' AND o.id IN (SELECT "
        "operation_id FROM schedule_slots WHERE work_center_id = ?) ORDER BY o.started_at DESC, "
        "o.id DESC",
        "SELECT o.id FROM job_routings o WHERE o.status = 'running' AND o.id IN (SELECT "
        "operation_id FROM operation_work_centers WHERE work_center_id = ?) ORDER BY "
        "o.started_at DESC, o.id DESC"}) {
    auto row = tx.query_one(sql, {work_center_id});
    if (!row.ok()) return row.error();
    if (row->has_value()) return std::optional<int64_t>((*row)->get_int(0));
  }
  return std::optional<int64_t>();
}

Result<MachineOperation> machine_operation(store::Tx& tx, int64_t operation_id) {
  auto op = store::get_operation(tx, operation_id);
  if (!op.ok()) return op.error();
  auto job = store::get_job(tx, op->job_id);
  if (!job.ok()) return job.error();
  auto part = store::get_part(tx, job->part_id);
  auto actuals = store::operation_actuals(tx, operation_id);
  if (!actuals.ok()) return actuals.error();
  MachineOperation out;
  out.id = op->id;
  out.job_id = job->id;
  out.job_number = job->number;
  out.part_number = part.ok() ? part->number : "";
  out.sequence = op->sequence;
  out.qty_planned = job->quantity;
  out.machine_qty = actuals->machine_qty;
  out.planned_run_s = op->nominal_seconds(job->quantity);
  out.actual_run_s = actuals->machine_run_ms / 1000;
  return out;
}

Result<std::vector<ingest::TimeSpan>> planned_spans(store::Tx& tx,
                                                    const std::optional<model::WorkCenter>& wc,
                                                    const TimeZone& zone, TimePoint from,
                                                    TimePoint to) {
  const int64_t from_ms = ms_of(from);
  const int64_t end_ms = ms_of(to);
  if (!wc || wc->calendar_id <= 0) return std::vector<ingest::TimeSpan>{{from_ms, end_ms}};
  auto shifts = store::get_calendar(tx, wc->calendar_id);
  if (!shifts.ok()) return shifts.error();
  const TimePoint origin = std::chrono::floor<std::chrono::seconds>(from);
  const int64_t span_s = std::chrono::ceil<std::chrono::seconds>(to - origin).count();
  auto cal = scheduling::shift_calendar(*shifts, wc->code, zone, origin, {0, span_s});
  if (!cal.ok()) return cal.error();
  std::vector<ingest::TimeSpan> out;
  const int64_t origin_ms = ms_of(origin);
  if (cal->windows.empty() && cal->always_open)
    return std::vector<ingest::TimeSpan>{{from_ms, end_ms}};
  for (const auto& w : cal->windows) {
    const int64_t a = std::max(from_ms, origin_ms + w.start * 1000);
    const int64_t b = std::min(end_ms, origin_ms + w.end * 1000);
    if (b > a) out.push_back({a, b});
  }
  return out;
}

Result<ingest::OeeInput> oee_input(store::Tx& tx, const model::Machine& m,
                                   const std::vector<ingest::TimeSpan>& planned, int64_t from_ms,
                                   int64_t end_ms, int64_t now_ms) {
  ingest::OeeInput in;
  for (const auto& p : planned) {
    const int64_t a = std::max(p.from_ms, from_ms);
    const int64_t b = std::min(p.to_ms, end_ms);
    if (b > a) in.planned.push_back({a, b});
  }
  auto intervals = store::intervals_between(tx, m.id, from_ms, end_ms);
  if (!intervals.ok()) return intervals.error();
  for (const auto& iv : *intervals) {
    const int64_t a = std::max(iv.from_ms, from_ms);
    const int64_t b = std::min(iv.to_ms.value_or(std::max(now_ms, iv.from_ms)), end_ms);
    if (b > a) in.states.push_back({a, b, iv.state});
  }
  // Time before the machine's first recorded state was not monitored: not planned time (a
  // machine added today is not charged with a breakdown since midnight).
  const int64_t monitored_from = in.states.empty() ? end_ms : in.states.front().from_ms;
  for (auto& p : in.planned) p.from_ms = std::max(p.from_ms, monitored_from);
  std::erase_if(in.planned, [](const ingest::TimeSpan& p) { return p.to_ms <= p.from_ms; });
  // Production outside the shift calendar (unrecorded overtime, a weekend order) is planned
  // time while the machine runs or is set up (docs/oee.md).
  for (const auto& st : in.states) {
    if (st.state == model::MachineState::kRun || st.state == model::MachineState::kSetup) {
      in.planned.push_back({st.from_ms, st.to_ms});
    }
  }
  auto good = store::parts_between(tx, m.id, from_ms, end_ms);
  if (!good.ok()) return good.error();
  in.good = *good;
  auto scrap = store::scrap_between(tx, m.id, time_of(from_ms), time_of(end_ms));
  if (!scrap.ok()) return scrap.error();
  in.scrap = *scrap;
  in.ideal_cycle_s = m.ideal_cycle_s;
  return in;
}

std::vector<std::pair<int64_t, int64_t>> buckets_of(OeeBucket bucket, const TimeZone& zone,
                                                    const std::vector<ingest::TimeSpan>& planned,
                                                    bool has_calendar, int64_t from_ms,
                                                    int64_t end_ms) {
  std::vector<std::pair<int64_t, int64_t>> out;
  if (bucket == OeeBucket::kShift && has_calendar) {
    for (const auto& p : planned) {
      const int64_t a = std::max(p.from_ms, from_ms);
      const int64_t b = std::min(p.to_ms, end_ms);
      if (b > a) out.emplace_back(a, b);
    }
    return out;
  }
  int64_t at = from_ms;
  while (at < end_ms) {
    const auto day = zone.local_day(time_of(at));
    const int64_t next = std::max(ms_of(zone.start_of_day(day + std::chrono::days(1))), at + 1);
    out.emplace_back(at, std::min(next, end_ms));
    at = next;
  }
  return out;
}

}  // namespace kerf::app::machines
