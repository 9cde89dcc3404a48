// Users, roles and welder certifications. The password hash is stored separately by the store
// and is never part of the model (nor of its JSON).
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// 3..32 chars of [a-z0-9._-], starting with a lower-case letter.
bool is_valid_username(std::string_view username);

struct User {
  int64_t id = 0;
  int64_t version = 0;
  std::string username;      // is_valid_username, unique
  std::string display_name;  // required
  std::set<Role> roles;      // non-empty
  bool active = true;

  bool has_role(Role r) const { return roles.count(r) != 0; }
  // Ok, or invalid with fields "username", "display_name", "roles".
  Status validate() const;
  friend bool operator==(const User&, const User&) = default;
};

// A welder's qualification to a welding procedure specification (WPS).
struct Certification {
  int64_t id = 0;
  int64_t version = 0;
  int64_t user_id = 0;  // > 0
  std::string wps;      // valid code, e.g. "WPS-304-TIG-01"
  TimePoint expires;    // required (not the epoch)

  // True while `now` < expires.
  bool valid_at(TimePoint now) const { return now < expires; }
  // Ok, or invalid with fields "user_id", "wps", "expires".
  Status validate() const;
  friend bool operator==(const Certification&, const Certification&) = default;
};

}  // namespace kerf::model
