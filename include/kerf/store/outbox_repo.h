// The transactional outbox: domain events written in the same transaction as the state change,
// published afterwards (WebSocket fan-out, integrations, LISTEN/NOTIFY) and marked published.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct OutboxEvent {
  int64_t id = 0;       // increasing: publish in id order
  std::string topic;    // e.g. "job.released"
  std::string payload;  // JSON text
  TimePoint created_at;
  bool published = false;
  std::optional<TimePoint> published_at;
  friend bool operator==(const OutboxEvent&, const OutboxEvent&) = default;
};

// Appends an unpublished event; returns its id. kInvalidArgument for an empty topic.
Result<int64_t> append_event(Tx& tx, const std::string& topic, const std::string& payload_json,
                             TimePoint created_at);
// Up to `limit` unpublished events with id > after_id, oldest first.
Result<std::vector<OutboxEvent>> fetch_unpublished(Tx& tx, int64_t limit, int64_t after_id = 0);
// The events with these ids that still exist, in id order.
Result<std::vector<OutboxEvent>> get_events(Tx& tx, const std::vector<int64_t>& ids);
// Marks the events published at `at`; returns how many changed (already published ones are
// left alone).
Result<int64_t> mark_published(Tx& tx, const std::vector<int64_t>& ids, TimePoint at);
// Deletes published events older than `before`; returns how many.
Result<int64_t> purge_published_events(Tx& tx, TimePoint before);

// Up to `limit` events (published or not) with id > after_id, oldest first; with
// `created_before`, only events created at or before it (a reader that follows the outbox by id
// on PostgreSQL, where ids may commit out of order, waits a grace period).
Result<std::vector<OutboxEvent>> events_after(Tx& tx, int64_t after_id, int64_t limit,
                                              std::optional<TimePoint> created_before = {});
// The events of `topic` created at or after `since`, oldest first (index: topic, created_at).
Result<std::vector<OutboxEvent>> events_of_topic_since(Tx& tx, const std::string& topic,
                                                       TimePoint since);

}  // namespace kerf::store
