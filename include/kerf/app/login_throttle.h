// Login throttling: after `max_failures` failed logins for one username OR one client key within
// a sliding `window`, further attempts for that key are refused (kResourceExhausted) until the
// oldest failure in the window ages out. Clock-driven, so tests advance a ManualClock.
// State is in memory, per process: with several nodes each node throttles on its own.
#pragma once

#include <chrono>
#include <cstddef>
#include <deque>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::app {

struct LoginThrottleOptions {
  int max_failures = 5;
  std::chrono::seconds window{15 * 60};
  std::size_t max_tracked_keys = 100000;  // memory bound; oldest-looking keys are dropped
};

class LoginThrottle {
 public:
  LoginThrottle(const Clock& clock, LoginThrottleOptions options = {});

  // OK if a login for (username, client_key) may be attempted now; otherwise kResourceExhausted
  // whose message reads "too many failed logins; retry after N seconds" and whose field
  // "retry_after" holds N (whole seconds, >= 1).
  Status check(std::string_view username, std::string_view client_key);

  // Records one failed attempt against both keys.
  void record_failure(std::string_view username, std::string_view client_key);

  // A successful login clears the username's failures (the client's stay).
  void record_success(std::string_view username);

 private:
  using Key = std::string;
  std::chrono::seconds retry_after_locked(const Key& key, TimePoint now);
  void prune_locked(std::deque<TimePoint>& q, TimePoint now);
  void add_locked(const Key& key, TimePoint now);

  const Clock& clock_;
  LoginThrottleOptions options_;
  std::mutex mu_;
  std::unordered_map<Key, std::deque<TimePoint>> failures_;
};

// Whole seconds to wait, parsed back from a throttling Error (0 if absent).
long long retry_after_seconds(const Error& error);

}  // namespace kerf::app
