#include "kerf/api/event_access.h"

#include <array>

namespace kerf::api {
namespace {

// Topic prefix -> roles that may see it (admin always may). Topics matching no prefix are
// visible to every authenticated user. Keep this the only place where the rule is written.
struct TopicRule {
  std::string_view prefix;
  std::array<std::string_view, 4> roles;  // unused entries are empty
};
constexpr std::array<TopicRule, 1> kTopicRules = {{
    {"user.", {}},  // user.created/updated/deactivated/password_changed: admin only
}};

}  // namespace

bool default_event_access(const Principal& who, std::string_view topic) {
  if (who.has_role("admin")) return true;
  for (const auto& rule : kTopicRules) {
    if (!topic.starts_with(rule.prefix)) continue;
    for (auto role : rule.roles) {
      if (!role.empty() && who.has_role(role)) return true;
    }
    return false;
  }
  return true;
}

}  // namespace kerf::api
