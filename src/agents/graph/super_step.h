// One super-step's node executions (plain nodes and subgraphs run to their end) with the
// per-node breaker checks. Private to the runner (runner.cpp). docs/agents_runtime.md.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/runner.h"

namespace kerf::agents::detail {

// What the runner lends to every node execution of one super-step.
struct StepEnv {
  Checkpoint& cp;    // budget and visits are updated in place
  int64_t step = 0;  // the super-step being run (cp.step + 1)
  const Clock& clock;
  const Limits& limits;
  LlmClient* llm = nullptr;
  std::vector<StepRecord>& records;  // the trace of this super-step
  bool fallback = false;             // running the fallback node: no breaker checks, no model
};

// How one node execution ended.
struct NodeOutcome {
  std::optional<NodeResult> result;  // set on success
  std::string failure;               // node error ("node 'x' failed: ...")
  std::string trip;                  // a breaker tripped ("breaker: ...")
};

// The breaker reasons checked before a super-step runs `next` (super-steps, deadline, visits),
// "" when none trips. `prefix` names the enclosing subgraph node ("" at the top) and
// `super_steps` counts the super-steps run so far at this level.
std::string check_before(const StepEnv& env, const std::string& prefix,
                         const std::vector<std::string>& next, int64_t super_steps);

// Budget breakers after a node ran (LLM calls, tokens, identical tool calls, deadline).
std::string check_after(const StepEnv& env);

// Runs node `name` of `graph` on `snapshot`: counts the visit, records the step(s), checks the
// breakers. A subgraph node runs its graph to the end (its steps recorded as "<node>/<inner>")
// and answers the update of the channels it shares with `graph`.
NodeOutcome execute_node(const Graph& graph, const std::string& name, const std::string& prefix,
                         const Json& snapshot, StepEnv& env);

// Next nodes of the super-step that ran `ran` (sorted, unique); an error naming an unknown
// node a router answered.
Result<std::vector<std::string>> route(const Graph& graph, const std::vector<std::string>& ran,
                                       const Json& state);

}  // namespace kerf::agents::detail
