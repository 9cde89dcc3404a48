// Who is acting: the authenticated user behind every use-case call (its roles are checked
// against app/permissions.h).
#pragma once

#include <cstdint>
#include <set>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::app {

struct Principal {
  int64_t user_id = 0;   // 0 for the built-in system principal
  std::string username;  // recorded as the audit row's actor
  std::set<model::Role> roles;
  // Set by AuthService::authenticate: a station session (badge + PIN, short idle expiry) and
  // when the session expires if idle from now on.
  bool station = false;
  TimePoint session_expires{};

  bool has_role(model::Role r) const { return roles.count(r) != 0; }
};

// The principal of bootstrap and maintenance work (CLI `kerf user add`, demo seeding):
// user id 0, username "system", every role.
Principal system_principal();

// The principal of an integration acting on its own (e.g. "sigmanest" for the Sigmanest sync):
// user id 0, username `name` (the audit rows' actor), roles planner and lead.
Principal integration_principal(const std::string& name);

// The principal of the shop agents (kerf/agents): user id 0, username "agent", role agent only
// (model::Role::kAgent, never assignable to a user): it reads, runs what-if schedules, keeps
// its threads and opens approvals; it cannot apply a gated action (app/approval_service.h).
Principal agent_principal();

}  // namespace kerf::app
