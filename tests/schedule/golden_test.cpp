// Golden scenario runner: every tests/schedule/golden/<name>/problem.json (a problem plus a
// "scenario" object) is run and its outcome compared with <name>/expected.json. Every produced
// schedule must also pass the checker. KERF_UPDATE_GOLDEN=1 rewrites the expected files (review
// the diff!). See docs/scheduling.md "Golden scenarios".
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kerf/core/time_zone.h"
#include "kerf/schedule/calendar_builder.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/explain.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/problem_json.h"
#include "kerf/schedule/repair.h"

namespace kerf::schedule {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path golden_root() { return fs::path(KERF_SOURCE_DIR) / "tests/schedule/golden"; }

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(golden_root())) {
    if (entry.is_directory()) names.push_back(entry.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

json read_json(const fs::path& path) {
  std::ifstream in(path);
  if (!in) throw std::runtime_error("cannot open " + path.string());
  return json::parse(in);
}

// Pretty JSON where arrays of scalars (and arrays whose items are arrays) stay on one line per
// item, which keeps slot lists reviewable.
void write_compact(std::ostream& out, const json& v, int indent) {
  std::string pad(static_cast<size_t>(indent), ' ');
  std::string inner(static_cast<size_t>(indent + 2), ' ');
  if (v.is_object() && !v.empty()) {
    out << "{\n";
    size_t i = 0;
    for (auto it = v.begin(); it != v.end(); ++it, ++i) {
      out << inner << json(it.key()).dump() << ": ";
      write_compact(out, it.value(), indent + 2);
      out << (i + 1 < v.size() ? ",\n" : "\n");
    }
    out << pad << "}";
    return;
  }
  if (v.is_array() && !v.empty() && (v[0].is_array() || v[0].is_object())) {
    out << "[\n";
    for (size_t i = 0; i < v.size(); ++i) {
      out << inner;
      if (v[i].is_object()) {
        write_compact(out, v[i], indent + 2);
      } else {
        out << v[i].dump();
      }
      out << (i + 1 < v.size() ? ",\n" : "\n");
    }
    out << pad << "]";
    return;
  }
  out << v.dump();
}

json slots_json(const Schedule& s) {
  json out = json::array();
  for (const Slot& slot : s.slots) {
    out.push_back({slot.operation, slot.machine, slot.start, slot.end, slot.setup});
  }
  return out;
}

json metrics_json(const Metrics& m) {
  return {{"makespan", m.makespan},
          {"late_jobs", m.late_jobs},
          {"total_tardiness", m.total_tardiness},
          {"weighted_tardiness", m.weighted_tardiness},
          {"total_flow_time", m.total_flow_time},
          {"total_setup", m.total_setup},
          {"job_completion", m.job_completion}};
}

DispatchRule rule_of(const json& scenario) {
  auto rule = parse_dispatch_rule(scenario.value("rule", "edd"));
  if (!rule.ok()) throw std::runtime_error(rule.error().message);
  return *rule;
}

Objective objective_of(const json& scenario) {
  if (!scenario.contains("objective")) return Objective::shop_default();
  Objective o;
  for (const auto& name : scenario["objective"]) {
    auto c = parse_criterion(name.get<std::string>());
    if (!c.ok()) throw std::runtime_error(c.error().message);
    o.criteria.push_back(*c);
  }
  return o;
}

void expect_valid(const Problem& p, const Schedule& s, const std::string& what) {
  CheckReport report = check(p, s);
  EXPECT_TRUE(report.ok()) << what << "\n" << report.summary();
}

// Applies one disruption of a repair scenario to `p`.
void apply_disruption(Problem& p, const Schedule& previous, const json& d) {
  std::string type = d.at("type");
  if (type == "machine_down") {
    apply_machine_down(p, d.at("machine"), {d.at("start"), d.at("end")});
  } else if (type == "actual_end") {
    Status s = apply_actual_end(p, previous, d.at("op"), d.at("end"));
    if (!s.ok()) throw std::runtime_error(s.error().message);
  } else if (type == "rework") {
    std::vector<Alternative> alts;
    for (const auto& a : d.at("alternatives")) {
      alts.push_back({a.at("machine"), a.value("setup", Time{0}), a.at("run"), 0});
    }
    add_rework_op(p, d.at("after"), alts);
  } else if (type == "rush_job") {
    Job job;
    job.name = d.value("name", "rush");
    job.release = d.value("release", Time{0});
    job.due = d.value("due", kInfinity);
    job.weight = d.value("weight", 1.0);
    p.jobs.push_back(job);
    int j = static_cast<int>(p.jobs.size()) - 1;
    int prev = -1;
    for (const auto& o : d.at("operations")) {
      Operation op;
      op.job = j;
      op.name = o.value("name", "rush");
      for (const auto& a : o.at("alternatives")) {
        op.alternatives.push_back({a.at("machine"), a.value("setup", Time{0}), a.at("run"), 0});
      }
      p.operations.push_back(op);
      int index = static_cast<int>(p.operations.size()) - 1;
      p.jobs[static_cast<size_t>(j)].operations.push_back(index);
      if (prev >= 0) p.precedences.push_back({prev, index, PrecedenceKind::kFinishStart, 0, 0});
      prev = index;
    }
  } else {
    throw std::runtime_error("unknown disruption " + type);
  }
}

// "HH:MM" (HH up to 48: night shifts end the next day) -> minutes from local midnight.
int minutes_of(const json& text) {
  const std::string s = text.get<std::string>();
  const auto colon = s.find(':');
  if (colon == std::string::npos) throw std::runtime_error("bad local time " + s);
  return std::stoi(s.substr(0, colon)) * 60 + std::stoi(s.substr(colon + 1));
}

// Plant zone scenarios: replaces the windows of every calendar listed in "shift_calendars" by
// build_calendar over [0, "horizon") of its weekly pattern ("week": {"mon": [{"start": "06:00",
// "end": "14:00", "breaks": [["10:00", "10:30"]]}], ...}) and "holidays" (local "YYYY-MM-DD")
// in the scenario's "time_zone", from the problem's origin_epoch_s.
void build_shift_calendars(Problem& p, const json& scenario) {
  auto zone = TimeZone::load(scenario.at("time_zone").get<std::string>());
  if (!zone.ok()) throw std::runtime_error(zone.error().message);
  static const char* const kDays[] = {"mon", "tue", "wed", "thu", "fri", "sat", "sun"};
  for (const json& c : scenario.at("shift_calendars")) {
    CalendarSpec spec;
    spec.zone = *zone;
    const size_t index = c.at("calendar").get<size_t>();
    spec.name = p.calendars.at(index).name;
    for (size_t d = 0; d < 7; ++d) {
      for (const json& s : c.at("week").value(kDays[d], json::array())) {
        Shift shift{minutes_of(s.at("start")), minutes_of(s.at("end")), {}};
        for (const json& b : s.value("breaks", json::array())) {
          shift.breaks.emplace_back(minutes_of(b.at(0)), minutes_of(b.at(1)));
        }
        spec.week[d].push_back(shift);
      }
    }
    for (const json& h : c.value("holidays", json::array())) {
      const std::string date = h.get<std::string>();
      spec.holidays.push_back(
          {std::stoi(date.substr(0, 4)), std::stoi(date.substr(5, 2)), std::stoi(date.substr(8))});
    }
    auto built = build_calendar(spec, p.origin_epoch_s, {0, scenario.at("horizon").get<Time>()});
    if (!built.ok()) throw std::runtime_error(built.error().message);
    p.calendars[index] = std::move(*built);
  }
}

// Plant-local wall time of a tick ("2026-03-08T03:00:00-05:00"); null for infinite times.
json local_time(const Problem& p, const TimeZone& zone, Time tick) {
  if (tick >= kInfinity) return nullptr;
  return format_local_iso8601(TimePoint(std::chrono::seconds(p.origin_epoch_s + tick)), zone);
}

// The calendars' windows and the schedule's slots in plant-local time, for reviewing zone
// scenarios against their notes: {"calendars": [[[start, end]...]...], "slots": [[op, machine,
// start, end]...]}.
json local_view(const Problem& p, const json& scenario, const json& slots) {
  const TimeZone zone = TimeZone::load(scenario.at("time_zone").get<std::string>()).value();
  json calendars = json::array();
  for (const Calendar& c : p.calendars) {
    json windows = json::array();
    for (const Interval& w : c.windows) {
      windows.push_back({local_time(p, zone, w.start), local_time(p, zone, w.end)});
    }
    calendars.push_back(windows);
  }
  json local_slots = json::array();
  for (const json& s : slots) {
    local_slots.push_back(
        {s[0], s[1], local_time(p, zone, s[2].get<Time>()), local_time(p, zone, s[3].get<Time>())});
  }
  return {{"calendars", calendars}, {"slots", local_slots}};
}

json run_scenario(const Problem& problem, const json& scenario) {
  std::string mode = scenario.value("mode", "dispatch");
  json out;
  if (mode == "dispatch" || mode == "explain") {
    Schedule s = dispatch(problem, rule_of(scenario));
    expect_valid(problem, s, "dispatch");
    out["slots"] = slots_json(s);
    out["metrics"] = metrics_json(evaluate(problem, s));
    if (mode == "explain") {
      json late = json::array();
      for (const LateJobExplanation& e : explain_late_jobs(problem, s)) {
        json chain = json::array();
        for (const ChainLink& l : e.chain) {
          chain.push_back({l.operation, binding_name(l.binding), l.blocking_op, l.calendar_wait});
        }
        json fixes = json::array();
        for (const Fix& f : e.fixes) {
          fixes.push_back({fix_kind_name(f.kind), f.operation, f.machine, f.ticks,
                           f.estimated_gain});
        }
        late.push_back({{"job", e.job}, {"tardiness", e.tardiness}, {"chain", chain},
                        {"fixes", fixes}, {"text", e.text}});
      }
      out["late_jobs"] = late;
    }
    return out;
  }
  if (mode == "best") {
    DispatchResult best = best_dispatch(problem, objective_of(scenario));
    expect_valid(problem, best.schedule, "best_dispatch");
    out["rule"] = dispatch_rule_name(best.rule);
    out["objective"] = best.value.values;
    out["slots"] = slots_json(best.schedule);
    out["metrics"] = metrics_json(evaluate(problem, best.schedule));
    return out;
  }
  if (mode == "repair") {
    Schedule before = dispatch(problem, rule_of(scenario));
    expect_valid(problem, before, "schedule before the disruption");
    Problem modified = problem;
    for (const auto& d : scenario.at("disruptions")) apply_disruption(modified, before, d);
    RepairOptions options;
    options.now = scenario.value("now", Time{0});
    options.allow_left_shift = scenario.value("allow_left_shift", false);
    auto repaired = repair(modified, before, options);
    if (!repaired.ok()) throw std::runtime_error("repair: " + repaired.error().message);
    expect_valid(modified, repaired->schedule, "repaired schedule");
    out["before"] = slots_json(before);
    out["slots"] = slots_json(repaired->schedule);
    out["metrics"] = metrics_json(evaluate(modified, repaired->schedule));
    out["repair"] = {{"ops_moved", repaired->ops_moved},
                     {"changed_ops", repaired->changed_ops},
                     {"reassigned_ops", repaired->reassigned_ops},
                     {"reinserted_ops", repaired->reinserted_ops}};
    return out;
  }
  throw std::runtime_error("unknown mode " + mode);
}

class Golden : public ::testing::TestWithParam<std::string> {};

TEST_P(Golden, MatchesExpected) {
  fs::path dir = golden_root() / GetParam();
  json input = read_json(dir / "problem.json");
  ASSERT_TRUE(input.contains("scenario")) << "problem.json needs a scenario object";
  ASSERT_TRUE(input["scenario"].contains("note")) << "every scenario explains itself in a note";
  auto problem = problem_from_json(input);
  ASSERT_TRUE(problem.ok()) << problem.error().message;
  const json& scenario = input["scenario"];
  if (scenario.contains("time_zone")) build_shift_calendars(*problem, scenario);
  json actual = run_scenario(*problem, scenario);
  if (scenario.contains("time_zone"))
    actual["local"] = local_view(*problem, scenario, actual["slots"]);
  fs::path expected_path = dir / "expected.json";
  const char* update = std::getenv("KERF_UPDATE_GOLDEN");
  if (update != nullptr && std::string(update) == "1") {
    std::ofstream out(expected_path);
    write_compact(out, actual, 0);
    out << "\n";
    return;
  }
  ASSERT_TRUE(fs::exists(expected_path))
      << expected_path << " missing; run with KERF_UPDATE_GOLDEN=1 and review it";
  json expected = read_json(expected_path);
  EXPECT_EQ(actual, expected) << "diff (expected -> actual): "
                              << json::diff(expected, actual).dump(1);
}

INSTANTIATE_TEST_SUITE_P(Scenarios, Golden, ::testing::ValuesIn(scenario_names()),
                         [](const auto& info) { return info.param; });

TEST(GoldenSuite, HasEnoughScenarios) { EXPECT_GE(scenario_names().size(), 20u); }

}  // namespace
}  // namespace kerf::schedule
