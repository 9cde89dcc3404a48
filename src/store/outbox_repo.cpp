#include "kerf/store/outbox_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

const detail::Table<OutboxEvent>& events() {
  static const detail::Table<OutboxEvent> kTable(
      {"events", "event", false, {"topic", "published"}, {"created_at"}, {"topic"}, "created_at"},
      {detail::text_col("topic", &OutboxEvent::topic),
       detail::text_col("payload", &OutboxEvent::payload),
       detail::time_col("created_at", &OutboxEvent::created_at),
       detail::bool_col("published", &OutboxEvent::published),
       detail::opt_time_col("published_at", &OutboxEvent::published_at)},
      &OutboxEvent::id, nullptr);
  return kTable;
}

}  // namespace

Result<int64_t> append_event(Tx& tx, const std::string& topic, const std::string& payload_json,
                             TimePoint created_at) {
  if (topic.empty()) return Error::invalid("topic", "is required");
  OutboxEvent e;
  e.topic = topic;
  e.payload = payload_json;
  e.created_at = created_at;
  auto stored = events().insert(tx, e);
  if (!stored.ok()) return stored.error();
  return stored->id;
}

Result<std::vector<OutboxEvent>> fetch_unpublished(Tx& tx, int64_t limit, int64_t after_id) {
  if (limit < 1) return Error::invalid("limit", "must be >= 1");
  std::vector<Param> params{false, after_id, limit};
  return events().select_where(tx, "published = ? AND id > ?", params, "id LIMIT ?");
}

Result<std::vector<OutboxEvent>> get_events(Tx& tx, const std::vector<int64_t>& ids) {
  if (ids.empty()) return std::vector<OutboxEvent>{};
  std::string where = "id IN (";
  std::vector<Param> params;
  for (int64_t id : ids) {
    where += params.empty() ? "?" : ", ?";
    params.emplace_back(id);
  }
  where += ")";
  return events().select_where(tx, where, params, "id");
}

Result<int64_t> mark_published(Tx& tx, const std::vector<int64_t>& ids, TimePoint at) {
  int64_t changed = 0;
  for (int64_t id : ids) {
    auto n = tx.exec(
        "UPDATE events SET published = ?, published_at = ? WHERE id = ? AND "
        "published = ?",
        {true, at, id, false});
    if (!n.ok()) return n.error();
    changed += *n;
  }
  return changed;
}

Result<int64_t> purge_published_events(Tx& tx, TimePoint before) {
  return tx.exec("DELETE FROM events WHERE published = ? AND created_at < ?", {true, before});
}

}  // namespace kerf::store

namespace kerf::store {

Result<std::vector<OutboxEvent>> events_after(Tx& tx, int64_t after_id, int64_t limit,
                                              std::optional<TimePoint> created_before) {
  if (limit < 1) return Error::invalid("limit", "must be >= 1");
  if (created_before) {
    std::vector<Param> params{after_id, *created_before, limit};
    return events().select_where(tx, "id > ? AND created_at <= ?", params, "id LIMIT ?");
  }
  std::vector<Param> params{after_id, limit};
  return events().select_where(tx, "id > ?", params, "id LIMIT ?");
}

Result<std::vector<OutboxEvent>> events_of_topic_since(Tx& tx, const std::string& topic,
                                                       TimePoint since) {
  std::vector<Param> params{topic, since};
  return events().select_where(tx, "topic = ? AND created_at >= ?", params, "created_at, id");
}

}  // namespace kerf::store
