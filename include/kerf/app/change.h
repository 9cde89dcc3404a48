// The unit of work every state change runs in: one database transaction in which the use case
// writes its rows, appends one audit row per changed entity and appends its domain events to
// the outbox table. After the commit the events are marked published and handed to the
// EventBus. On any error nothing is written and nothing is published.
#pragma once

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <string>
#include <type_traits>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::app {

// Handed to a use case's transaction body.
class Change {
 public:
  Change(store::Tx& tx, const Principal& who, TimePoint now) : tx_(tx), who_(who), now_(now) {}

  store::Tx& tx() { return tx_; }
  const Principal& who() const { return who_; }
  // The time of this change (one clock read per change: audit rows and events agree).
  TimePoint now() const { return now_; }

  // Appends an audit row: actor = who().username, at = now(). `before`/`after` are the entity
  // JSON (null for create/delete respectively).
  Status audit(const std::string& entity, int64_t entity_id, const std::string& action,
               const nlohmann::json& before, const nlohmann::json& after);

  // Appends a domain event to the outbox (published after commit).
  Status emit(const std::string& topic, const nlohmann::json& payload);

  // Outbox rows appended so far (id, topic, payload, at).
  const std::vector<Event>& events() const { return events_; }
  void clear_events() { events_.clear(); }

 private:
  store::Tx& tx_;
  const Principal& who_;
  TimePoint now_;
  std::vector<Event> events_;
};

// Runs changes and publishes their events after commit.
class ChangeRunner {
 public:
  // `node_id` names this process among the nodes sharing the database (cross-node fan-out).
  ChangeRunner(store::Database& db, Env& env, EventBus& bus, std::string node_id)
      : db_(db), env_(env), bus_(bus), node_id_(std::move(node_id)) {}

  // Runs fn(Change&) in one read-write transaction (retried on transient failures; fn must be
  // idempotent up to its writes, which are rolled back between attempts). fn returns Status or
  // Result<T>; on success the outbox rows are marked published and published on the bus.
  template <typename F>
  auto run(const Principal& who, F&& fn) -> std::invoke_result_t<F, Change&> {
    std::vector<Event> events;
    auto result = db_.transact([&](store::Tx& tx) {
      Change change(tx, who, env_.now());
      auto r = fn(change);
      events = change.events();
      return r;
    });
    if (result.ok()) publish_committed(events);
    return result;
  }

  store::Database& db() { return db_; }
  Env& env() { return env_; }
  EventBus& bus() { return bus_; }

  const std::string& node_id() const { return node_id_; }

  // Marks `events` published in the outbox (best effort) and publishes them on the bus.
  void publish_committed(const std::vector<Event>& events);
  // Claims (marks published) each of `events` that nobody claimed yet, inside `tx`, and
  // announces the claimed ones to the other nodes (kEventChannel, delivered at commit); returns
  // the claimed events. The caller publishes them on this node's bus after the commit.
  Result<std::vector<Event>> claim_and_announce(store::Tx& tx, const std::vector<Event>& events);

 private:
  store::Database& db_;
  Env& env_;
  EventBus& bus_;
  std::string node_id_;
};

// The LISTEN/NOTIFY channel on which a node announces the outbox events it claimed:
// {"node": "<node id>", "ids": [event ids]}.
inline constexpr const char* kEventChannel = "kerf_events";

}  // namespace kerf::app
