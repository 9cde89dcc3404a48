#include "kerf/app/change.h"

#include "app/repo.h"

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

void ChangeRunner::publish_committed(const std::vector<Event>& events) {
  if (events.empty()) return;
  std::vector<Event> claimed;
  auto status = db_.transact([&](store::Tx& tx) -> Status {
    claimed.clear();
    auto at = env_.now();
    for (const auto& e : events) {
      auto won = repo::claim_event(tx, e.id, at);
      if (!won.ok()) return won.error();
      if (*won) claimed.push_back(e);
    }
    return ok_status();
  });
  // If marking failed the rows stay unpublished and the relay publishes them later.
  if (!status.ok()) return;
  for (auto& e : claimed) bus_.publish(e);
}

}  // namespace kerf::app
