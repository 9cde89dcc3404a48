#include "kerf/app/change.h"

#include <spdlog/spdlog.h>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/store/notify.h"

namespace kerf::app {

Status Change::audit(const std::string& entity, int64_t entity_id, const std::string& action,
                     const nlohmann::json& before, const nlohmann::json& after) {
  repo::AuditRow row;
  row.at = now_;
  row.actor_user_id = who_.user_id;
  row.actor = who_.username;
  row.entity = entity;
  row.entity_id = entity_id;
  row.action = action;
  row.before_json = before.is_null() ? std::string() : before.dump();
  row.after_json = after.is_null() ? std::string() : after.dump();
  return repo::append_audit(tx_, row);
}

Status Change::emit(const std::string& topic, const nlohmann::json& payload) {
  std::string body = payload.dump();
  auto id = repo::append_event(tx_, topic, body, now_);
  if (!id.ok()) return id.error();
  events_.push_back(Event{*id, topic, std::move(body), now_});
  return ok_status();
}

Result<std::vector<Event>> ChangeRunner::claim_and_announce(store::Tx& tx,
                                                            const std::vector<Event>& events) {
  std::vector<Event> claimed;
  const TimePoint at = env_.now();
  for (const auto& e : events) {
    auto won = repo::claim_event(tx, e.id, at);
    if (!won.ok()) return won.error();
    if (*won) claimed.push_back(e);
  }
  // Only PostgreSQL has other nodes to tell (SQLite is one node): keep the write path lean.
  if (tx.backend() != store::Backend::kPostgres) return claimed;
  // A notification carries at most ~8000 bytes: announce in chunks of ids.
  constexpr std::size_t kIdsPerNotification = 400;
  for (std::size_t i = 0; i < claimed.size(); i += kIdsPerNotification) {
    nlohmann::json ids = nlohmann::json::array();
    for (std::size_t k = i; k < std::min(claimed.size(), i + kIdsPerNotification); ++k) {
      ids.push_back(claimed[k].id);
    }
    KERF_TRY(
        store::notify(tx, kEventChannel, nlohmann::json{{"node", node_id_}, {"ids", ids}}.dump()));
  }
  return claimed;
}

void ChangeRunner::publish_committed(const std::vector<Event>& events) {
  if (events.empty()) return;
  auto claimed = db_.transact([&](store::Tx& tx) { return claim_and_announce(tx, events); });
  if (!claimed.ok()) {
    spdlog::warn("{} committed events not marked published (the relay publishes them): {}",
                 events.size(), claimed.error().message);
    return;
  }
  for (auto& e : *claimed) bus_.publish(e);
}

}  // namespace kerf::app
