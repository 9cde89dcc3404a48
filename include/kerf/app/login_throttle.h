// Login throttling, OWASP style, keyed per (username, client address) so that an attacker failing
// on "admin" from one address never locks the real admin out from another:
//
// - (username, address): the first `free_failures` consecutive failures cost nothing; the failure
//   that reaches it blocks the key for `first_delay`, and every further failure doubles the
//   delay up to `max_delay`. A successful login deletes the key.
// - address alone: a much higher ceiling, `address_free_failures` failures from one address over
//   any usernames (spraying), then the same doubling delays for every username from it. Success
//   does not reset it (one valid account must not unlock spraying).
// - A key whose last failure is older than `forget_after` starts from zero again.
//
// An attempt is counted against its (username, address) key BEFORE the password is checked, in
// the same transaction that found the key unblocked (admit), so parallel guesses cannot outrun
// the count; success then deletes the key. Attempts refused while a key is blocked are not
// counted. The counters live in the database (store/login_failure_repo.h) so every kerf node on
// one database throttles the same keys. Time comes from the Clock (tests advance a ManualClock).
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::store {
class Database;
struct LoginFailures;
}  // namespace kerf::store

namespace kerf::app {

struct LoginThrottleOptions {
  int free_failures = 5;            // per (username, address)
  int address_free_failures = 100;  // per address, over all usernames
  std::chrono::seconds first_delay{30};
  std::chrono::seconds max_delay{15 * 60};
  std::chrono::seconds forget_after{60 * 60};  // > max_delay
};

class LoginThrottle {
 public:
  LoginThrottle(store::Database& db, const Clock& clock, LoginThrottleOptions options = {});

  // OK if a login for (username, client_address) may be attempted now, and then the attempt is
  // already counted as a failure of that key (undone by record_success). Otherwise
  // kResourceExhausted whose message reads "too many failed logins; retry after N seconds" and
  // whose field "retry_after" holds N (whole seconds, >= 1). Database errors pass through.
  Status admit(std::string_view username, std::string_view client_address);

  // Records a failed attempt against the address-wide ceiling (the (username, address) key was
  // counted by admit).
  Status record_failure(std::string_view client_address);

  // A successful login clears the (username, address) key (the address-wide count stays).
  Status record_success(std::string_view username, std::string_view client_address);

  // Deletes keys that no longer block and whose last failure is older than forget_after;
  // returns how many.
  Result<int64_t> purge_stale();

  // The delay after the `failures`-th consecutive failure of a key allowing `free` failures
  // (zero below `free`).
  std::chrono::seconds delay_after(int64_t failures, int64_t free) const;

  const LoginThrottleOptions& options() const { return options_; }

 private:
  // Counts one failure into `row` (a key allowing `free` failures) at `now`.
  void count_failure(store::LoginFailures& row, int64_t free, TimePoint now) const;

  store::Database& db_;
  const Clock& clock_;
  LoginThrottleOptions options_;
};

// Whole seconds to wait, parsed back from a throttling Error (0 if absent).
long long retry_after_seconds(const Error& error);

}  // namespace kerf::app
