// ONLY ON BRANCH ag-shop1 until ag-shop2's graphs land: weak stand-ins so the runtime links.
// Delete this file when merging ag-shop2's material/quality/customer/assistant graphs.
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {

__attribute__((weak)) std::shared_ptr<const Graph> make_material_graph(Toolbox&) { return nullptr; }
__attribute__((weak)) std::shared_ptr<const Graph> make_quality_graph(Toolbox&) { return nullptr; }
__attribute__((weak)) std::shared_ptr<const Graph> make_customer_graph(Toolbox&) { return nullptr; }
__attribute__((weak)) std::shared_ptr<const Graph> make_assistant_graph(Toolbox&) {
  return nullptr;
}

}  // namespace kerf::agents
