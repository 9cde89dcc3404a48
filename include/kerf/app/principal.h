// Who is acting: the authenticated user behind every use-case call, and the role checks that
// each use case performs (defense in depth beside the API's own route checks).
#pragma once

#include <cstdint>
#include <initializer_list>
#include <set>
#include <span>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::app {

struct Principal {
  int64_t user_id = 0;   // 0 for the built-in system principal
  std::string username;  // recorded as the audit row's actor
  std::set<model::Role> roles;

  bool has_role(model::Role r) const { return roles.count(r) != 0; }
};

// The principal of bootstrap and maintenance work (CLI `kerf user add`, demo seeding):
// user id 0, username "system", every role.
Principal system_principal();

// Ok if `who` holds admin or any role in `allowed`; otherwise kPermissionDenied naming the
// action, e.g. "role planner or lead required to release a job".
Status require_role(const Principal& who, std::span<const model::Role> allowed,
                    const std::string& action);
inline Status require_role(const Principal& who, std::initializer_list<model::Role> allowed,
                           const std::string& action) {
  return require_role(who, std::span<const model::Role>(allowed.begin(), allowed.size()), action);
}

}  // namespace kerf::app
