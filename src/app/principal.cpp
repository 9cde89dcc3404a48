#include "kerf/app/principal.h"

namespace kerf::app {

Principal system_principal() {
  Principal p;
  p.user_id = 0;
  p.username = "system";
  p.roles.insert(model::kAllRoles.begin(), model::kAllRoles.end());
  return p;
}

}  // namespace kerf::app
