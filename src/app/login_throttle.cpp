#include "kerf/app/login_throttle.h"

#include <algorithm>
#include <cctype>

namespace kerf::app {
namespace {

std::string user_key(std::string_view username) {
  std::string k = "u:";
  for (char c : username)
    k.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  return k;
}

std::string client_key_of(std::string_view client) { return "c:" + std::string(client); }

}  // namespace

LoginThrottle::LoginThrottle(const Clock& clock, LoginThrottleOptions options)
    : clock_(clock), options_(options) {}

void LoginThrottle::prune_locked(std::deque<TimePoint>& q, TimePoint now) {
  while (!q.empty() && q.front() + options_.window <= now) q.pop_front();
}

std::chrono::seconds LoginThrottle::retry_after_locked(const Key& key, TimePoint now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return std::chrono::seconds(0);
  auto& q = it->second;
  prune_locked(q, now);
  if (q.empty()) {
    failures_.erase(it);
    return std::chrono::seconds(0);
  }
  if (static_cast<int>(q.size()) < options_.max_failures) return std::chrono::seconds(0);
  // Blocked until enough failures age out that fewer than max_failures remain.
  auto unblock = q[q.size() - static_cast<std::size_t>(options_.max_failures)] + options_.window;
  auto wait = std::chrono::ceil<std::chrono::seconds>(unblock - now);
  return std::max(wait, std::chrono::seconds(1));
}

Status LoginThrottle::check(std::string_view username, std::string_view client_key) {
  std::lock_guard lock(mu_);
  auto now = clock_.now();
  auto wait = retry_after_locked(user_key(username), now);
  if (!client_key.empty())
    wait = std::max(wait, retry_after_locked(client_key_of(client_key), now));
  if (wait.count() == 0) return ok_status();
  std::string n = std::to_string(wait.count());
  Error e = Error::make(ErrorCode::kResourceExhausted,
                        "too many failed logins; retry after " + n + " seconds");
  e.fields.push_back({"retry_after", n});
  return e;
}

void LoginThrottle::add_locked(const Key& key, TimePoint now) {
  if (failures_.size() >= options_.max_tracked_keys && !failures_.contains(key)) {
    // Drop every key whose failures have all expired; if still full, drop an arbitrary one.
    for (auto it = failures_.begin(); it != failures_.end();) {
      prune_locked(it->second, now);
      it = it->second.empty() ? failures_.erase(it) : std::next(it);
    }
    if (failures_.size() >= options_.max_tracked_keys) failures_.erase(failures_.begin());
  }
  auto& q = failures_[key];
  prune_locked(q, now);
  q.push_back(now);
  // Only the newest max_failures timestamps matter for the decision.
  while (static_cast<int>(q.size()) > options_.max_failures) q.pop_front();
}

void LoginThrottle::record_failure(std::string_view username, std::string_view client_key) {
  std::lock_guard lock(mu_);
  auto now = clock_.now();
  add_locked(user_key(username), now);
  if (!client_key.empty()) add_locked(client_key_of(client_key), now);
}

void LoginThrottle::record_success(std::string_view username) {
  std::lock_guard lock(mu_);
  failures_.erase(user_key(username));
}

long long retry_after_seconds(const Error& error) {
  for (const auto& f : error.fields) {
    if (f.field == "retry_after") return std::stoll(f.message);
  }
  return 0;
}

}  // namespace kerf::app
