#include "kerf/model/user.h"

#include "kerf/model/validation.h"

namespace kerf::model {

bool is_valid_username(std::string_view username) {
  if (username.size() < 3 || username.size() > 32) return false;
  if (username.front() < 'a' || username.front() > 'z') return false;
  for (char c : username) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Status User::validate() const {
  FieldErrors errors;
  if (!is_valid_username(username)) {
    errors.add("username",
               "must be 3 to 32 characters of a-z, 0-9, '.', '_' or '-', starting with a letter");
  }
  check_required_text(errors, "display_name", display_name);
  if (roles.empty()) errors.add("roles", "must contain at least one role");
  if (roles.count(Role::kAgent)) {
    errors.add("roles", "agent is the shop agents' own role, not assignable to a user");
  }
  return errors.status();
}

Status Certification::validate() const {
  FieldErrors errors;
  if (user_id <= 0) errors.add("user_id", "is required");
  check_code(errors, "wps", wps);
  if (expires == TimePoint{}) errors.add("expires", "is required");
  return errors.status();
}

}  // namespace kerf::model
