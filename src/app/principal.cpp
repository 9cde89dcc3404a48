#include "kerf/app/principal.h"

namespace kerf::app {

Principal system_principal() {
  Principal p;
  p.user_id = 0;
  p.username = "system";
  p.roles.insert(model::kAllRoles.begin(), model::kAllRoles.end());
  return p;
}

Principal integration_principal(const std::string& name) {
  Principal p;
  p.user_id = 0;
  p.username = name;
  p.roles = {model::Role::kPlanner, model::Role::kLead};
  return p;
}

Principal agent_principal() {
  Principal p;
  p.user_id = 0;
  p.username = "agent";
  p.roles = {model::Role::kAgent};
  return p;
}

}  // namespace kerf::app
