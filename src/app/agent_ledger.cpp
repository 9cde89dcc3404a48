#include "kerf/app/agent_ledger.h"

#include <chrono>

#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/permissions.h"
#include "kerf/core/time_format.h"
#include "kerf/store/agent_repo.h"

namespace kerf::app {
namespace {

using nlohmann::json;

bool valid_thread_status(const std::string& s) {
  return s == "running" || s == "interrupted" || s == "done" || s == "tripped" || s == "failed";
}

// Parses stored JSON text; corrupt text is a broken invariant of our own writes, reported as
// an internal error rather than thrown.
Result<json> parse_stored(const std::string& text, const std::string& what) {
  json out = json::parse(text, nullptr, false);
  if (out.is_discarded()) return Error::internal("corrupt " + what + " JSON in the store");
  return out;
}

AgentThreadRow row_of(const store::AgentThreadRecord& r) {
  AgentThreadRow t;
  t.id = r.id;
  t.agent = r.agent;
  t.status = r.status;
  t.reason = r.reason;
  t.trigger = r.trigger;
  t.step = r.step;
  t.approval_id = r.approval_id;
  t.llm_calls = r.llm_calls;
  t.tokens = r.tokens;
  t.created_at = r.created_at;
  t.updated_at = r.updated_at;
  return t;
}

Result<AgentStepRow> row_of(const store::AgentStepRecord& r) {
  AgentStepRow s;
  s.id = r.id;
  s.thread_id = r.thread_id;
  s.step = r.step;
  s.node = r.node;
  auto input = parse_stored(r.input, "agent step input");
  if (!input.ok()) return input.error();
  auto output = parse_stored(r.output, "agent step output");
  if (!output.ok()) return output.error();
  auto calls = parse_stored(r.tool_calls, "agent step tool_calls");
  if (!calls.ok()) return calls.error();
  s.input = std::move(input).value();
  s.output = std::move(output).value();
  s.tool_calls = std::move(calls).value();
  s.llm_calls = r.llm_calls;
  s.tokens = r.tokens;
  s.started_at = r.started_at;
  s.duration_ms = r.duration_ms;
  s.error = r.error;
  return s;
}

Status validate_save(const AgentThreadRow& thread, const AgentCheckpointRow& checkpoint,
                     const std::vector<AgentStepRow>& steps) {
  std::vector<FieldError> fields;
  if (thread.id.empty() || thread.id.size() > 200) {
    fields.push_back({"thread.id", "must be 1 to 200 characters"});
  }
  if (thread.agent.empty()) fields.push_back({"thread.agent", "is required"});
  if (!valid_thread_status(thread.status)) {
    fields.push_back({"thread.status", "must be running, interrupted, done, tripped or failed"});
  }
  if (thread.step < 0) fields.push_back({"thread.step", "must be >= 0"});
  if (!checkpoint.thread_id.empty() && checkpoint.thread_id != thread.id) {
    fields.push_back({"checkpoint.thread_id", "must be the thread's id"});
  }
  if (checkpoint.step < 0) fields.push_back({"checkpoint.step", "must be >= 0"});
  for (std::size_t i = 0; i < steps.size(); ++i) {
    if (!steps[i].thread_id.empty() && steps[i].thread_id != thread.id) {
      fields.push_back({"steps/" + std::to_string(i) + "/thread_id", "must be the thread's id"});
    }
    if (steps[i].node.empty())
      fields.push_back({"steps/" + std::to_string(i) + "/node", "is required"});
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

}  // namespace

json json_of(const AgentThreadRow& t) {
  return {{"id", t.id},
          {"agent", t.agent},
          {"status", t.status},
          {"reason", t.reason},
          {"trigger", t.trigger},
          {"step", t.step},
          {"approval_id", t.approval_id == 0 ? json(nullptr) : json(t.approval_id)},
          {"llm_calls", t.llm_calls},
          {"tokens", t.tokens},
          {"created_at", format_iso8601(t.created_at)},
          {"updated_at", format_iso8601(t.updated_at)}};
}

json json_of(const AgentStepRow& s) {
  return {{"step", s.step},
          {"node", s.node},
          {"input", s.input},
          {"output", s.output},
          {"tool_calls", s.tool_calls.is_null() ? json::array() : s.tool_calls},
          {"llm_calls", s.llm_calls},
          {"tokens", s.tokens},
          {"started_at", format_iso8601(s.started_at)},
          {"duration_ms", s.duration_ms},
          {"error", s.error}};
}

Status AgentLedger::save_checkpoint(const Principal& who, const AgentThreadRow& thread,
                                    const AgentCheckpointRow& checkpoint,
                                    const std::vector<AgentStepRow>& steps) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  KERF_TRY(validate_save(thread, checkpoint, steps));
  const std::string document = checkpoint.document.dump();
  return changes_.run(who, [&](Change& c) -> Status {
    auto existing = store::find_agent_thread(c.tx(), thread.id);
    if (!existing.ok()) return existing.error();
    auto latest = store::latest_agent_checkpoint(c.tx(), thread.id);
    if (!latest.ok()) return latest.error();
    if (latest->has_value() && (*latest)->step >= checkpoint.step) {
      return Error::conflict("agent thread " + thread.id + " already has checkpoint step " +
                             std::to_string((*latest)->step) + " (saving step " +
                             std::to_string(checkpoint.step) + ")");
    }
    store::AgentThreadRecord rec;
    rec.id = thread.id;
    rec.agent = thread.agent;
    rec.status = thread.status;
    rec.reason = thread.reason;
    rec.trigger = thread.trigger;
    rec.step = thread.step;
    rec.approval_id = thread.approval_id;
    rec.llm_calls = thread.llm_calls;
    rec.tokens = thread.tokens;
    rec.created_at = existing->has_value() ? (*existing)->created_at : c.now();
    rec.updated_at = c.now();
    KERF_TRY(store::save_agent_thread(c.tx(), rec));
    KERF_TRY(
        store::insert_agent_checkpoint(c.tx(), {thread.id, checkpoint.step, document, c.now()}));
    for (const AgentStepRow& s : steps) {
      store::AgentStepRecord sr;
      sr.thread_id = thread.id;
      sr.step = s.step;
      sr.node = s.node;
      sr.input = s.input.dump();
      sr.output = s.output.dump();
      sr.tool_calls = s.tool_calls.is_null() ? "[]" : s.tool_calls.dump();
      sr.llm_calls = s.llm_calls;
      sr.tokens = s.tokens;
      sr.started_at = s.started_at == TimePoint{} ? c.now() : s.started_at;
      sr.duration_ms = s.duration_ms;
      sr.error = s.error;
      auto id = store::insert_agent_step(c.tx(), sr);
      if (!id.ok()) return id.error();
    }
    const bool created = !existing->has_value();
    const bool status_changed = created || (*existing)->status != rec.status;
    const bool approval_changed = created || (*existing)->approval_id != rec.approval_id;
    const json after = json_of(row_of(rec));
    if (created) {
      KERF_TRY(c.audit("agent_thread", 0, "create", nullptr, after));
    } else if (status_changed) {
      KERF_TRY(c.audit("agent_thread", 0, rec.status, json_of(row_of(**existing)), after));
    }
    if (status_changed || approval_changed) {
      KERF_TRY(
          c.emit("agent.thread.updated",
                 {{"thread_id", rec.id},
                  {"agent", rec.agent},
                  {"status", rec.status},
                  {"step", rec.step},
                  {"approval_id", rec.approval_id == 0 ? json(nullptr) : json(rec.approval_id)}}));
    }
    return ok_status();
  });
}

Result<AgentCheckpointRow> AgentLedger::latest_checkpoint(const Principal& who,
                                                          const std::string& thread_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<AgentCheckpointRow> {
    auto latest = store::latest_agent_checkpoint(tx, thread_id);
    if (!latest.ok()) return latest.error();
    if (!latest->has_value()) {
      return Error::not_found("agent thread " + thread_id + " has no checkpoint");
    }
    auto doc = parse_stored((*latest)->document, "agent checkpoint");
    if (!doc.ok()) return doc.error();
    return AgentCheckpointRow{(*latest)->thread_id, (*latest)->step, std::move(doc).value(),
                              (*latest)->created_at};
  });
}

Result<store::Page<AgentThreadRow>> AgentLedger::threads(const Principal& who,
                                                         const store::ListQuery& query) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<store::Page<AgentThreadRow>> {
    auto page = store::list_agent_threads(tx, query);
    if (!page.ok()) return page.error();
    store::Page<AgentThreadRow> out;
    out.total = page->total;
    for (const auto& r : page->items) out.items.push_back(row_of(r));
    return out;
  });
}

Result<AgentThreadRow> AgentLedger::thread(const Principal& who, const std::string& thread_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<AgentThreadRow> {
    auto found = store::find_agent_thread(tx, thread_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) return Error::not_found("agent thread " + thread_id + " not found");
    return row_of(**found);
  });
}

Result<std::vector<AgentStepRow>> AgentLedger::steps(const Principal& who,
                                                     const std::string& thread_id) {
  KERF_TRY(authorize(who, Permission::kRead));
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<AgentStepRow>> {
    auto found = store::find_agent_thread(tx, thread_id);
    if (!found.ok()) return found.error();
    if (!found->has_value()) return Error::not_found("agent thread " + thread_id + " not found");
    auto rows = store::agent_steps_of(tx, thread_id);
    if (!rows.ok()) return rows.error();
    std::vector<AgentStepRow> out;
    out.reserve(rows->size());
    for (const auto& r : *rows) {
      auto s = row_of(r);
      if (!s.ok()) return s.error();
      out.push_back(std::move(s).value());
    }
    return out;
  });
}

Result<std::vector<AgentThreadRow>> AgentLedger::running_threads(const Principal& who) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<AgentThreadRow>> {
    auto rows = store::agent_threads_with_status(tx, "running");
    if (!rows.ok()) return rows.error();
    std::vector<AgentThreadRow> out;
    for (const auto& r : *rows) out.push_back(row_of(r));
    return out;
  });
}

Result<std::vector<Event>> AgentLedger::events_after(const Principal& who, int64_t cursor,
                                                     const std::vector<std::string>& prefixes,
                                                     int64_t limit) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  if (limit < 1 || limit > 10000) return Error::invalid("limit", "must be between 1 and 10000");
  const TimePoint now = changes_.env().now();
  return changes_.db().read([&](store::Tx& tx) -> Result<std::vector<Event>> {
    std::optional<TimePoint> before;
    if (tx.backend() == store::Backend::kPostgres) before = now - kCursorGrace;
    auto rows = store::events_after_with_prefixes(tx, cursor, prefixes, limit, before);
    if (!rows.ok()) return rows.error();
    std::vector<Event> out;
    out.reserve(rows->size());
    for (auto& r : *rows) out.push_back(Event{r.id, r.topic, std::move(r.payload), r.created_at});
    return out;
  });
}

Result<int64_t> AgentLedger::cursor(const Principal& who, const std::string& name) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  return changes_.db().read([&](store::Tx& tx) -> Result<int64_t> {
    auto value = store::get_agent_cursor(tx, name);
    if (!value.ok()) return value.error();
    return value->value_or(0);
  });
}

Status AgentLedger::set_cursor(const Principal& who, const std::string& name, int64_t value) {
  KERF_TRY(authorize(who, Permission::kAgentWork));
  if (name.empty()) return Error::invalid("name", "is required");
  return changes_.db().transact(
      [&](store::Tx& tx) { return store::advance_agent_cursor(tx, name, value); });
}

}  // namespace kerf::app
