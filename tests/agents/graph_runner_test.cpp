// Runner: super-steps, deterministic barrier order, a checkpoint per super-step, crash recovery,
// idempotent start, interrupt/resume, node failures.
#include <gtest/gtest.h>

#include <cstdio>

#include "graph_fixture.h"
#include "kerf/agents/graph/checkpoint_json.h"

namespace kerf::agents {
namespace {

using testing::Calls;
using testing::note_node;
using testing::RunnerFixture;
using testing::shop_schema;

// gather -> check -> finish
Graph linear(Calls& calls) {
  Graph g("linear", shop_schema());
  g.add_node("gather", note_node(calls, "gather"))
      .add_node("check", note_node(calls, "check"))
      .add_node("finish", note_node(calls, "finish"))
      .add_edge("gather", "check")
      .add_edge("check", "finish")
      .set_entry("gather");
  return g;
}

TEST(RunnerTest, RunsToTheEndWithACheckpointPerSuperStep) {
  RunnerFixture f;
  Calls calls;
  Graph g = linear(calls);
  auto out = f.runner->start(g, "t1", {{"trigger", {{"kind", "scan"}}}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, ThreadStatus::kDone);
  EXPECT_EQ(out->steps, 3);
  EXPECT_EQ(out->state["notes"], Json::array({"gather", "check", "finish"}));
  EXPECT_EQ(out->state["trigger"]["kind"], "scan");

  auto cps = f.store.checkpoints("t1");
  ASSERT_EQ(cps.size(), 4u);  // the start (step 0) and one per super-step
  for (size_t i = 0; i < cps.size(); ++i) EXPECT_EQ(cps[i]["step"], static_cast<int64_t>(i));
  EXPECT_EQ(cps[0]["next"], Json::array({"gather"}));
  EXPECT_EQ(cps[1]["next"], Json::array({"check"}));
  EXPECT_EQ(cps[1]["status"], "running");
  EXPECT_EQ(cps[3]["status"], "done");
  EXPECT_EQ(cps[3]["next"], Json::array());
  EXPECT_EQ(cps[3]["visits"], Json({{"gather", 1}, {"check", 1}, {"finish", 1}}));

  auto steps = f.store.steps("t1");
  ASSERT_EQ(steps.size(), 3u);
  EXPECT_EQ(steps[0].node, "gather");
  EXPECT_EQ(steps[0].step, 1);
  EXPECT_EQ(steps[1].input["notes"], Json::array({"gather"}));
  EXPECT_EQ(steps[2].output, Json({{"notes", "finish"}}));
  EXPECT_TRUE(steps[2].error.empty());
}

TEST(RunnerTest, ParallelNodesApplyInNameOrder) {
  // fan -> {zeta, alpha} (added in that order) -> join; both write the append channel.
  for (int round = 0; round < 2; ++round) {
    RunnerFixture f;
    Calls calls;
    Graph g("fan", shop_schema());
    g.add_node("fan", note_node(calls, "fan"));
    if (round == 0) {
      g.add_node("zeta", note_node(calls, "zeta")).add_node("alpha", note_node(calls, "alpha"));
      g.add_edge("fan", "zeta").add_edge("fan", "alpha");
    } else {
      g.add_node("alpha", note_node(calls, "alpha")).add_node("zeta", note_node(calls, "zeta"));
      g.add_edge("fan", "alpha").add_edge("fan", "zeta");
    }
    g.add_node("join", note_node(calls, "join"))
        .add_edge("zeta", "join")
        .add_edge("alpha", "join")
        .set_entry("fan");
    auto out = f.runner->start(g, "t", Json::object());
    ASSERT_TRUE(out.ok()) << out.error().message;
    EXPECT_EQ(out->state["notes"], Json::array({"fan", "alpha", "zeta", "join"}));
    EXPECT_EQ(out->steps, 3);  // alpha and zeta share super-step 2; join runs once
    EXPECT_EQ(calls["join"], 1);
    auto steps = f.store.steps("t");
    ASSERT_EQ(steps.size(), 4u);
    EXPECT_EQ(steps[1].node, "alpha");
    EXPECT_EQ(steps[2].node, "zeta");
    EXPECT_EQ(steps[1].step, 2);
    EXPECT_EQ(steps[2].step, 2);
    // Both read the same snapshot: neither sees the other's write.
    EXPECT_EQ(steps[2].input["notes"], Json::array({"fan"}));
  }
}

TEST(RunnerTest, ConditionalEdgesLoopUntilTheRouterEnds) {
  RunnerFixture f;
  Graph g("loop", shop_schema());
  g.add_node("inc", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"count", 1}};
    return r;
  });
  g.add_conditional_edges("inc", [](const Json& s) {
    return s["count"].get<int>() < 3 ? std::vector<std::string>{"inc"}
                                     : std::vector<std::string>{kEnd};
  });
  g.set_entry("inc");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kDone);
  EXPECT_EQ(out->state["count"], 3);
}

TEST(RunnerTest, CrashBeforeACheckpointReRunsOnlyThatSuperStep) {
  RunnerFixture f;
  Calls calls;
  Graph g = linear(calls);
  f.store.fail_save_at_step(2);  // the checkpoint after "check" is lost: a crash
  auto crashed = f.runner->start(g, "t", Json::object());
  ASSERT_FALSE(crashed.ok());
  EXPECT_EQ(crashed.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(calls["gather"], 1);
  EXPECT_EQ(calls["check"], 1);
  EXPECT_EQ(calls["finish"], 0);
  auto latest = f.store.latest("t");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->step, 1);
  EXPECT_EQ(latest->status, ThreadStatus::kRunning);

  f.restart();
  auto out = f.runner->proceed(g, "t");
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, ThreadStatus::kDone);
  EXPECT_EQ(calls["gather"], 1);  // nothing before the lost step runs again
  EXPECT_EQ(calls["check"], 2);   // the lost step runs again
  EXPECT_EQ(calls["finish"], 1);
  EXPECT_EQ(out->state["notes"], Json::array({"gather", "check", "finish"}));
  auto cps = f.store.checkpoints("t");
  ASSERT_EQ(cps.size(), 4u);
  EXPECT_EQ(cps.back()["visits"]["check"], 1);  // the lost run is not counted
}

TEST(RunnerTest, StartIsIdempotentPerThread) {
  RunnerFixture f;
  Calls calls;
  Graph g = linear(calls);
  ASSERT_TRUE(f.runner->start(g, "t", Json::object()).ok());
  auto again = f.runner->start(g, "t", {{"trigger", "other"}});
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->status, ThreadStatus::kDone);
  EXPECT_EQ(again->state["trigger"], nullptr);  // the first input, not the second
  EXPECT_EQ(calls["gather"], 1);
  EXPECT_EQ(f.store.checkpoints("t").size(), 4u);

  // A running thread found by start() is continued, not restarted.
  f.store.fail_save_at_step(2);
  ASSERT_FALSE(f.runner->start(g, "u", Json::object()).ok());
  auto cont = f.runner->start(g, "u", Json::object());
  ASSERT_TRUE(cont.ok());
  EXPECT_EQ(cont->status, ThreadStatus::kDone);
  EXPECT_EQ(calls["gather"], 2);  // once for t, once for u

  Graph other("other", shop_schema());
  other.add_node("x", note_node(calls, "x")).set_entry("x");
  auto wrong = f.runner->start(other, "t", Json::object());
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kConflict);
}

// gather -> propose (interrupts, approval 42) -> apply (reads the decision)
Graph gated(Calls& calls) {
  Graph g("gated", shop_schema());
  g.add_node("gather", note_node(calls, "gather"));
  g.add_node("propose", [&calls](NodeContext&) -> Result<NodeResult> {
    ++calls.n["propose"];
    NodeResult r;
    r.update = {{"notes", "proposed"}};
    r.interrupt = Interrupt{"substitute S235 3mm", 42, {{"gate", "material_shortage"}}};
    return r;
  });
  g.add_node("apply", [&calls](NodeContext& ctx) -> Result<NodeResult> {
    ++calls.n["apply"];
    NodeResult r;
    r.update = {{"outcome", ctx.state["decision"]["verdict"].get<std::string>() + " by " +
                                ctx.state["decision"]["decided_by"].get<std::string>()}};
    return r;
  });
  g.add_edge("gather", "propose").add_edge("propose", "apply").set_entry("gather");
  return g;
}

TEST(RunnerTest, InterruptParksAndResumeContinues) {
  RunnerFixture f;
  Calls calls;
  Graph g = gated(calls);
  auto parked = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(parked.ok()) << parked.error().message;
  EXPECT_EQ(parked->status, ThreadStatus::kInterrupted);
  EXPECT_EQ(parked->reason, "substitute S235 3mm");
  EXPECT_EQ(parked->state["notes"], Json::array({"gather", "proposed"}));
  auto cp = f.store.latest("t");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->interrupted_node, "propose");
  ASSERT_TRUE(cp->interrupt.has_value());
  EXPECT_EQ(cp->interrupt->approval_id, 42);
  EXPECT_TRUE(cp->next.empty());
  EXPECT_EQ(f.store.steps("t").back().output["interrupt"]["approval_id"], 42);

  // start() and proceed() do not move an interrupted thread.
  ASSERT_EQ(f.runner->start(g, "t", Json::object())->status, ThreadStatus::kInterrupted);
  ASSERT_EQ(f.runner->proceed(g, "t")->status, ThreadStatus::kInterrupted);
  EXPECT_EQ(calls["propose"], 1);

  // A day waiting for the human does not count against the deadline.
  f.clock.advance(std::chrono::hours(24));
  f.restart();
  Decision d{"approve", nullptr, "ok", "planner1", 42};
  auto wrong = f.runner->resume(g, "t", Decision{"approve", nullptr, "", "p", 41});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kFailedPrecondition);
  auto bad = f.runner->resume(g, "t", Decision{"maybe", nullptr, "", "p", 42});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "verdict");

  auto done = f.runner->resume(g, "t", d);
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status, ThreadStatus::kDone);
  EXPECT_EQ(done->state["outcome"], "approve by planner1");
  EXPECT_EQ(done->reason, "approve by planner1");
  EXPECT_EQ(done->state["decision"]["comment"], "ok");
  EXPECT_EQ(done->state["decision"]["approval_id"], 42);
  EXPECT_EQ(calls["apply"], 1);
  EXPECT_EQ(calls["propose"], 1);
  auto steps = f.store.steps("t");
  ASSERT_EQ(steps.size(), 4u);
  EXPECT_EQ(steps[2].node, "__resume__");
  EXPECT_EQ(steps[2].output["decision"]["verdict"], "approve");

  auto twice = f.runner->resume(g, "t", d);
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
  EXPECT_EQ(calls["apply"], 1);

  auto unknown = f.runner->resume(g, "nope", d);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

TEST(RunnerTest, ResumeSurvivesACrashAfterTheDecision) {
  RunnerFixture f;
  Calls calls;
  Graph g = gated(calls);
  ASSERT_TRUE(f.runner->start(g, "t", Json::object()).ok());
  f.store.fail_save_at_step(4);  // the checkpoint after "apply" is lost
  auto crashed = f.runner->resume(g, "t", Decision{"reject", nullptr, "no", "lead", 42});
  ASSERT_FALSE(crashed.ok());
  f.restart();
  // The decision is durable (step 3): the thread is running and proceed() finishes it.
  auto again = f.runner->resume(g, "t", Decision{"reject", nullptr, "no", "lead", 42});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kFailedPrecondition);
  auto out = f.runner->proceed(g, "t");
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kDone);
  EXPECT_EQ(out->state["outcome"], "reject by lead");
  EXPECT_EQ(calls["propose"], 1);
}

TEST(RunnerTest, ResumeNeedsADecisionChannel) {
  RunnerFixture f;
  StateSchema s;
  ASSERT_TRUE(s.add({"notes", Reducer::kAppend, Json::array()}).ok());
  Graph g("nodecision", s);
  g.add_node("ask", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.interrupt = Interrupt{"ask", 0, nullptr};
    return r;
  });
  g.set_entry("ask");
  ASSERT_EQ(f.runner->start(g, "t", Json::object())->status, ThreadStatus::kInterrupted);
  auto r = f.runner->resume(g, "t", Decision{"approve", nullptr, "", "p", 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).field, "decision");
}

TEST(RunnerTest, NodeErrorFailsTheThreadWithItsMessage) {
  RunnerFixture f;
  Calls calls;
  Graph g("failing", shop_schema());
  g.add_node("gather", note_node(calls, "gather"));
  g.add_node("query", [](NodeContext&) -> Result<NodeResult> {
    return Error::unavailable("database is down");
  });
  g.add_node("throws",
             [](NodeContext&) -> Result<NodeResult> { throw std::runtime_error("boom"); });
  g.add_edge("gather", "query").set_entry("gather");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kFailed);
  EXPECT_EQ(out->reason, "node 'query' failed: database is down");
  EXPECT_EQ(out->state["notes"], Json::array({"gather"}));
  auto steps = f.store.steps("t");
  ASSERT_EQ(steps.size(), 2u);
  EXPECT_EQ(steps[1].error, "database is down");

  Graph g2("throwing", shop_schema());
  g2.add_node("throws",
              [](NodeContext&) -> Result<NodeResult> { throw std::runtime_error("boom"); });
  g2.set_entry("throws");
  auto thrown = f.runner->start(g2, "t2", Json::object());
  ASSERT_TRUE(thrown.ok());
  EXPECT_EQ(thrown->status, ThreadStatus::kFailed);
  EXPECT_NE(thrown->reason.find("boom"), std::string::npos);

  Graph g3("badroute", shop_schema());
  g3.add_node("a", note_node(calls, "a"));
  g3.add_conditional_edges("a", [](const Json&) { return std::vector<std::string>{"ghost"}; });
  g3.set_entry("a");
  auto routed = f.runner->start(g3, "t3", Json::object());
  ASSERT_TRUE(routed.ok());
  EXPECT_EQ(routed->status, ThreadStatus::kFailed);
  EXPECT_NE(routed->reason.find("'ghost'"), std::string::npos) << routed->reason;

  Graph g4("badupdate", shop_schema());
  g4.add_node("a", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"undeclared", 1}};
    return r;
  });
  g4.set_entry("a");
  auto rejected = f.runner->start(g4, "t4", Json::object());
  ASSERT_TRUE(rejected.ok());
  EXPECT_EQ(rejected->status, ThreadStatus::kFailed);
  EXPECT_NE(rejected->reason.find("a.undeclared"), std::string::npos) << rejected->reason;
}

TEST(RunnerTest, InvalidGraphOrInputIsRefused) {
  RunnerFixture f;
  Graph g("noentry", shop_schema());
  EXPECT_EQ(f.runner->start(g, "t", Json::object()).error().code, ErrorCode::kInvalidArgument);
  Calls calls;
  Graph ok = linear(calls);
  EXPECT_FALSE(f.runner->start(ok, "t", {{"ghost", 1}}).ok());
  EXPECT_FALSE(f.runner->start(ok, "", Json::object()).ok());
  EXPECT_TRUE(f.store.checkpoints("t").empty());
}

TEST(RunnerTest, TwoInterruptsInOneSuperStepFailTheThread) {
  // Resuming one would silently pass the other's gate: the thread fails instead.
  RunnerFixture f;
  Calls calls;
  Graph g("twogates", shop_schema());
  g.add_node("fan", note_node(calls, "fan"));
  for (const char* name : {"gate_a", "gate_b"}) {
    g.add_node(name, [](NodeContext&) -> Result<NodeResult> {
      NodeResult r;
      r.interrupt = Interrupt{"wait", 1, nullptr};
      return r;
    });
    g.add_edge("fan", name);
  }
  g.set_entry("fan");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kFailed);
  EXPECT_EQ(out->reason,
            "nodes 'gate_a' and 'gate_b' interrupted in the same super-step (one interrupt per "
            "super-step)");
}

TEST(RunnerTest, InterruptNextToAPlainNodeKeepsItsRoute) {
  RunnerFixture f;
  Calls calls;
  Graph g("mixed", shop_schema());
  g.add_node("fan", note_node(calls, "fan"));
  g.add_node("ask", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.interrupt = Interrupt{"wait", 5, nullptr};
    return r;
  });
  g.add_node("log", note_node(calls, "log"));
  g.add_node("after_log", note_node(calls, "after_log"));
  g.add_node("after_ask", note_node(calls, "after_ask"));
  g.add_edge("fan", "ask").add_edge("fan", "log");
  g.add_edge("log", "after_log").add_edge("ask", "after_ask").set_entry("fan");
  auto parked = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(parked.ok());
  EXPECT_EQ(parked->status, ThreadStatus::kInterrupted);
  EXPECT_EQ(f.store.latest("t")->next, std::vector<std::string>{"after_log"});
  EXPECT_EQ(calls["after_log"], 0);
  auto done = f.runner->resume(g, "t", Decision{"edit", {{"qty", 2}}, "", "lead", 5});
  ASSERT_TRUE(done.ok());
  EXPECT_EQ(done->status, ThreadStatus::kDone);
  EXPECT_EQ(done->state["notes"], Json::array({"fan", "log", "after_ask", "after_log"}));
  EXPECT_EQ(done->state["decision"]["edited"]["qty"], 2);
}

// Not a timed assertion: prints the super-steps per second over the in-memory store (each
// checkpoint goes through the JSON document) for docs/agents_runtime.md.
TEST(RunnerTest, MeasuresSuperStepsPerSecond) {
  Limits l;
  l.max_super_steps = 1000000;
  l.max_node_visits = 1000000;
  l.deadline = std::chrono::hours(24);
  RunnerFixture f(l);
  constexpr int kSteps = 2000;
  Graph g("bench", shop_schema());
  g.add_node("work", [](NodeContext& ctx) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"count", 1}, {"facts", {{"last", ctx.step}}}};
    return r;
  });
  g.add_conditional_edges("work", [](const Json& s) {
    return s["count"].get<int>() < kSteps ? std::vector<std::string>{"work"}
                                          : std::vector<std::string>{kEnd};
  });
  g.set_entry("work");
  SystemClock wall;
  const auto t0 = wall.steady_now();
  auto out = f.runner->start(g, "bench", Json::object());
  const double s = std::chrono::duration<double>(wall.steady_now() - t0).count();
  ASSERT_TRUE(out.ok());
  ASSERT_EQ(out->steps, kSteps);
  std::printf("graph runtime: %d super-steps in %.3f s = %.0f super-steps/s (in-memory store)\n",
              kSteps, s, kSteps / s);
}

}  // namespace
}  // namespace kerf::agents
