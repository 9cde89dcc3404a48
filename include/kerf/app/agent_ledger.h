// The agents' own records in kerf's database, written only through app like every other write
// (migration 10): threads (one row per agent thread, its status and latest step), checkpoints
// (one per super-step: state, next nodes, budget; saved together with the super-step's trace
// rows in one transaction) and the trace (one row per node execution). The agents module
// (kerf/agents) adapts it to its CheckpointStore; the API and the web read threads and traces.
// Also the agents' cursor over the outbox (durable event intake: events committed while kerf
// was down are still seen). docs/agents.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/result.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

struct AgentThreadRow {
  std::string id;           // thread id, e.g. "material/evt-812" (unique)
  std::string agent;        // graph name: supervisor, scheduler, dispatch, capacity, material,
                            // quality, customer, assistant
  std::string status;       // running, interrupted, done, tripped, failed
  std::string reason;       // readable end/interrupt reason
  std::string trigger;      // what started it, e.g. "event 812 material.below_safety_stock"
  int64_t step = 0;         // super-steps completed
  int64_t approval_id = 0;  // pending approval while interrupted (0 = none)
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  TimePoint created_at;
  TimePoint updated_at;
};

struct AgentCheckpointRow {
  std::string thread_id;
  int64_t step = 0;
  nlohmann::json document;  // the agents' Checkpoint as JSON (state, next, budget, visits, ...)
  TimePoint created_at;
};

struct AgentStepRow {
  int64_t id = 0;
  std::string thread_id;
  int64_t step = 0;
  std::string node;
  nlohmann::json input;
  nlohmann::json output;
  nlohmann::json tool_calls;  // [{tool, arguments, result, ok}]
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  TimePoint started_at;
  int64_t duration_ms = 0;
  std::string error;
};

// API/UI documents: thread {id, agent, status, reason, trigger, step, approval_id (null when
// 0), llm_calls, tokens, created_at, updated_at}; step {step, node, input, output, tool_calls,
// llm_calls, tokens, started_at, duration_ms, error}.
nlohmann::json json_of(const AgentThreadRow& thread);
nlohmann::json json_of(const AgentStepRow& step);

class AgentLedger {
 public:
  explicit AgentLedger(ChangeRunner& changes) : changes_(changes) {}

  // Agent principal (kerf/app/principal.h agent_principal()) or admin: saves the thread row
  // (insert or update), the checkpoint and the steps in one transaction. kConflict when the
  // thread already has a checkpoint with step >= checkpoint.step. Emits "agent.thread.updated"
  // {thread_id, agent, status, step, approval_id} when the status or approval changed; audits
  // thread creation and every status change (entity "agent_thread").
  Status save_checkpoint(const Principal& who, const AgentThreadRow& thread,
                         const AgentCheckpointRow& checkpoint,
                         const std::vector<AgentStepRow>& steps);
  // Any authenticated user: the latest checkpoint of a thread; kNotFound.
  Result<AgentCheckpointRow> latest_checkpoint(const Principal& who, const std::string& thread_id);
  // Any authenticated user: threads newest first (filters of ListQuery: status, agent).
  Result<store::Page<AgentThreadRow>> threads(const Principal& who, const store::ListQuery& query);
  Result<AgentThreadRow> thread(const Principal& who, const std::string& thread_id);
  // The trace of a thread in execution order; kNotFound for an unknown thread.
  Result<std::vector<AgentStepRow>> steps(const Principal& who, const std::string& thread_id);
  // Threads whose status is running (to proceed after a restart).
  Result<std::vector<AgentThreadRow>> running_threads(const Principal& who);

  // On PostgreSQL events_after returns only events older than this: concurrent writers commit
  // sequence ids out of order, so a younger event may still get a smaller id.
  static constexpr std::chrono::seconds kCursorGrace{2};

  // Agent principal: outbox events with id > cursor (published or not, committed), topics
  // starting with any of `prefixes`, at most `limit`, oldest first (see kCursorGrace).
  Result<std::vector<Event>> events_after(const Principal& who, int64_t cursor,
                                          const std::vector<std::string>& prefixes, int64_t limit);
  // Agent principal: the named cursor (0 when never set) and its update (monotonic: a lower
  // value is ignored).
  Result<int64_t> cursor(const Principal& who, const std::string& name);
  Status set_cursor(const Principal& who, const std::string& name, int64_t value);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
