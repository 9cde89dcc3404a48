// Floor tools: a work center's dispatch list (what it runs next), its state, the work centers
// of a department.
#include "agents/shop/shop_util.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"
#include "kerf/model/work_center.h"

namespace kerf::agents {
namespace {

using app::agent_principal;
using namespace shop;

Json work_center_json(const model::WorkCenter& w) {
  return {{"id", w.id},
          {"code", w.code},
          {"name", w.name},
          {"department", std::string(model::to_string(w.department))},
          {"status", std::string(model::to_string(w.status))},
          {"efficiency", w.efficiency},
          {"calendar_id", w.calendar_id}};
}

Result<Json> work_center_state(Toolbox& box, const Json& args) {
  auto w = box.services().master_data().get<model::WorkCenter>(agent_principal(),
                                                               int_at(args, "work_center_id"));
  if (!w.ok()) return w.error();
  return work_center_json(*w);
}

Result<Json> work_centers(Toolbox& box, const Json& args) {
  const std::string department = str_at(args, "department");
  auto all = all_pages<model::WorkCenter>({}, [&](const store::ListQuery& q) {
    return box.services().master_data().list<model::WorkCenter>(agent_principal(), q);
  });
  if (!all.ok()) return all.error();
  Json items = Json::array();
  for (const auto& w : *all) {
    if (!department.empty() && model::to_string(w.department) != department) continue;
    items.push_back(work_center_json(w));
  }
  return Json{{"work_centers", items}};
}

Result<Json> dispatch_list(Toolbox& box, const Json& args) {
  return box.scheduling().dispatch_list(agent_principal(), int_at(args, "work_center_id"),
                                        int_at(args, "limit", 5));
}

}  // namespace

void add_floor_tools(Toolbox& box) {
  box.add({{"dispatch_list",
            "What a work center runs next: its open operations scheduled on it, running ones "
            "first, then by slot start, with job, part and customer.",
            object_schema({{"work_center_id", int_prop("work center id", 1, INT64_MAX)},
                           {"limit", int_prop("most items", 1, 50)}},
                          {"work_center_id"})},
           true,
           [&box](const Json& a) { return dispatch_list(box, a); }});
  box.add({{"work_center_state",
            "A work center: code, department, status (available, down, maintenance), "
            "efficiency and shift calendar.",
            object_schema({{"work_center_id", int_prop("work center id", 1, INT64_MAX)}},
                          {"work_center_id"})},
           true,
           [&box](const Json& a) { return work_center_state(box, a); }});
  box.add({{"work_centers", "The work centers (of one department when given) with their status.",
            object_schema({{"department",
                            {{"type", "string"},
                             {"description", "department name, e.g. laser"},
                             {"maxLength", 64}}}})},
           true,
           [&box](const Json& a) { return work_centers(box, a); }});
}

}  // namespace kerf::agents
