// The shop agents' records (migration 10): threads, checkpoints (one per super-step), the trace
// (one row per node execution) and the agents' named cursors over the outbox. JSON documents
// are stored as text; app::AgentLedger (kerf/app/agent_ledger.h) parses them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/outbox_repo.h"
#include "kerf/store/page.h"

namespace kerf::store {

struct AgentThreadRecord {
  std::string id;
  std::string agent;
  std::string status;  // running, interrupted, done, tripped, failed
  std::string reason;
  std::string trigger;  // column trigger_text
  int64_t step = 0;
  int64_t approval_id = 0;  // 0 = none (NULL)
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  TimePoint created_at;
  TimePoint updated_at;
  friend bool operator==(const AgentThreadRecord&, const AgentThreadRecord&) = default;
};

struct AgentCheckpointRecord {
  std::string thread_id;
  int64_t step = 0;
  std::string document;  // JSON text
  TimePoint created_at;
};

struct AgentStepRecord {
  int64_t id = 0;
  std::string thread_id;
  int64_t step = 0;
  std::string node;
  std::string input;       // JSON text
  std::string output;      // JSON text
  std::string tool_calls;  // JSON text (array)
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  TimePoint started_at;
  int64_t duration_ms = 0;
  std::string error;
};

// The thread, or nullopt.
Result<std::optional<AgentThreadRecord>> find_agent_thread(Tx& tx, const std::string& id);
// Inserts the thread, or updates every column of the existing one.
Status save_agent_thread(Tx& tx, const AgentThreadRecord& thread);
// Threads newest first (created_at descending, then id); filters "status", "agent" only
// (kInvalidArgument naming another field); limit 1..1000, offset >= 0.
Result<Page<AgentThreadRecord>> list_agent_threads(Tx& tx, const ListQuery& query);
// Every thread with this status, oldest first.
Result<std::vector<AgentThreadRecord>> agent_threads_with_status(Tx& tx, const std::string& status);

// The checkpoint with the highest step of the thread, or nullopt.
Result<std::optional<AgentCheckpointRecord>> latest_agent_checkpoint(Tx& tx,
                                                                     const std::string& thread_id);
// Inserts a checkpoint (kConflict when (thread_id, step) exists).
Status insert_agent_checkpoint(Tx& tx, const AgentCheckpointRecord& checkpoint);

// Appends a trace row; returns its id.
Result<int64_t> insert_agent_step(Tx& tx, const AgentStepRecord& step);
// The trace of a thread in execution order (id ascending).
Result<std::vector<AgentStepRecord>> agent_steps_of(Tx& tx, const std::string& thread_id);

// The named cursor, or nullopt when never set.
Result<std::optional<int64_t>> get_agent_cursor(Tx& tx, const std::string& name);
// Sets the cursor to max(current, value) (monotonic).
Status advance_agent_cursor(Tx& tx, const std::string& name, int64_t value);

// Up to `limit` outbox events with id > after_id whose topic starts with one of `prefixes`
// (all topics when empty), oldest first; with `created_before`, only events created at or
// before it (see store::events_after).
Result<std::vector<OutboxEvent>> events_after_with_prefixes(
    Tx& tx, int64_t after_id, const std::vector<std::string>& prefixes, int64_t limit,
    std::optional<TimePoint> created_before = {});

}  // namespace kerf::store
