#include "kerf/app/scheduling/run_report.h"

#include <algorithm>
#include <chrono>
#include <set>

#include "kerf/core/time_format.h"
#include "kerf/schedule/calendar.h"
#include "kerf/schedule/metrics.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;
using schedule::kInfinity;
using schedule::Time;

const schedule::Calendar* calendar_of(const schedule::Problem& p, int machine) {
  if (machine < 0 || machine >= static_cast<int>(p.machines.size())) return nullptr;
  int c = p.machines[static_cast<size_t>(machine)].calendar;
  return c < 0 ? nullptr : &p.calendars[static_cast<size_t>(c)];
}

Time working(const schedule::Problem& p, int machine, Time from, Time to) {
  if (to <= from) return 0;
  const auto* cal = calendar_of(p, machine);
  return cal == nullptr ? to - from : schedule::working_time_between(*cal, from, to);
}

bool placed(const schedule::Slot& s) { return s.start < kInfinity && s.end < kInfinity; }

// End tick of the planning data (last calendar window end, at least the horizon).
Time data_end(const MappedProblem& mapped) {
  Time end = mapped.horizon_s;
  for (const auto& c : mapped.problem.calendars) {
    if (!c.windows.empty()) end = std::max(end, c.windows.back().end);
  }
  return end;
}

std::string iso(TimePoint t) { return format_iso8601(t); }

}  // namespace

int64_t nest_of(const MappedProblem& mapped, int op) {
  return op >= 0 && op < static_cast<int>(mapped.nest_ids.size())
             ? mapped.nest_ids[static_cast<size_t>(op)]
             : 0;
}

RunMetrics run_metrics(const MappedProblem& mapped, const schedule::Schedule& schedule) {
  RunMetrics out;
  schedule::Schedule s = schedule;
  const Time end = data_end(mapped);
  for (auto& slot : s.slots) {
    if (placed(slot)) continue;
    ++out.unscheduled;
    slot.start = slot.end = end;  // pessimistic: not before the end of the planning data
    slot.setup = 0;
  }
  out.operations = static_cast<int64_t>(s.slots.size());
  out.complete = out.unscheduled == 0;
  const auto m = schedule::evaluate(mapped.problem, s, {0, std::max<Time>(1, mapped.horizon_s)});
  out.late_jobs = m.late_jobs;
  out.on_time_rate = m.on_time_rate;
  out.weighted_tardiness_h = m.weighted_tardiness / 3600.0;
  out.total_tardiness_s = m.total_tardiness;
  out.flow_time_s = m.total_flow_time;
  out.total_setup_s = m.total_setup;
  out.makespan_s = m.makespan;
  out.objective =
      schedule::objective_value(m, schedule::Objective::shop_default()).values;
  return out;
}

std::vector<LateJob> explain_late_jobs(const MappedProblem& mapped,
                                       const schedule::Schedule& schedule, size_t max_jobs) {
  const schedule::Problem& p = mapped.problem;
  std::vector<LateJob> out;
  // Machine predecessor of every placed op and the job precedence into it.
  std::vector<int> machine_prev(p.operations.size(), -1);
  std::vector<int> order;
  for (size_t i = 0; i < schedule.slots.size(); ++i) {
    if (placed(schedule.slots[i])) order.push_back(static_cast<int>(i));
  }
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = schedule.slots[static_cast<size_t>(a)];
    const auto& y = schedule.slots[static_cast<size_t>(b)];
    return std::tie(x.machine, x.start, x.end, a) < std::tie(y.machine, y.start, y.end, b);
  });
  for (size_t k = 1; k < order.size(); ++k) {
    const auto& a = schedule.slots[static_cast<size_t>(order[k - 1])];
    const auto& b = schedule.slots[static_cast<size_t>(order[k])];
    if (a.machine == b.machine) machine_prev[static_cast<size_t>(order[k])] = order[k - 1];
  }
  // Precedences into each op (a job's op after a nest has several: the job's and the nests').
  std::vector<std::vector<const schedule::Precedence*>> into(p.operations.size());
  for (const auto& pr : p.precedences) into[static_cast<size_t>(pr.to)].push_back(&pr);

  for (size_t j = 0; j < p.jobs.size(); ++j) {
    const auto& job = p.jobs[j];
    int last = -1;
    Time completion = 0;
    bool all_placed = true;
    for (int op : job.operations) {
      const auto& s = schedule.slots[static_cast<size_t>(op)];
      if (!placed(s)) {
        all_placed = false;
        continue;
      }
      if (last < 0 || s.end >= completion) {
        last = op;
        completion = s.end;
      }
    }
    if (last < 0 || !all_placed || job.due >= kInfinity || completion <= job.due) continue;
    LateJob late;
    late.job_id = mapped.job_ids[j];
    late.number = mapped.job_numbers[j];
    late.due = mapped.to_time(job.due);
    late.completion = mapped.to_time(completion);
    late.tardiness_s = completion - job.due;
    std::set<int> overtime_machines;
    std::set<std::string> suggestions;
    int op = last;
    for (int guard = 0; op >= 0 && guard < 50; ++guard) {
      const auto& s = schedule.slots[static_cast<size_t>(op)];
      ChainLink link;
      link.operation_id = mapped.operation_ids[static_cast<size_t>(op)];
      link.nest_id = nest_of(mapped, op);
      link.operation = p.operations[static_cast<size_t>(op)].name;
      link.work_center_id = mapped.work_center_ids[static_cast<size_t>(s.machine)];
      link.start = mapped.to_time(s.start);
      link.end = mapped.to_time(s.end);
      int next = -1;
      // The binding predecessor: the placed one with the latest start bound.
      const schedule::Precedence* pr = nullptr;
      Time bound = 0;
      for (const auto* candidate : into[static_cast<size_t>(op)]) {
        const auto& f = schedule.slots[static_cast<size_t>(candidate->from)];
        if (!placed(f)) continue;
        Time b = candidate->kind == schedule::PrecedenceKind::kFinishStart
                     ? f.end + candidate->lag
                     : f.start + candidate->lag;
        if (pr == nullptr || b > bound) {
          pr = candidate;
          bound = b;
        }
      }
      if (pr != nullptr && (bound >= s.start || working(p, s.machine, bound, s.start) == 0)) {
        link.reason = "job";
        next = pr->from;
      }
      const int mp = machine_prev[static_cast<size_t>(op)];
      if (next < 0 && mp >= 0 &&
          working(p, s.machine, schedule.slots[static_cast<size_t>(mp)].end, s.start) == 0) {
        link.reason = "machine";
        next = mp;
        overtime_machines.insert(s.machine);
        for (const auto& alt : p.operations[static_cast<size_t>(op)].alternatives) {
          if (alt.machine == s.machine || p.operations[static_cast<size_t>(op)].pinned_machine >= 0)
            continue;
          suggestions.insert("move " + link.operation + " to " +
                             mapped.work_center_codes[static_cast<size_t>(alt.machine)]);
        }
      }
      if (next < 0) link.reason = "release";
      late.critical_chain.push_back(std::move(link));
      op = next;
    }
    for (int m : overtime_machines) {
      late.suggestions.push_back("add overtime on " +
                                 mapped.work_center_codes[static_cast<size_t>(m)] + " before " +
                                 iso(late.due));
    }
    for (const auto& s : suggestions) late.suggestions.push_back(s);
    if (job.weight < 5) late.suggestions.push_back("raise the priority of job " + late.number);
    if (overtime_machines.empty()) {
      late.suggestions.push_back("the routing alone is longer than the time to the due date: "
                                 "negotiate the due date or split the lot");
    }
    out.push_back(std::move(late));
  }
  std::stable_sort(out.begin(), out.end(),
                   [](const auto& a, const auto& b) { return a.tardiness_s > b.tardiness_s; });
  if (out.size() > max_jobs) out.resize(max_jobs);
  return out;
}

PlantBucket plant_bucket(TimePoint t, int64_t bucket_s, const TimeZone& zone) {
  // 1970-01-05 was a Monday; bucket k starts at local midnight of that day + k * bucket_days.
  constexpr LocalDays kFirstMonday{std::chrono::days(4)};
  const int64_t bucket_days = std::max<int64_t>(1, bucket_s / 86400);
  const int64_t day = (zone.local_day(t) - kFirstMonday).count();
  int64_t since = day % bucket_days;
  if (since < 0) since += bucket_days;
  const LocalDays first = zone.local_day(t) - std::chrono::days(since);
  return {zone.start_of_day(first), zone.start_of_day(first + std::chrono::days(bucket_days))};
}

TimePoint plant_bucket_floor(TimePoint t, int64_t bucket_s, const TimeZone& zone) {
  return plant_bucket(t, bucket_s, zone).start;
}

std::vector<LoadBucket> load_vs_capacity(const MappedProblem& mapped,
                                         const schedule::Schedule& schedule, Time from, Time to,
                                         int64_t bucket_s) {
  const schedule::Problem& p = mapped.problem;
  std::vector<std::vector<const schedule::Slot*>> by_machine(p.machines.size());
  for (const auto& s : schedule.slots) {
    if (placed(s) && s.machine >= 0 && s.machine < static_cast<int>(p.machines.size())) {
      by_machine[static_cast<size_t>(s.machine)].push_back(&s);
    }
  }
  std::vector<LoadBucket> out;
  if (bucket_s <= 0 || to <= from) return out;
  std::vector<std::pair<Time, Time>> edges;
  for (Time b0 = from; b0 < to;) {
    const PlantBucket bucket = plant_bucket(mapped.to_time(b0), bucket_s, mapped.zone);
    const Time b1 = std::min(to, mapped.to_tick(bucket.end));
    edges.emplace_back(b0, b1);
    b0 = b1;
  }
  for (size_t m = 0; m < p.machines.size(); ++m) {
    for (const auto& [b0, b1] : edges) {
      LoadBucket b;
      b.work_center_id = mapped.work_center_ids[m];
      b.work_center_code = mapped.work_center_codes[m];
      b.start = mapped.to_time(b0);
      b.end = mapped.to_time(b1);
      b.available_s = working(p, static_cast<int>(m), b0, b1);
      for (const auto* s : by_machine[m]) {
        b.planned_s += working(p, static_cast<int>(m), std::max(s->start, b0), std::min(s->end, b1));
      }
      out.push_back(std::move(b));
    }
  }
  return out;
}

std::vector<ProposedSlot> proposed_slots(const MappedProblem& mapped,
                                         const schedule::Schedule& schedule, Time until) {
  const schedule::Problem& p = mapped.problem;
  std::vector<ProposedSlot> out;
  for (const auto& s : schedule.slots) {
    if (!placed(s) || s.start >= until) continue;
    const auto& op = p.operations[static_cast<size_t>(s.operation)];
    ProposedSlot ps;
    ps.operation_id = mapped.operation_ids[static_cast<size_t>(s.operation)];
    ps.nest_id = nest_of(mapped, s.operation);
    ps.job_id = op.job >= 0 ? mapped.job_ids[static_cast<size_t>(op.job)] : 0;
    ps.work_center_id = mapped.work_center_ids[static_cast<size_t>(s.machine)];
    ps.start = mapped.to_time(s.start);
    ps.end = mapped.to_time(s.end);
    ps.setup_s = s.setup;
    ps.pinned = op.pinned_start != schedule::kNoTime;
    ps.frozen = op.frozen;
    out.push_back(ps);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return std::tie(a.start, a.work_center_id, a.operation_id, a.nest_id) <
           std::tie(b.start, b.work_center_id, b.operation_id, b.nest_id);
  });
  return out;
}

json to_json(const RunMetrics& m) {
  return {{"operations", m.operations},
          {"unscheduled", m.unscheduled},
          {"complete", m.complete},
          {"late_jobs", m.late_jobs},
          {"on_time_rate", m.on_time_rate},
          {"weighted_tardiness_h", m.weighted_tardiness_h},
          {"total_tardiness_s", m.total_tardiness_s},
          {"flow_time_s", m.flow_time_s},
          {"total_setup_s", m.total_setup_s},
          {"makespan_s", m.makespan_s},
          {"objective", m.objective}};
}

json to_json(const ProposedSlot& s) {
  json out = {{"operation_id", s.operation_id},
              {"job_id", s.job_id},
              {"work_center_id", s.work_center_id},
              {"start", iso(s.start)},
              {"end", iso(s.end)},
              {"setup_s", s.setup_s},
              {"pinned", s.pinned},
              {"frozen", s.frozen}};
  if (s.nest_id > 0) out["nest_id"] = s.nest_id;
  return out;
}

json to_json(const LateJob& j) {
  json chain = json::array();
  for (const auto& l : j.critical_chain) {
    json link = {{"operation_id", l.operation_id},
                 {"operation", l.operation},
                 {"work_center_id", l.work_center_id},
                 {"start", iso(l.start)},
                 {"end", iso(l.end)},
                 {"reason", l.reason}};
    if (l.nest_id > 0) link["nest_id"] = l.nest_id;
    chain.push_back(std::move(link));
  }
  return {{"job_id", j.job_id},           {"number", j.number},
          {"due", iso(j.due)},            {"completion", iso(j.completion)},
          {"tardiness_s", j.tardiness_s}, {"critical_chain", chain},
          {"suggestions", j.suggestions}};
}

json to_json(const LoadBucket& b) {
  return {{"work_center_id", b.work_center_id},
          {"work_center_code", b.work_center_code},
          {"start", iso(b.start)},
          {"end", iso(b.end)},
          {"available_s", b.available_s},
          {"planned_s", b.planned_s},
          {"load", b.available_s > 0 ? static_cast<double>(b.planned_s) /
                                           static_cast<double>(b.available_s)
                                     : 0.0}};
}

Result<ProposedSlot> proposed_slot_from_json(const json& j) {
  try {
    ProposedSlot s;
    s.operation_id = j.at("operation_id").get<int64_t>();
    s.job_id = j.at("job_id").get<int64_t>();
    s.nest_id = j.value("nest_id", int64_t{0});
    s.work_center_id = j.at("work_center_id").get<int64_t>();
    auto start = parse_iso8601(j.at("start").get<std::string>());
    auto end = parse_iso8601(j.at("end").get<std::string>());
    if (!start.ok()) return start.error();
    if (!end.ok()) return end.error();
    s.start = *start;
    s.end = *end;
    s.setup_s = j.at("setup_s").get<int64_t>();
    s.pinned = j.at("pinned").get<bool>();
    s.frozen = j.at("frozen").get<bool>();
    return s;
  } catch (const json::exception& e) {
    return Error::internal(std::string("stored run slot is malformed: ") + e.what());
  }
}

const char* horizon_name(Horizon h) {
  switch (h) {
    case Horizon::kWeekly: return "weekly";
    case Horizon::kDaily: return "daily";
    case Horizon::kRealtime: return "realtime";
  }
  return "weekly";
}

Result<Horizon> parse_horizon(std::string_view text, const std::string& field) {
  for (auto h : {Horizon::kWeekly, Horizon::kDaily, Horizon::kRealtime}) {
    if (text == horizon_name(h)) return h;
  }
  return Error::invalid(field, "must be one of weekly, daily, realtime");
}

const char* run_mode_name(RunMode m) { return m == RunMode::kOptimize ? "optimize" : "dispatch"; }

Result<RunMode> parse_run_mode(std::string_view text, const std::string& field) {
  if (text == "dispatch") return RunMode::kDispatch;
  if (text == "optimize") return RunMode::kOptimize;
  return Error::invalid(field, "must be one of dispatch, optimize");
}

int64_t horizon_seconds(Horizon h) { return h == Horizon::kWeekly ? 7 * 86400 : 86400; }

}  // namespace kerf::app::scheduling
