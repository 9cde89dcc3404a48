#include "kerf/app/login_throttle.h"

#include <algorithm>
#include <cctype>

#include "kerf/store/database.h"
#include "kerf/store/login_failure_repo.h"

namespace kerf::app {
namespace {

// The username part of a key: lower-cased (usernames are case-insensitive at login).
std::string user_key(std::string_view username) {
  std::string k;
  k.reserve(username.size());
  for (char c : username) {
    k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return k;
}

// The address-wide row: no valid username is empty.
constexpr const char* kAnyUser = "";

// kResourceExhausted telling the client to come back at `until`.
Error throttled(TimePoint until, TimePoint now) {
  auto wait =
      std::max(std::chrono::ceil<std::chrono::seconds>(until - now), std::chrono::seconds(1));
  std::string n = std::to_string(wait.count());
  Error e = Error::make(ErrorCode::kResourceExhausted,
                        "too many failed logins; retry after " + n + " seconds");
  e.fields.push_back({"retry_after", n});
  return e;
}

}  // namespace

LoginThrottle::LoginThrottle(store::Database& db, const Clock& clock, LoginThrottleOptions options)
    : db_(db), clock_(clock), options_(options) {}

std::chrono::seconds LoginThrottle::delay_after(int64_t failures, int64_t free) const {
  if (failures < free) return std::chrono::seconds(0);
  int64_t doublings = std::min<int64_t>(failures - free, 30);
  auto delay = options_.first_delay * (int64_t{1} << doublings);
  return std::min(delay, options_.max_delay);
}

void LoginThrottle::count_failure(store::LoginFailures& row, int64_t free, TimePoint now) const {
  if (row.failures > 0 && row.last_failure_at + options_.forget_after <= now) row.failures = 0;
  row.failures += 1;
  row.last_failure_at = now;
  auto delay = delay_after(row.failures, free);
  if (delay.count() > 0) row.blocked_until = std::max(row.blocked_until, now + delay);
}

Status LoginThrottle::admit(std::string_view username, std::string_view client_address) {
  const std::string user = user_key(username);
  const std::string address(client_address);
  auto now = clock_.now();
  return db_.transact([&](store::Tx& tx) -> Status {
    auto any = store::find_login_failures(tx, kAnyUser, address);
    if (!any.ok()) return any.error();
    if (any->has_value() && (*any)->blocked_until > now) {
      return throttled((*any)->blocked_until, now);
    }
    // Locked until commit: concurrent attempts on any node queue here, each sees the last count.
    auto row = store::lock_login_failures(tx, user, address);
    if (!row.ok()) return row.error();
    if (row->blocked_until > now) return throttled(row->blocked_until, now);  // rolls back
    count_failure(*row, options_.free_failures, now);
    return store::save_login_failures(tx, *row);
  });
}

Status LoginThrottle::record_failure(std::string_view client_address) {
  const std::string address(client_address);
  auto now = clock_.now();
  return db_.transact([&](store::Tx& tx) -> Status {
    auto row = store::lock_login_failures(tx, kAnyUser, address);
    if (!row.ok()) return row.error();
    count_failure(*row, options_.address_free_failures, now);
    return store::save_login_failures(tx, *row);
  });
}

Status LoginThrottle::record_success(std::string_view username, std::string_view client_address) {
  const std::string user = user_key(username);
  const std::string address(client_address);
  return db_.transact(
      [&](store::Tx& tx) { return store::delete_login_failures(tx, user, address); });
}

Result<int64_t> LoginThrottle::purge_stale() {
  auto now = clock_.now();
  return db_.transact([&](store::Tx& tx) {
    return store::delete_stale_login_failures(tx, now - options_.forget_after, now);
  });
}

long long retry_after_seconds(const Error& error) {
  for (const auto& f : error.fields) {
    if (f.field == "retry_after") return std::stoll(f.message);
  }
  return 0;
}

}  // namespace kerf::app
