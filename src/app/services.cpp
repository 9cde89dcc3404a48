#include "kerf/app/services.h"

#include "app/repo.h"

namespace kerf::app {

ServicesOptions ServicesOptions::for_tests() {
  ServicesOptions o;
  o.auth.password = PasswordHashOptions::minimum();
  return o;
}

Result<int64_t> OutboxRelay::run_once(int64_t max) {
  auto before = changes_.env().now() - grace_;
  auto pending =
      changes_.db().read([&](store::Tx& tx) { return repo::fetch_unpublished(tx, before, max); });
  if (!pending.ok()) return pending.error();
  if (pending->empty()) return int64_t{0};
  std::vector<Event> claimed;
  auto status = changes_.db().transact([&](store::Tx& tx) -> Status {
    claimed.clear();
    auto at = changes_.env().now();
    for (const auto& e : *pending) {
      auto won = repo::claim_event(tx, e.id, at);
      if (!won.ok()) return won.error();
      if (*won) claimed.push_back(e);
    }
    return ok_status();
  });
  if (!status.ok()) return status.error();
  for (auto& e : claimed) changes_.bus().publish(e);
  return static_cast<int64_t>(claimed.size());
}

Services::Services(store::Database& db, Env& env, EventBus& bus, ServicesOptions options)
    : options_(options),
      changes_(db, env, bus),
      auth_(db, env, changes_, options.auth),
      jobs_(changes_),
      operations_(changes_),
      schedule_(changes_),
      materials_(changes_),
      master_data_(changes_),
      relay_(changes_, options.relay_grace) {}

Services::~Services() { stop_relay(); }

void Services::start_relay() {
  if (relay_thread_.joinable()) return;
  stop_ = false;
  relay_thread_ = std::thread([this] {
    auto next_purge = std::chrono::steady_clock::now();
    while (!stop_.load()) {
      (void)relay_.run_once();
      if (std::chrono::steady_clock::now() >= next_purge) {
        (void)auth_.purge_expired_sessions();
        next_purge = std::chrono::steady_clock::now() + std::chrono::minutes(5);
      }
      // Sleep in small steps so stop_relay() returns promptly.
      auto until = std::chrono::steady_clock::now() + options_.relay_period;
      while (!stop_.load() && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
      }
    }
  });
}

void Services::stop_relay() {
  stop_ = true;
  if (relay_thread_.joinable()) relay_thread_.join();
}

}  // namespace kerf::app
