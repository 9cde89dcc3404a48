// Toolbox core: registration, schema-checked calls recorded in the node's trace.
#include "kerf/agents/shop/toolbox.h"

#include <stdexcept>

#include "kerf/agents/llm/tool_schema.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/services.h"

namespace kerf::agents {

Toolbox::Toolbox(app::Services& services, app::scheduling::SchedulingService& scheduling,
                 const AgentSettings& settings)
    : services_(services), scheduling_(scheduling), settings_(settings) {}

void Toolbox::add(Tool tool) {
  if (tool.spec.name.empty()) throw std::logic_error("Toolbox::add: a tool needs a name");
  if (!tool.run) throw std::logic_error("Toolbox::add: tool " + tool.spec.name + " has no body");
  const std::string name = tool.spec.name;
  if (!tools_.emplace(name, std::move(tool)).second) {
    throw std::logic_error("Toolbox::add: duplicate tool " + name);
  }
}

Result<TimeZone> Toolbox::plant_zone() {
  return services_.db().read([](store::Tx& tx) { return app::scheduling::plant_zone(tx); });
}

const Tool* Toolbox::find(const std::string& name) const {
  auto it = tools_.find(name);
  return it == tools_.end() ? nullptr : &it->second;
}

Result<Json> Toolbox::call(NodeContext& ctx, const std::string& name, const Json& arguments) {
  const Json args = arguments.is_null() ? Json::object() : arguments;
  ctx.budget.tool_call_fingerprints.push_back(tool_call_fingerprint(name, args));
  const Tool* tool = find(name);
  if (!tool) {
    Error e = Error::not_found("unknown tool '" + name + "'");
    ctx.tool_calls.push_back({name, args, Json{{"error", e.message}}, false});
    return e;
  }
  if (auto valid = validate_against_schema(tool->spec.parameters, args); !valid.ok()) {
    ctx.tool_calls.push_back({name, args, Json{{"error", valid.error().message}}, false});
    return valid.error();
  }
  Result<Json> out = Error::internal("tool " + name + " threw");
  try {
    out = tool->run(args);
  } catch (const std::exception& ex) {
    // A throwing tool is a bug in the tool; the thread sees an error, the trace says why.
    out = Error::internal("tool " + name + " threw: " + ex.what());
  }
  if (!out.ok()) {
    ctx.tool_calls.push_back({name, args, Json{{"error", out.error().message}}, false});
    return out.error();
  }
  ctx.tool_calls.push_back({name, args, *out, true});
  return out;
}

std::vector<ToolSpec> Toolbox::model_tools() const {
  std::vector<ToolSpec> out;
  for (const auto& [name, tool] : tools_) {
    if (tool.read_only) out.push_back(tool.spec);
  }
  return out;
}

void add_all_tools(Toolbox& box) {
  add_schedule_tools(box);
  add_floor_tools(box);
  add_capacity_tools(box);
  add_material_tools(box);
  add_quality_tools(box);
  add_customer_tools(box);
  add_approval_tools(box);
}

}  // namespace kerf::agents
