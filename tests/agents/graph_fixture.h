// Shared pieces of the graph runtime tests: a schema with the channels the shop's agents use,
// counting nodes, and a runner over the in-memory store with a ManualClock.
#pragma once

#include <map>
#include <memory>
#include <string>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/runner.h"
#include "kerf/core/clock.h"
#include "memory_checkpoint_store.h"

namespace kerf::agents::testing {

// "trigger" replace, "decision" replace, "notes" append, "facts" merge, "count" sum,
// "breaker" replace, "outcome" replace.
inline StateSchema shop_schema() {
  StateSchema s;
  (void)s.add({"trigger", Reducer::kReplace, nullptr});
  (void)s.add({"decision", Reducer::kReplace, nullptr});
  (void)s.add({"notes", Reducer::kAppend, Json::array()});
  (void)s.add({"facts", Reducer::kMergeObject, Json::object()});
  (void)s.add({"count", Reducer::kSum, 0});
  (void)s.add({"breaker", Reducer::kReplace, nullptr});
  (void)s.add({"outcome", Reducer::kReplace, nullptr});
  return s;
}

// Counts node executions by name (what "nothing done twice" is checked against).
struct Calls {
  std::map<std::string, int> n;
  int operator[](const std::string& node) const {
    auto it = n.find(node);
    return it == n.end() ? 0 : it->second;
  }
};

// A node that counts its runs and appends its name to "notes".
inline NodeFn note_node(Calls& calls, const std::string& name) {
  return [&calls, name](NodeContext&) -> Result<NodeResult> {
    ++calls.n[name];
    NodeResult r;
    r.update = {{"notes", name}};
    return r;
  };
}

// A runner over a fresh store and a ManualClock at 2026-11-30T08:00Z.
struct RunnerFixture {
  explicit RunnerFixture(Limits l = {})
      : clock(TimePoint(std::chrono::sys_days(std::chrono::year{2026} / 11 / 30)) +
              std::chrono::hours(8)),
        limits(l),
        breaker(clock, l.agent_failure_threshold, l.agent_cooldown),
        runner(std::make_unique<Runner>(store, clock, limits, breaker)) {}

  // A new Runner over the same store (what a restart of kerf gives).
  void restart() { runner = std::make_unique<Runner>(store, clock, limits, breaker); }

  MemoryCheckpointStore store;
  ManualClock clock;
  Limits limits;
  AgentBreaker breaker;
  std::unique_ptr<Runner> runner;
};

}  // namespace kerf::agents::testing
