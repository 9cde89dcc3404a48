// Runs a Graph in super-steps with a checkpoint per super-step, interrupts and circuit breakers.
//
// Super-step k: plan (the active nodes, sorted by name) -> execute (each node against the same
// snapshot of the state) -> apply (updates through the reducers, in node-name order, at the
// barrier) -> route (next active set from the edges) -> checkpoint (state, next set, budget,
// status, and the step records of this super-step, saved in ONE store transaction). A crash
// before the checkpoint re-runs super-step k on resume: node effects must be idempotent (the
// agents key every app write, e.g. an approval by (thread, gate)).
//
// Breakers (Limits): super-steps, visits per node, LLM calls, tokens, wall-clock deadline since
// the thread started, the same tool call (tool + canonical arguments) repeated, and per agent
// (AgentBreaker) after consecutive failed threads. A tripped breaker runs the graph's fallback
// node and ends the thread with status "tripped" and a readable reason naming the breaker.
// docs/agents_runtime.md.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::agents {

struct Limits {
  int64_t max_super_steps = 25;
  int64_t max_node_visits = 8;        // per node per thread
  int64_t max_llm_calls = 12;         // per thread
  int64_t max_tokens = 24000;         // per thread (prompt + completion)
  std::chrono::seconds deadline{300};  // wall clock since the thread started (Clock::now)
  int64_t max_identical_tool_calls = 3;  // the same call this many times trips
  int64_t agent_failure_threshold = 3;   // consecutive failed/tripped threads open the breaker
  std::chrono::seconds agent_cooldown{600};  // open breaker: new threads refused this long
};

// For nodes that loop over the model: kResourceExhausted with the breaker's reason ("breaker:
// ...") when the thread's LLM-call or token budget is used up (ctx.limits null = no limit).
// The runner trips the thread when a node returns this error.
Status check_budget(const NodeContext& ctx);

enum class ThreadStatus { kRunning, kInterrupted, kDone, kTripped, kFailed };
// "running", "interrupted", "done", "tripped", "failed"
std::string_view to_string(ThreadStatus s);
Result<ThreadStatus> parse_thread_status(std::string_view text);

// The durable position of a thread after a super-step.
struct Checkpoint {
  std::string thread_id;
  std::string agent;               // graph name
  int64_t step = 0;                // super-steps completed
  Json state;
  std::vector<std::string> next;   // active set of the next super-step (empty when ended)
  ThreadStatus status = ThreadStatus::kRunning;
  std::string reason;              // tripped/failed reason, or the interrupt's reason
  std::optional<Interrupt> interrupt;  // set while kInterrupted
  std::string interrupted_node;    // routing resumes from this node's edges
  Budget budget;
  std::map<std::string, int64_t> visits;  // node -> times run
  TimePoint started_at;
  TimePoint updated_at;
  // Base of the wall-clock deadline: the start, or the last resume (time spent waiting for a
  // human does not count).
  TimePoint running_since;
};

// One node execution (the trace).
struct StepRecord {
  std::string thread_id;
  int64_t step = 0;
  std::string node;                // "<subgraph node>/<inner node>" inside subgraphs
  Json input;                      // the channels the node read (the snapshot)
  Json output;                     // its update, or {"interrupt": ...}
  std::vector<ToolCallRecord> tool_calls;
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  TimePoint started_at;
  int64_t duration_ms = 0;
  std::string error;               // "" when the node succeeded
};

// Where checkpoints live (app::AgentLedger over SQLite/PostgreSQL in kerf; in memory in tests).
class CheckpointStore {
 public:
  virtual ~CheckpointStore() = default;
  // Saves `cp` and `steps` atomically (one transaction). kConflict when a checkpoint with a
  // step >= cp.step exists for the thread (another runner got there first).
  virtual Status save(const Checkpoint& cp, const std::vector<StepRecord>& steps) = 0;
  // The latest checkpoint of `thread_id`; kNotFound when none.
  virtual Result<Checkpoint> latest(const std::string& thread_id) = 0;
};

// The outcome of start()/resume().
struct RunOutcome {
  std::string thread_id;
  ThreadStatus status = ThreadStatus::kRunning;
  std::string reason;
  int64_t steps = 0;
  Json state;
};

// Consecutive-failure breaker per agent (graph name). Thread-safe; state in memory (a restart
// closes every breaker).
class AgentBreaker {
 public:
  AgentBreaker(const Clock& clock, int64_t threshold, std::chrono::seconds cooldown);
  // False while the agent's breaker is open (threshold consecutive failures, cooldown not over).
  bool allow(const std::string& agent);
  void record(const std::string& agent, bool success);
  // "open" / "closed" per agent seen, with consecutive failures.
  Json snapshot() const;

 private:
  const Clock& clock_;
  int64_t threshold_;
  std::chrono::seconds cooldown_;
  mutable std::mutex mu_;
  struct State {
    int64_t failures = 0;
    std::optional<TimePoint> open_until;
  };
  std::map<std::string, State> agents_;
};

class Runner {
 public:
  // `llm` may be null. Everything must outlive the runner.
  Runner(CheckpointStore& store, const Clock& clock, Limits limits, AgentBreaker& breaker,
         LlmClient* llm = nullptr);

  // Starts thread `thread_id` of `graph` with `input` (partial state) and runs it until it
  // ends or interrupts. When the thread already exists it is not started again: its latest
  // checkpoint is returned if ended/interrupted, or it is continued if running (crash
  // recovery). kUnavailable when the agent's breaker is open (no thread is created).
  Result<RunOutcome> start(const Graph& graph, const std::string& thread_id, const Json& input);
  // Resumes an interrupted thread with `decision`: writes it to state channel "decision"
  // (which the schema must declare, reducer kReplace), then routes from the interrupted node.
  // kFailedPrecondition when the thread is not interrupted (e.g. decided twice).
  Result<RunOutcome> resume(const Graph& graph, const std::string& thread_id,
                            const Decision& decision);
  // Continues a thread whose latest checkpoint says running (after a restart).
  Result<RunOutcome> proceed(const Graph& graph, const std::string& thread_id);

 private:
  Result<RunOutcome> drive(const Graph& graph, Checkpoint cp);

  CheckpointStore& store_;
  const Clock& clock_;
  Limits limits_;
  AgentBreaker& breaker_;
  LlmClient* llm_;
};

}  // namespace kerf::agents
