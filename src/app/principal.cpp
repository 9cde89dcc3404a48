#include "kerf/app/principal.h"

namespace kerf::app {

Principal system_principal() {
  Principal p;
  p.user_id = 0;
  p.username = "system";
  p.roles.insert(model::kAllRoles.begin(), model::kAllRoles.end());
  return p;
}

Status require_role(const Principal& who, std::span<const model::Role> allowed,
                    const std::string& action) {
  if (who.has_role(model::Role::kAdmin)) return ok_status();
  std::string names;
  for (auto r : allowed) {
    if (who.has_role(r)) return ok_status();
    if (!names.empty()) names += " or ";
    names += model::to_string(r);
  }
  if (names.empty()) names = "admin";
  return Error::make(ErrorCode::kPermissionDenied, "role " + names + " required to " + action);
}

}  // namespace kerf::app
