// The agents' tools: named functions over kerf's app queries and use cases, each with a JSON
// schema of its arguments (the same schema the language model sees), called under
// app::agent_principal(). Read-only tools may be offered to the model; acting tools (open an
// approval, place nothing else) are called by deterministic nodes only. Every call is recorded
// in the node's trace (ToolCallRecord) and counted by the repeated-call breaker.
// Tools are registered by group (toolbox_<group>.cpp): schedule, floor, capacity, material,
// quality, customer, approvals.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/llm/client.h"
#include "kerf/agents/shop/settings.h"
#include "kerf/core/result.h"
#include "kerf/core/time_zone.h"

namespace kerf::app {
class Services;
namespace scheduling {
class SchedulingService;
}
}  // namespace kerf::app

namespace kerf::agents {

struct Tool {
  ToolSpec spec;
  bool read_only = true;  // may be offered to the model
  std::function<Result<Json>(const Json& arguments)> run;
};

class Toolbox {
 public:
  Toolbox(app::Services& services, app::scheduling::SchedulingService& scheduling,
          const AgentSettings& settings);

  // Adds a tool; a duplicate name is a broken invariant (throws std::logic_error).
  void add(Tool tool);
  // Validates `arguments` against the tool's schema, runs it, appends the ToolCallRecord to
  // ctx.tool_calls and the fingerprint to ctx.budget. kNotFound for an unknown tool;
  // kInvalidArgument naming the argument; the tool's own error otherwise (also recorded).
  Result<Json> call(NodeContext& ctx, const std::string& name, const Json& arguments);
  // Specs of the read-only tools (what the model may call).
  std::vector<ToolSpec> model_tools() const;
  const Tool* find(const std::string& name) const;

  app::Services& services() { return services_; }
  app::scheduling::SchedulingService& scheduling() { return scheduling_; }
  const AgentSettings& settings() const { return settings_; }
  // The plant's time zone (UTC when no plant is stored), read from the database.
  Result<TimeZone> plant_zone();

 private:
  app::Services& services_;
  app::scheduling::SchedulingService& scheduling_;
  const AgentSettings& settings_;
  std::map<std::string, Tool> tools_;
};

// Tool groups (each in its own toolbox_<group>.cpp).
void add_schedule_tools(Toolbox& box);  // late_jobs, job_plan, what_if_priority, bottleneck
void add_floor_tools(Toolbox& box);     // dispatch_list, work_center_state
void add_capacity_tools(Toolbox& box);  // department_load (per week), calendars
void add_material_tools(Toolbox& box);  // stock_levels, demand, equivalent_materials
void add_quality_tools(Toolbox& box);   // scrap_trend (per part, work center, operator)
void add_customer_tools(Toolbox& box);  // job_eta, customer
void add_approval_tools(Toolbox& box);  // open_approval (acting), approval_status
// All of the above.
void add_all_tools(Toolbox& box);

}  // namespace kerf::agents
