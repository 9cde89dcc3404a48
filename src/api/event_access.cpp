#include "kerf/api/event_access.h"

#include <array>
#include <utility>

#include "kerf/app/permissions.h"

namespace kerf::api {
namespace {

// Topic prefix -> the permission needed to see it (app/permissions.h). Topics matching no prefix
// need app::Permission::kRead (every authenticated user). Keep this the only place where the
// rule is written. "approval.*" and "agent.*" are deliberately open to every authenticated user:
// their payloads carry ids, gate, routed role, title and status only (the evidence and the
// action stay behind GET /approvals/{id}, which is routed by role), and every role's UI shows
// the agents' activity and the inbox badge.
constexpr std::array<std::pair<std::string_view, app::Permission>, 1> kTopicRules = {{
    {"user.", app::Permission::kManageUsers},  // usernames, roles: what GET /users shows
}};

}  // namespace

bool default_event_access(const Principal& who, std::string_view topic) {
  for (const auto& [prefix, permission] : kTopicRules) {
    if (topic.starts_with(prefix)) return app::may(who, permission);
  }
  return app::may(who, app::Permission::kRead);
}

}  // namespace kerf::api
