#include "kerf/agents/shop/settings.h"

#include <set>

#include "kerf/core/toml_parse.h"

namespace kerf::agents {
namespace {

using Errors = std::vector<FieldError>;

// Reads an integer at `path` into `out` when present; range-checked.
void read_int(const toml::table& t, const std::string& path, int64_t lo, int64_t hi, int64_t& out,
              Errors& errors) {
  auto node = t.at_path(path);
  if (!node) return;
  auto v = node.value<int64_t>();
  if (!v || !node.is_integer() || *v < lo || *v > hi) {
    errors.push_back(
        {path, "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi)});
    return;
  }
  out = *v;
}

// A number (integer or float) > 0 and <= hi.
void read_positive(const toml::table& t, const std::string& path, double hi, double& out,
                   Errors& errors) {
  auto node = t.at_path(path);
  if (!node) return;
  if (!node.is_integer() && !node.is_floating_point()) {
    errors.push_back({path, "must be a number"});
    return;
  }
  double v =
      node.is_integer() ? static_cast<double>(*node.value<int64_t>()) : *node.value<double>();
  if (!(v > 0)) {
    errors.push_back({path, "must be > 0"});
    return;
  }
  if (v > hi) {
    errors.push_back({path, "must be <= " + std::to_string(static_cast<int64_t>(hi))});
    return;
  }
  out = v;
}

// Every key of the table at `path` must be one of `known` (typos are errors, not defaults).
void check_keys(const toml::table& t, const std::string& path, const std::set<std::string>& known,
                Errors& errors) {
  auto node = t.at_path(path);
  if (!node) return;
  const toml::table* table = node.as_table();
  if (!table) {
    errors.push_back({path, "must be a table"});
    return;
  }
  for (const auto& [key, value] : *table) {
    const std::string k(key.str());
    if (!known.count(k)) errors.push_back({path + "." + k, "unknown key"});
  }
}

}  // namespace

Result<AgentSettings> parse_agent_settings(const std::string& toml_text) {
  auto parsed = parse_toml(toml_text);
  if (!parsed.ok()) return parsed.error();
  const toml::table& t = *parsed;
  AgentSettings s;
  if (!t.contains("agents")) return s;
  Errors errors;
  check_keys(t, "agents",
             {"enabled", "poll_period_ms", "scan_period_s", "forecast_weeks", "gates", "limits"},
             errors);
  check_keys(
      t, "agents.gates",
      {"rush_priority", "rush_max_moved_jobs", "rush_moved_threshold_s", "overtime_max_hours",
       "critical_defect_codes", "vip_slip_s", "substitution_min_thickness_delta_um"},
      errors);
  check_keys(t, "agents.limits",
             {"max_super_steps", "max_node_visits", "max_llm_calls", "max_tokens", "deadline_s",
              "max_identical_tool_calls", "agent_failure_threshold", "agent_cooldown_s"},
             errors);
  if (!errors.empty()) {
    Error e = Error::invalid(errors.front().field, errors.front().message);
    e.fields = errors;
    e.message = errors.front().field + ": " + errors.front().message;
    return e;
  }

  if (auto node = t.at_path("agents.enabled")) {
    auto v = node.value<bool>();
    if (!v || !node.is_boolean()) {
      errors.push_back({"agents.enabled", "must be true or false"});
    } else {
      s.enabled = *v;
    }
  }
  int64_t poll_ms = s.poll_period.count(), scan_s = s.scan_period.count();
  read_int(t, "agents.poll_period_ms", 50, 3'600'000, poll_ms, errors);
  read_int(t, "agents.scan_period_s", 1, 86'400, scan_s, errors);
  read_int(t, "agents.forecast_weeks", 1, 26, s.forecast_weeks, errors);
  s.poll_period = std::chrono::milliseconds(poll_ms);
  s.scan_period = std::chrono::seconds(scan_s);

  GateThresholds& g = s.gates;
  int64_t rush_priority = g.rush_priority;
  read_int(t, "agents.gates.rush_priority", 1, 5, rush_priority, errors);
  g.rush_priority = static_cast<int32_t>(rush_priority);
  read_int(t, "agents.gates.rush_max_moved_jobs", 0, 100'000, g.rush_max_moved_jobs, errors);
  read_int(t, "agents.gates.rush_moved_threshold_s", 0, 365 * 86'400, g.rush_moved_threshold_s,
           errors);
  read_positive(t, "agents.gates.overtime_max_hours", 168, g.overtime_max_hours, errors);
  read_int(t, "agents.gates.vip_slip_s", 0, 365 * 86'400, g.vip_slip_s, errors);
  read_int(t, "agents.gates.substitution_min_thickness_delta_um", 0, 100'000,
           g.substitution_min_thickness_delta_um, errors);
  if (auto node = t.at_path("agents.gates.critical_defect_codes")) {
    const toml::array* arr = node.as_array();
    std::vector<std::string> codes;
    bool valid = arr != nullptr;
    if (arr) {
      for (const auto& item : *arr) {
        auto v = item.value<std::string>();
        if (!v || !item.is_string() || v->empty() || v->size() > 64) {
          valid = false;
          break;
        }
        codes.push_back(*v);
      }
    }
    if (!valid) {
      errors.push_back({"agents.gates.critical_defect_codes",
                        "must be an array of non-empty strings (at most 64 characters each)"});
    } else {
      g.critical_defect_codes = codes;
    }
  }

  Limits& l = s.limits;
  int64_t deadline_s = l.deadline.count(), cooldown_s = l.agent_cooldown.count();
  read_int(t, "agents.limits.max_super_steps", 1, 10'000, l.max_super_steps, errors);
  read_int(t, "agents.limits.max_node_visits", 1, 10'000, l.max_node_visits, errors);
  read_int(t, "agents.limits.max_llm_calls", 0, 10'000, l.max_llm_calls, errors);
  read_int(t, "agents.limits.max_tokens", 0, 100'000'000, l.max_tokens, errors);
  read_int(t, "agents.limits.deadline_s", 1, 86'400, deadline_s, errors);
  read_int(t, "agents.limits.max_identical_tool_calls", 1, 1000, l.max_identical_tool_calls,
           errors);
  read_int(t, "agents.limits.agent_failure_threshold", 1, 1000, l.agent_failure_threshold, errors);
  read_int(t, "agents.limits.agent_cooldown_s", 0, 86'400, cooldown_s, errors);
  l.deadline = std::chrono::seconds(deadline_s);
  l.agent_cooldown = std::chrono::seconds(cooldown_s);

  if (errors.empty()) return s;
  Error e = Error::invalid(errors.front().field, errors.front().message);
  e.fields = errors;
  e.message = errors.front().field + ": " + errors.front().message;
  return e;
}

}  // namespace kerf::agents
