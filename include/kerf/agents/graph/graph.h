// An agent graph: named nodes over a StateSchema, static and conditional edges, an entry node
// and a fallback node (where a tripped circuit breaker routes). Nodes are plain C++ functions;
// a node calls tools (app queries/use cases through the agent's Toolbox), may call the language
// model, and returns a state update, or parks the thread with an interrupt waiting for a human.
// docs/agents_runtime.md.
#pragma once

#include <chrono>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/state.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::agents {

// The end of the graph: a router returning it (or a node with no outgoing edge) ends the thread.
inline constexpr const char* kEnd = "__end__";

// One tool call a node made (recorded in the step trace and fed to the repeated-call breaker).
struct ToolCallRecord {
  std::string tool;
  Json arguments;
  Json result;       // the tool's answer (or {"error": ...})
  bool ok = true;
};

// A human decision the thread must wait for (stored with the checkpoint; the approval it opened
// is its `approval_id`).
struct Interrupt {
  std::string reason;  // readable, e.g. "rush order J-24090 moves 5 jobs"
  int64_t approval_id = 0;
  Json payload;        // what the node wants shown / remembered
};

// A human decision resuming an interrupted thread.
struct Decision {
  std::string verdict;  // "approve", "reject" or "edit"
  Json edited;          // the edited action for "edit" (null otherwise)
  std::string comment;
  std::string decided_by;
  int64_t approval_id = 0;
};

// Per-thread budget counters, checked by the runner between and inside steps.
struct Budget {
  int64_t llm_calls = 0;
  int64_t tokens = 0;
  std::vector<std::string> tool_call_fingerprints;  // tool + canonical arguments, in order
};

class LlmClient;  // kerf/agents/llm/client.h
struct Limits;     // kerf/agents/graph/runner.h

// The fingerprint of a tool call for the repeated-call breaker: "<tool> <arguments as compact
// JSON with sorted keys>" (what a Toolbox appends to Budget::tool_call_fingerprints).
std::string tool_call_fingerprint(const std::string& tool, const Json& arguments);

// What a node sees.
struct NodeContext {
  const Json& state;          // the snapshot at the start of the super-step
  const std::string& thread_id;
  int64_t step = 0;           // super-step number
  const Clock& clock;
  LlmClient* llm = nullptr;   // null when no model is configured (deterministic path)
  Budget& budget;             // the node adds its LLM calls/tokens (the LLM client helper does)
  std::vector<ToolCallRecord>& tool_calls;  // the node appends each call it makes
  const Limits* limits = nullptr;  // the thread's limits (set by the runner; see check_budget)
};

// What a node returns.
struct NodeResult {
  Json update = Json::object();        // partial state
  std::optional<Interrupt> interrupt;  // park the thread after this super-step
};

using NodeFn = std::function<Result<NodeResult>(NodeContext&)>;
// A conditional edge: the next nodes (or kEnd) from the state after the barrier.
using Router = std::function<std::vector<std::string>(const Json& state)>;

class Graph {
 public:
  explicit Graph(std::string name, StateSchema schema);

  const std::string& name() const { return name_; }
  const StateSchema& schema() const { return schema_; }

  // Builders; names must be unique and non-empty (checked by validate()).
  Graph& add_node(std::string name, NodeFn fn);
  Graph& add_edge(std::string from, std::string to);
  Graph& add_conditional_edges(std::string from, Router router);
  Graph& set_entry(std::string node);
  // Node run when a breaker trips (it receives the reason in state channel "breaker" if the
  // schema declares it); it must not call tools or the model. Default: end at once.
  Graph& set_fallback(std::string node);
  // Embeds `sub` as one node: it runs `sub` to its end inside this super-step with the parent's
  // budget and records its steps as "<node>/<sub node>" (specialists are subgraphs).
  Graph& add_subgraph(std::string name, std::shared_ptr<const Graph> sub);

  // kInvalidArgument naming the offending node/edge: unknown targets, no entry, duplicates.
  Status validate() const;

  // Runner access.
  const NodeFn* node(const std::string& name) const;
  // Next nodes after `from` given the post-barrier state: static edges then routers' answers,
  // de-duplicated, sorted by name (deterministic); empty = end.
  std::vector<std::string> next(const std::string& from, const Json& state) const;
  const std::string& entry() const { return entry_; }
  const std::string& fallback() const { return fallback_; }
  // The embedded graph of a subgraph node (null for a plain node).
  const Graph* subgraph(const std::string& name) const;

 private:
  std::string name_;
  StateSchema schema_;
  std::map<std::string, NodeFn> nodes_;
  std::multimap<std::string, std::string> edges_;
  std::multimap<std::string, Router> routers_;
  std::string entry_;
  std::string fallback_;
  std::map<std::string, std::shared_ptr<const Graph>> subgraphs_;
  std::vector<std::string> problems_;  // builder misuse found before validate()
};

}  // namespace kerf::agents
