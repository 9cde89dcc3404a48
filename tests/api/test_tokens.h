// The fixed tokens of the server-level tests (no database): planner-token, operator-token and
// admin-token, each standing for one user holding one role.
#pragma once

#include <string>
#include <string_view>

#include "kerf/api/http_types.h"

namespace kerf::api::testing {

// The principal behind one of the fixed tokens; kUnauthenticated for any other token.
inline Result<Principal> fixed_token_principal(std::string_view token) {
  auto make = [token](int64_t id, const char* name, model::Role role) {
    Principal p;
    p.user_id = id;
    p.username = name;
    p.roles = {role};
    p.token = std::string(token);
    return p;
  };
  if (token == "planner-token") return make(1, "pat", model::Role::kPlanner);
  if (token == "operator-token") return make(2, "olly", model::Role::kOperator);
  if (token == "admin-token") return make(3, "ada", model::Role::kAdmin);
  return Error::make(ErrorCode::kUnauthenticated, "bad token");
}

}  // namespace kerf::api::testing
