// Every breaker of Limits trips, runs the fallback and ends the thread "tripped" with a reason
// naming the breaker and its limit; the AgentBreaker opens after consecutive failures.
#include <gtest/gtest.h>

#include "graph_fixture.h"

namespace kerf::agents {
namespace {

using testing::Calls;
using testing::note_node;
using testing::RunnerFixture;
using testing::shop_schema;

// A graph whose node `body` loops forever (a -> a, or a -> b -> a with `two`), with a fallback
// "stop" that records the breaker's reason in "outcome".
Graph looping(NodeFn body, bool two = false) {
  Graph g("looper", shop_schema());
  g.add_node("plan", std::move(body));
  if (two) {
    g.add_node("act", [](NodeContext&) -> Result<NodeResult> { return NodeResult{}; });
    g.add_edge("plan", "act").add_edge("act", "plan");
  } else {
    g.add_edge("plan", "plan");
  }
  g.add_node("stop", [](NodeContext& ctx) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"outcome", "stopped: " + ctx.state["breaker"].get<std::string>()}};
    return r;
  });
  g.set_entry("plan").set_fallback("stop");
  return g;
}

NodeFn idle() {
  return [](NodeContext&) -> Result<NodeResult> { return NodeResult{}; };
}

void expect_tripped(RunnerFixture& f, const Result<RunOutcome>& out, const std::string& reason) {
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, ThreadStatus::kTripped);
  EXPECT_EQ(out->reason, reason);
  EXPECT_EQ(out->state["breaker"], reason);
  EXPECT_EQ(out->state["outcome"], "stopped: " + reason);
  auto cp = f.store.latest(out->thread_id);
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->status, ThreadStatus::kTripped);
  EXPECT_TRUE(cp->next.empty());
  EXPECT_EQ(f.store.steps(out->thread_id).back().node, "stop");
}

TEST(BreakerTest, SuperStepLimitStopsACycle) {
  Limits l;
  l.max_super_steps = 5;
  RunnerFixture f(l);
  Graph g = looping(idle(), true);
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: 5 super-steps (limit 5)");
  EXPECT_EQ(f.store.checkpoints("t").back()["visits"]["plan"], 3);
}

TEST(BreakerTest, NodeVisitCap) {
  RunnerFixture f;  // max_node_visits 8
  Graph g = looping(idle());
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: node 'plan' visited 8 times (limit 8)");
  EXPECT_EQ(f.store.checkpoints("t").back()["visits"]["plan"], 8);
}

TEST(BreakerTest, LlmCallBudget) {
  Limits l;
  l.max_llm_calls = 3;
  RunnerFixture f(l);
  Graph g = looping([](NodeContext& ctx) -> Result<NodeResult> {
    ++ctx.budget.llm_calls;
    ctx.budget.tokens += 10;
    return NodeResult{};
  });
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: 4 LLM calls (limit 3)");
  auto steps = f.store.steps("t");
  EXPECT_EQ(steps.at(0).llm_calls, 1);
  EXPECT_EQ(steps.at(0).tokens, 10);
}

TEST(BreakerTest, NodeAskingCheckBudgetInsideAModelLoopTrips) {
  Limits l;
  l.max_llm_calls = 5;
  RunnerFixture f(l);
  // One node looping over the "model" until check_budget refuses.
  Graph g = looping([](NodeContext& ctx) -> Result<NodeResult> {
    for (;;) {
      auto st = check_budget(ctx);
      if (!st.ok()) return st.error();
      ++ctx.budget.llm_calls;
    }
  });
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: 5 LLM calls (limit 5)");
  EXPECT_EQ(f.store.steps("t").at(0).error, "breaker: 5 LLM calls (limit 5)");
}

TEST(BreakerTest, TokenBudget) {
  Limits l;
  l.max_tokens = 1000;
  RunnerFixture f(l);
  Graph g = looping([](NodeContext& ctx) -> Result<NodeResult> {
    ctx.budget.tokens += 400;
    return NodeResult{};
  });
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: 1200 tokens (limit 1000)");
}

TEST(BreakerTest, WallClockDeadline) {
  RunnerFixture f;  // deadline 300 s
  ManualClock& clock = f.clock;
  Graph g = looping([&clock](NodeContext&) -> Result<NodeResult> {
    clock.advance(std::chrono::seconds(120));
    return NodeResult{};
  });
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out, "breaker: deadline 300s passed (running 360s)");
}

TEST(BreakerTest, RepeatedIdenticalToolCall) {
  RunnerFixture f;  // max_identical_tool_calls 3
  Graph g = looping([](NodeContext& ctx) -> Result<NodeResult> {
    const Json args = {{"material", "S235"}, {"thickness_mm", 3}};
    ctx.tool_calls.push_back({"stock_levels", args, {{"sheets", 4}}, true});
    ctx.budget.tool_call_fingerprints.push_back(tool_call_fingerprint("stock_levels", args));
    return NodeResult{};
  });
  auto out = f.runner->start(g, "t", Json::object());
  expect_tripped(f, out,
                 "breaker: tool call 'stock_levels' repeated 3 times with the same arguments "
                 "(limit 3)");
  auto steps = f.store.steps("t");
  EXPECT_EQ(steps.at(0).tool_calls.at(0).tool, "stock_levels");
  EXPECT_EQ(steps.at(0).tool_calls.at(0).result["sheets"], 4);
}

TEST(BreakerTest, DifferentArgumentsDoNotTrip) {
  RunnerFixture f;
  int n = 0;
  Graph g = looping([&n](NodeContext& ctx) -> Result<NodeResult> {
    ctx.budget.tool_call_fingerprints.push_back(tool_call_fingerprint("job", {{"id", ++n}}));
    return NodeResult{};
  });
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->reason, "breaker: node 'plan' visited 8 times (limit 8)");
}

TEST(BreakerTest, WithoutFallbackTheThreadEndsAtOnce) {
  RunnerFixture f;
  StateSchema s;
  ASSERT_TRUE(s.add({"count", Reducer::kSum, 0}).ok());
  Graph g("bare", s);
  g.add_node("plan", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"count", 1}};
    return r;
  });
  g.add_edge("plan", "plan").set_entry("plan");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kTripped);
  EXPECT_EQ(out->reason, "breaker: node 'plan' visited 8 times (limit 8)");
  EXPECT_EQ(out->state["count"], 8);
  EXPECT_FALSE(f.runner->proceed(g, "t")->reason.empty());
}

TEST(BreakerTest, AgentBreakerOpensAfterConsecutiveFailuresUntilCooldown) {
  Limits l;
  l.agent_failure_threshold = 2;
  l.agent_cooldown = std::chrono::seconds(600);
  RunnerFixture f(l);
  bool fail = true;
  Graph g("flaky", shop_schema());
  g.add_node("work", [&fail](NodeContext&) -> Result<NodeResult> {
    if (fail) return Error::unavailable("peer down");
    return NodeResult{};
  });
  g.set_entry("work");

  ASSERT_EQ(f.runner->start(g, "t1", Json::object())->status, ThreadStatus::kFailed);
  EXPECT_TRUE(f.breaker.allow("flaky"));
  ASSERT_EQ(f.runner->start(g, "t2", Json::object())->status, ThreadStatus::kFailed);
  EXPECT_FALSE(f.breaker.allow("flaky"));
  EXPECT_TRUE(f.breaker.allow("other"));
  EXPECT_EQ(f.breaker.snapshot()["flaky"]["state"], "open");
  EXPECT_EQ(f.breaker.snapshot()["flaky"]["consecutive_failures"], 2);

  auto refused = f.runner->start(g, "t3", Json::object());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(refused.error().message,
            "breaker: agent 'flaky' is open after 2 consecutive failed threads (cooldown 600s)");
  EXPECT_TRUE(f.store.checkpoints("t3").empty());
  // An existing thread is still answered.
  EXPECT_EQ(f.runner->start(g, "t1", Json::object())->status, ThreadStatus::kFailed);

  f.clock.advance(std::chrono::seconds(601));
  fail = false;
  auto ok = f.runner->start(g, "t3", Json::object());
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->status, ThreadStatus::kDone);
  EXPECT_EQ(f.breaker.snapshot()["flaky"]["state"], "closed");
  EXPECT_EQ(f.breaker.snapshot()["flaky"]["consecutive_failures"], 0);

  // Tripped threads count as failures too.
  Limits tight;
  tight.agent_failure_threshold = 1;
  tight.max_node_visits = 1;
  RunnerFixture f2(tight);
  Graph loop = looping(idle());
  ASSERT_EQ(f2.runner->start(loop, "a", Json::object())->status, ThreadStatus::kTripped);
  EXPECT_FALSE(f2.breaker.allow("looper"));
}

}  // namespace
}  // namespace kerf::agents
