#include "kerf/schedule/metrics.h"

#include <algorithm>

#include "kerf/schedule/calendar.h"

namespace kerf::schedule {
namespace {

// a + b for b >= 0, capped at kInfinity: an unplaced operation ends at kInfinity, and the totals
// over several of them must stay comparable instead of overflowing.
Time capped_add(Time a, Time b) { return a > kInfinity - b ? kInfinity : a + b; }

Time available_time(const Problem& p, int machine, Interval horizon) {
  int c = p.machines[static_cast<size_t>(machine)].calendar;
  if (c < 0) return std::max<Time>(0, horizon.length());
  return working_time_between(p.calendars[static_cast<size_t>(c)], horizon.start, horizon.end);
}

Time busy_time(const Problem& p, const Slot& slot, Interval horizon) {
  Time from = std::max(slot.start, horizon.start);
  Time to = std::min(slot.end, horizon.end);
  if (to <= from) return 0;
  int c = p.machines[static_cast<size_t>(slot.machine)].calendar;
  if (c < 0) return to - from;
  return working_time_between(p.calendars[static_cast<size_t>(c)], from, to);
}

Metrics compute(const Problem& p, const Schedule& s, const Interval* horizon) {
  Metrics m;
  for (const Slot& slot : s.slots) {
    m.makespan = std::max(m.makespan, slot.end);
    m.total_setup += slot.setup;
  }
  size_t jobs = p.jobs.size();
  m.job_completion.assign(jobs, 0);
  m.job_tardiness.assign(jobs, 0);
  for (size_t j = 0; j < jobs; ++j) m.job_completion[j] = p.jobs[j].release;
  for (size_t o = 0; o < s.slots.size() && o < p.operations.size(); ++o) {
    int j = p.operations[o].job;
    if (j < 0) continue;
    m.job_completion[static_cast<size_t>(j)] =
        std::max(m.job_completion[static_cast<size_t>(j)], s.slots[o].end);
  }
  for (size_t j = 0; j < jobs; ++j) {
    const Job& job = p.jobs[j];
    Time c = m.job_completion[j];
    Time tardy = job.due >= kInfinity ? 0 : std::max<Time>(0, c - job.due);
    m.job_tardiness[j] = tardy;
    m.total_tardiness = capped_add(m.total_tardiness, tardy);
    m.weighted_tardiness += job.weight * static_cast<double>(tardy);
    if (tardy > 0) ++m.late_jobs;
    m.total_flow_time = capped_add(m.total_flow_time, std::max<Time>(0, c - job.release));
  }
  m.on_time_rate = jobs == 0 ? 1.0 : static_cast<double>(jobs - static_cast<size_t>(m.late_jobs)) /
                                         static_cast<double>(jobs);
  m.horizon = horizon ? *horizon : Interval{0, m.makespan};
  size_t machines = p.machines.size();
  std::vector<Time> busy(machines, 0);
  for (const Slot& slot : s.slots) {
    if (slot.machine < 0 || static_cast<size_t>(slot.machine) >= machines) continue;
    if (slot.end >= kInfinity) continue;
    busy[static_cast<size_t>(slot.machine)] += busy_time(p, slot, m.horizon);
  }
  m.machine_utilisation.assign(machines, 0.0);
  std::vector<Time> dep_busy(p.departments.size(), 0);
  std::vector<Time> dep_avail(p.departments.size(), 0);
  for (size_t k = 0; k < machines; ++k) {
    Time avail = available_time(p, static_cast<int>(k), m.horizon);
    if (avail > 0) {
      m.machine_utilisation[k] = static_cast<double>(busy[k]) / static_cast<double>(avail);
    }
    int d = p.machines[k].department;
    if (d >= 0 && static_cast<size_t>(d) < p.departments.size()) {
      dep_busy[static_cast<size_t>(d)] += busy[k];
      dep_avail[static_cast<size_t>(d)] += avail;
    }
  }
  m.department_utilisation.assign(p.departments.size(), 0.0);
  for (size_t d = 0; d < p.departments.size(); ++d) {
    if (dep_avail[d] > 0) {
      m.department_utilisation[d] =
          static_cast<double>(dep_busy[d]) / static_cast<double>(dep_avail[d]);
    }
  }
  return m;
}

}  // namespace

Metrics evaluate(const Problem& problem, const Schedule& schedule) {
  return compute(problem, schedule, nullptr);
}

Metrics evaluate(const Problem& problem, const Schedule& schedule, Interval horizon) {
  return compute(problem, schedule, &horizon);
}

const char* criterion_name(Criterion criterion) {
  switch (criterion) {
    case Criterion::kLateJobs: return "late_jobs";
    case Criterion::kWeightedTardiness: return "weighted_tardiness";
    case Criterion::kTotalTardiness: return "total_tardiness";
    case Criterion::kFlowTime: return "flow_time";
    case Criterion::kSetup: return "setup";
    case Criterion::kMakespan: return "makespan";
  }
  return "unknown";
}

Result<Criterion> parse_criterion(const std::string& name) {
  for (Criterion c : {Criterion::kLateJobs, Criterion::kWeightedTardiness,
                      Criterion::kTotalTardiness, Criterion::kFlowTime, Criterion::kSetup,
                      Criterion::kMakespan}) {
    if (name == criterion_name(c)) return c;
  }
  return Error::invalid("criterion", "unknown criterion '" + name + "'");
}

Objective Objective::shop_default() {
  return {{Criterion::kLateJobs, Criterion::kWeightedTardiness, Criterion::kFlowTime,
           Criterion::kSetup}};
}

Objective Objective::makespan_only() { return {{Criterion::kMakespan}}; }

ObjectiveValue objective_value(const Metrics& metrics, const Objective& objective) {
  ObjectiveValue v;
  v.values.reserve(objective.criteria.size());
  for (Criterion c : objective.criteria) {
    switch (c) {
      case Criterion::kLateJobs: v.values.push_back(metrics.late_jobs); break;
      case Criterion::kWeightedTardiness: v.values.push_back(metrics.weighted_tardiness); break;
      case Criterion::kTotalTardiness:
        v.values.push_back(static_cast<double>(metrics.total_tardiness));
        break;
      case Criterion::kFlowTime: v.values.push_back(static_cast<double>(metrics.total_flow_time)); break;
      case Criterion::kSetup: v.values.push_back(static_cast<double>(metrics.total_setup)); break;
      case Criterion::kMakespan: v.values.push_back(static_cast<double>(metrics.makespan)); break;
    }
  }
  return v;
}

ObjectiveValue score(const Problem& problem, const Schedule& schedule, const Objective& objective) {
  return objective_value(evaluate(problem, schedule), objective);
}

}  // namespace kerf::schedule
