// [agents] in kerf.toml: thresholds of the human approval gates (plain data, read by the gate
// predicates in gates.h), the runtime's budgets (graph/runner.h Limits) and periods.
// docs/agents.md lists every key with its default.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

#include "kerf/agents/graph/runner.h"
#include "kerf/core/result.h"

namespace kerf::agents {

struct GateThresholds {
  int32_t rush_priority = 1;              // a job at this priority (or more urgent) is a rush
  int64_t rush_max_moved_jobs = 3;        // more moved jobs than this need approval
  int64_t rush_moved_threshold_s = 3600;  // a job "moves" when its end shifts later by more
  double overtime_max_hours = 2.0;        // more overtime than this per department needs approval
  std::vector<std::string> critical_defect_codes = {"crack", "wrong_material", "weld_porosity",
                                                    "dimension_critical"};
  int64_t vip_slip_s = 0;                 // a VIP job whose ETA passes due by more than this
  int64_t substitution_min_thickness_delta_um = 0;  // equivalent = same grade family, thickness
                                                    // within this (0 = equal thickness)
};

struct AgentSettings {
  bool enabled = true;             // agents run in `kerf serve` (on one node: lease "agents")
  GateThresholds gates;
  Limits limits;
  std::chrono::milliseconds poll_period{1000};    // outbox intake and resumes
  std::chrono::seconds scan_period{60};           // capacity / material / ETA scans
  int64_t forecast_weeks = 2;                     // capacity forecast horizon
};

// Parses [agents] (absent = defaults). Errors name the key, e.g. "agents.gates.overtime_max_hours:
// must be > 0".
Result<AgentSettings> parse_agent_settings(const std::string& toml_text);

}  // namespace kerf::agents
