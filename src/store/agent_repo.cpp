#include "kerf/store/agent_repo.h"

#include <algorithm>

#include "store/table.h"

namespace kerf::store {
namespace {

constexpr const char* kThreadColumns =
    "id, agent, status, reason, trigger_text, step, approval_id, llm_calls, tokens, created_at, "
    "updated_at";

AgentThreadRecord thread_of(const Row& r) {
  AgentThreadRecord t;
  t.id = r.get_text(0);
  t.agent = r.get_text(1);
  t.status = r.get_text(2);
  t.reason = r.get_text(3);
  t.trigger = r.get_text(4);
  t.step = r.get_int(5);
  t.approval_id = r.opt_int(6).value_or(0);
  t.llm_calls = r.get_int(7);
  t.tokens = r.get_int(8);
  t.created_at = r.get_time(9);
  t.updated_at = r.get_time(10);
  return t;
}

std::vector<AgentThreadRecord> threads_of(const Rows& rows) {
  std::vector<AgentThreadRecord> out;
  out.reserve(rows.size());
  for (const Row& r : rows) out.push_back(thread_of(r));
  return out;
}

Param approval_param(int64_t approval_id) {
  return approval_id == 0 ? Param() : Param(approval_id);
}

const detail::Table<AgentStepRecord>& steps() {
  static const detail::Table<AgentStepRecord> kTable(
      {"agent_steps", "agent step", false, {"thread_id"}, {}, {}, ""},
      {detail::text_col("thread_id", &AgentStepRecord::thread_id),
       detail::int_col("step", &AgentStepRecord::step),
       detail::text_col("node", &AgentStepRecord::node),
       detail::text_col("input", &AgentStepRecord::input),
       detail::text_col("output", &AgentStepRecord::output),
       detail::text_col("tool_calls", &AgentStepRecord::tool_calls),
       detail::int_col("llm_calls", &AgentStepRecord::llm_calls),
       detail::int_col("tokens", &AgentStepRecord::tokens),
       detail::time_col("started_at", &AgentStepRecord::started_at),
       detail::int_col("duration_ms", &AgentStepRecord::duration_ms),
       detail::text_col("error", &AgentStepRecord::error)},
      &AgentStepRecord::id, nullptr);
  return kTable;
}

}  // namespace

Result<std::optional<AgentThreadRecord>> find_agent_thread(Tx& tx, const std::string& id) {
  auto row = tx.query_one(
      std::string("SELECT ") + kThreadColumns + " FROM agent_threads WHERE id = ?", {id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<AgentThreadRecord>{};
  return std::optional<AgentThreadRecord>(thread_of(**row));
}

Status save_agent_thread(Tx& tx, const AgentThreadRecord& t) {
  auto updated = tx.exec(
      "UPDATE agent_threads SET agent = ?, status = ?, reason = ?, trigger_text = ?, step = ?, "
      "approval_id = ?, llm_calls = ?, tokens = ?, updated_at = ? WHERE id = ?",
      {t.agent, t.status, t.reason, t.trigger, t.step, approval_param(t.approval_id), t.llm_calls,
       t.tokens, t.updated_at, t.id});
  if (!updated.ok()) return updated.error();
  if (*updated > 0) return ok_status();
  auto inserted = tx.exec(
      "INSERT INTO agent_threads (id, agent, status, reason, trigger_text, step, approval_id, "
      "llm_calls, tokens, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
      {t.id, t.agent, t.status, t.reason, t.trigger, t.step, approval_param(t.approval_id),
       t.llm_calls, t.tokens, t.created_at, t.updated_at});
  if (!inserted.ok()) return inserted.error();
  return ok_status();
}

Result<Page<AgentThreadRecord>> list_agent_threads(Tx& tx, const ListQuery& query) {
  if (query.limit < 1 || query.limit > 1000) {
    return Error::invalid("limit", "must be between 1 and 1000");
  }
  if (query.offset < 0) return Error::invalid("offset", "must be >= 0");
  std::string where;
  std::vector<Param> params;
  for (const auto& [field, value] : query.filters) {
    if (field != "status" && field != "agent") {
      return Error::invalid(field, "cannot filter agent threads by '" + field + "'");
    }
    where += (where.empty() ? " WHERE " : " AND ") + field + " = ?";
    params.push_back(value);
  }
  Page<AgentThreadRecord> page;
  auto count = tx.query_one("SELECT COUNT(*) FROM agent_threads" + where, params);
  if (!count.ok()) return count.error();
  page.total = (*count)->get_int(0);
  params.emplace_back(query.limit);
  params.emplace_back(query.offset);
  auto rows = tx.query(std::string("SELECT ") + kThreadColumns + " FROM agent_threads" + where +
                           " ORDER BY created_at DESC, id ASC LIMIT ? OFFSET ?",
                       params);
  if (!rows.ok()) return rows.error();
  page.items = threads_of(*rows);
  return page;
}

Result<std::vector<AgentThreadRecord>> agent_threads_with_status(Tx& tx,
                                                                 const std::string& status) {
  auto rows = tx.query(std::string("SELECT ") + kThreadColumns +
                           " FROM agent_threads WHERE status = ? ORDER BY created_at, id",
                       {status});
  if (!rows.ok()) return rows.error();
  return threads_of(*rows);
}

Result<std::optional<AgentCheckpointRecord>> latest_agent_checkpoint(Tx& tx,
                                                                     const std::string& thread_id) {
  auto row = tx.query_one(
      "SELECT thread_id, step, document, created_at FROM agent_checkpoints WHERE thread_id = ? "
      "ORDER BY step DESC LIMIT 1",
      {thread_id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<AgentCheckpointRecord>{};
  const Row& r = **row;
  AgentCheckpointRecord c;
  c.thread_id = r.get_text(0);
  c.step = r.get_int(1);
  c.document = r.get_text(2);
  c.created_at = r.get_time(3);
  return std::optional<AgentCheckpointRecord>(std::move(c));
}

Status insert_agent_checkpoint(Tx& tx, const AgentCheckpointRecord& c) {
  auto n = tx.exec(
      "INSERT INTO agent_checkpoints (thread_id, step, document, created_at) VALUES (?, ?, ?, ?)",
      {c.thread_id, c.step, c.document, c.created_at});
  if (!n.ok()) return n.error();
  return ok_status();
}

Result<int64_t> insert_agent_step(Tx& tx, const AgentStepRecord& step) {
  auto stored = steps().insert(tx, step);
  if (!stored.ok()) return stored.error();
  return stored->id;
}

Result<std::vector<AgentStepRecord>> agent_steps_of(Tx& tx, const std::string& thread_id) {
  std::vector<Param> params{thread_id};
  return steps().select_where(tx, "thread_id = ?", params, "id");
}

Result<std::optional<int64_t>> get_agent_cursor(Tx& tx, const std::string& name) {
  auto row = tx.query_one("SELECT value FROM agent_cursors WHERE name = ?", {name});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<int64_t>{};
  return std::optional<int64_t>((*row)->get_int(0));
}

Status advance_agent_cursor(Tx& tx, const std::string& name, int64_t value) {
  if (name.empty()) return Error::invalid("name", "is required");
  auto n = tx.exec(
      "INSERT INTO agent_cursors (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET "
      "value = excluded.value WHERE agent_cursors.value < excluded.value",
      {name, value});
  if (!n.ok()) return n.error();
  return ok_status();
}

Result<std::vector<OutboxEvent>> events_after_with_prefixes(
    Tx& tx, int64_t after_id, const std::vector<std::string>& prefixes, int64_t limit,
    std::optional<TimePoint> created_before) {
  if (limit < 1) return Error::invalid("limit", "must be >= 1");
  std::string sql =
      "SELECT id, topic, payload, created_at, published, published_at FROM events WHERE id > ?";
  std::vector<Param> params{after_id};
  if (created_before) {
    sql += " AND created_at <= ?";
    params.emplace_back(*created_before);
  }
  std::string any;
  for (const std::string& prefix : prefixes) {
    if (prefix.empty()) {
      any.clear();
      break;
    }
    // The length is a number we format ourselves; the prefix itself is bound.
    any += std::string(any.empty() ? "" : " OR ") + "substr(topic, 1, " +
           std::to_string(prefix.size()) + ") = ?";
    params.emplace_back(prefix);
  }
  const bool all =
      std::any_of(prefixes.begin(), prefixes.end(), [](const std::string& p) { return p.empty(); });
  if (all) params.resize(created_before ? 2 : 1);
  if (!all && !any.empty()) sql += " AND (" + any + ")";
  sql += " ORDER BY id LIMIT ?";
  params.emplace_back(limit);
  auto rows = tx.query(sql, params);
  if (!rows.ok()) return rows.error();
  std::vector<OutboxEvent> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    OutboxEvent e;
    e.id = r.get_int(0);
    e.topic = r.get_text(1);
    e.payload = r.get_text(2);
    e.created_at = r.get_time(3);
    e.published = r.get_bool(4);
    e.published_at = r.opt_time(5);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace kerf::store
