// Login throttling counters (table login_failures, migration 3): one row per (username, client
// address); username "" is the address-wide row. Shared through the database so every node
// throttles the same keys.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct LoginFailures {
  std::string username;        // lower-cased; "" = every username from client_address
  std::string client_address;  // peer IP as the server saw it
  int64_t failures = 0;        // consecutive failures since the last reset
  TimePoint last_failure_at;
  TimePoint blocked_until;  // attempts before this instant are refused
  friend bool operator==(const LoginFailures&, const LoginFailures&) = default;
};

// The row of (username, client_address), or nullopt.
Result<std::optional<LoginFailures>> find_login_failures(Tx& tx, const std::string& username,
                                                         const std::string& client_address);

// The row of (username, client_address) locked for update until the transaction ends (created
// with zero failures when missing; PostgreSQL: SELECT ... FOR UPDATE, SQLite: the writer lock of
// BEGIN IMMEDIATE), so concurrent failures on several nodes never lose a count.
Result<LoginFailures> lock_login_failures(Tx& tx, const std::string& username,
                                          const std::string& client_address);

// Writes failures, last_failure_at and blocked_until of an existing row.
Status save_login_failures(Tx& tx, const LoginFailures& row);

// Deletes the row of (username, client_address) (a successful login); ok when missing.
Status delete_login_failures(Tx& tx, const std::string& username,
                             const std::string& client_address);

// Deletes rows whose last failure is before `cutoff` and that no longer block at `now`; returns
// how many.
Result<int64_t> delete_stale_login_failures(Tx& tx, TimePoint cutoff, TimePoint now);

}  // namespace kerf::store
