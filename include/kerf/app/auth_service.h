// Authentication (login, sessions) and user administration.
//
// Sessions: a login draws 32 random bytes, returns them once as a base64url token and stores
// only SHA-256(token). Expiry is SLIDING: every successful authenticate() pushes the expiry to
// now + session_ttl (default 12 h), written at most once a minute per session; an absolute cap
// of session_max_lifetime (default 7 days) after login bounds a stolen token. logout() deletes.
//
// Wrong password, unknown user and inactive user all fail with kUnauthenticated and the same
// message "invalid username or password" (no user enumeration). LoginThrottle (login_throttle.h)
// refuses attempts per (username, client address) after 5 consecutive failures with delays
// doubling from 30 s to 15 min, and per address after 100 failures over any usernames
// (kResourceExhausted); its counters are in the database, shared by every node.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>

#include "kerf/app/login_throttle.h"
#include "kerf/app/password.h"
#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/user.h"
#include "kerf/store/page.h"

namespace kerf::store {
class Database;
}

namespace kerf::app {

class ChangeRunner;

struct AuthOptions {
  PasswordHashOptions password = PasswordHashOptions::interactive();
  std::chrono::seconds session_ttl{12 * 3600};
  std::chrono::seconds session_max_lifetime{7 * 24 * 3600};
  // Idle timeout of station sessions (badge + PIN at a shared terminal).
  std::chrono::seconds station_idle{300};
  LoginThrottleOptions throttle;
};

// Minimum password length (bytes of UTF-8).
inline constexpr std::size_t kMinPasswordLength = 10;
inline constexpr std::size_t kMaxPasswordLength = 1024;

struct LoginResult {
  std::string token;  // give to the client once; never stored
  model::User user;
  TimePoint expires;
  bool station = false;  // a station session (badge_login)
};

struct NewUser {
  std::string username;  // 3..32 of [a-z0-9._-], starts with a letter; unique
  std::string display_name;
  std::string password;         // >= kMinPasswordLength
  std::set<model::Role> roles;  // non-empty
};

// A user as the admin's user list shows it.
struct UserRow {
  model::User user;
  bool has_badge = false;  // a station badge is set (the badge itself is never stored)
};

class AuthService {
 public:
  AuthService(store::Database& db, Env& env, ChangeRunner& changes, AuthOptions options);

  // Verifies the password and opens a session. Errors: kUnauthenticated (bad credentials),
  // kResourceExhausted (throttled; field "retry_after" in seconds), kInvalidArgument (empty).
  Result<LoginResult> login(std::string_view username, std::string_view password,
                            std::string_view client_key);

  // Badge + PIN sign-in at a shared shop-floor station: opens a STATION session whose sliding
  // idle expiry is station_idle (not session_ttl). A wrong PIN, an unknown badge and an
  // inactive user all fail with kUnauthenticated "invalid badge or PIN"; throttled like
  // login() with the key (badge key, client address). Field errors "badge", "pin" when empty.
  Result<LoginResult> badge_login(std::string_view badge, std::string_view pin,
                                  std::string_view client_key);

  // The principal behind a live session token; kUnauthenticated if unknown, expired or the
  // user was deactivated. Slides the expiry (see above).
  Result<Principal> authenticate(std::string_view token);

  // Deletes the session (idempotent: unknown tokens are ok).
  Status logout(std::string_view token);

  // Deletes expired sessions (and stale login throttle keys); returns how many sessions. Called
  // by the background relay loop.
  Result<int64_t> purge_expired_sessions();

  // Admin only (or the system principal). Validates: "username", "display_name", "password",
  // "roles"; duplicate username -> kConflict. Audited, event "user.created".
  Result<model::User> create_user(const Principal& who, const NewUser& input);

  // Admin only. Replaces the user's roles. Audited, event "user.updated".
  Result<model::User> set_roles(const Principal& who, int64_t user_id,
                                const std::set<model::Role>& roles,
                                std::optional<int64_t> expected_version = std::nullopt);

  // Admin only; an admin cannot deactivate themselves. Deletes the user's sessions.
  Result<model::User> deactivate(const Principal& who, int64_t user_id,
                                 std::optional<int64_t> expected_version = std::nullopt);

  // A user changes their own password (current_password must verify) or an admin sets anyone's
  // (current_password ignored). Deletes all the user's sessions (they log in again). Field
  // errors: "current_password" (kUnauthenticated when it does not verify), "new_password".
  Status change_password(const Principal& who, int64_t user_id, std::string_view current_password,
                         std::string_view new_password);

  // Admin only. Sets or replaces the user's badge and PIN (check_badge / check_pin: field
  // errors "badge", "pin"); kConflict (field "badge") when another user has that badge. Audited
  // without badge or PIN (action "set_badge"), event "user.updated". Returns the user.
  Result<model::User> set_badge(const Principal& who, int64_t user_id, std::string_view badge,
                                std::string_view pin);
  // Admin only. Removes the user's badge and PIN (audited "clear_badge", event "user.updated").
  Result<model::User> clear_badge(const Principal& who, int64_t user_id);
  // Whether the user has a badge (admin, or the user themself).
  Result<bool> has_badge(const Principal& who, int64_t user_id);

  // Admin only: list/get users (never password hashes); list rows say whether each user has
  // a badge (never the badge).
  Result<store::Page<UserRow>> list_users(const Principal& who, const store::ListQuery& query);
  Result<model::User> get_user(const Principal& who, int64_t user_id);

  // IANA name of the plant's time zone as the scheduler uses it (scheduling::plant_zone: the
  // first plant's; "UTC" when none is stored). kFailedPrecondition for an unknown stored zone.
  Result<std::string> plant_time_zone();

  LoginThrottle& throttle() { return throttle_; }
  const AuthOptions& options() const { return options_; }

 private:
  store::Database& db_;
  Env& env_;
  ChangeRunner& changes_;
  AuthOptions options_;
  LoginThrottle throttle_;

  // Opens a session for `user` (station or not) and clears the throttle key.
  Result<LoginResult> open_session(const model::User& user, bool station,
                                   std::string_view throttle_key, std::string_view client_key,
                                   const std::string& password_rehash);
};

// Field errors of a proposed password (empty when acceptable), under `field`.
Status check_password_policy(std::string_view password, const std::string& field);

}  // namespace kerf::app
