// Subgraph nodes: run to their end inside the parent's super-step with the parent's budget,
// steps recorded as "<node>/<inner>", shared channels handed back through the reducers.
#include <gtest/gtest.h>

#include "graph_fixture.h"

namespace kerf::agents {
namespace {

using testing::Calls;
using testing::note_node;
using testing::RunnerFixture;
using testing::shop_schema;

std::shared_ptr<const Graph> evidence_subgraph(Calls& calls) {
  StateSchema s;
  (void)s.add({"notes", Reducer::kAppend, Json::array()});
  (void)s.add({"count", Reducer::kSum, 0});
  (void)s.add({"facts", Reducer::kMergeObject, Json::object()});
  (void)s.add({"scratch", Reducer::kReplace, nullptr});  // private to the subgraph
  auto g = std::make_shared<Graph>("evidence", s);
  g->add_node("stock", [&calls](NodeContext& ctx) -> Result<NodeResult> {
    ++calls.n["stock"];
    ++ctx.budget.llm_calls;
    ctx.budget.tokens += 7;
    NodeResult r;
    r.update = {{"notes", "stock"}, {"count", 2}, {"scratch", "x"}, {"facts", {{"sheets", 4}}}};
    return r;
  });
  g->add_node("demand", [&calls](NodeContext& ctx) -> Result<NodeResult> {
    ++calls.n["demand"];
    NodeResult r;
    // Sees the subgraph's own state, which started from the parent's.
    r.update = {{"notes", "demand after " + std::to_string(ctx.state["notes"].size())},
                {"count", 3}};
    return r;
  });
  g->add_edge("stock", "demand").set_entry("stock");
  return g;
}

TEST(SubgraphTest, RunsInsideOneParentSuperStep) {
  RunnerFixture f;
  Calls calls;
  Graph g("parent", shop_schema());
  g.add_node("start", note_node(calls, "start"));
  g.add_subgraph("evidence", evidence_subgraph(calls));
  g.add_node("decide", [](NodeContext& ctx) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"outcome", ctx.state["count"].get<int>()}};
    return r;
  });
  g.add_edge("start", "evidence").add_edge("evidence", "decide").set_entry("start");
  ASSERT_TRUE(g.validate().ok());
  auto out = f.runner->start(g, "t", {{"count", 10}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ(out->status, ThreadStatus::kDone);
  EXPECT_EQ(out->steps, 3);
  EXPECT_EQ(out->state["notes"], Json::array({"start", "stock", "demand after 2"}));
  EXPECT_EQ(out->state["count"], 15);
  EXPECT_EQ(out->state["outcome"], 15);
  EXPECT_EQ(out->state["facts"]["sheets"], 4);
  EXPECT_FALSE(out->state.contains("scratch"));

  auto steps = f.store.steps("t");
  ASSERT_EQ(steps.size(), 5u);
  EXPECT_EQ(steps[1].node, "evidence/stock");
  EXPECT_EQ(steps[2].node, "evidence/demand");
  EXPECT_EQ(steps[3].node, "evidence");
  EXPECT_EQ(steps[1].step, 2);
  EXPECT_EQ(steps[3].step, 2);
  EXPECT_EQ(steps[1].llm_calls, 1);
  EXPECT_EQ(steps[3].llm_calls, 0);  // counted once, on the inner step
  EXPECT_EQ(
      steps[3].output,
      Json({{"notes", {"stock", "demand after 2"}}, {"count", 5}, {"facts", {{"sheets", 4}}}}));
  auto cp = f.store.latest("t");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->budget.llm_calls, 1);
  EXPECT_EQ(cp->budget.tokens, 7);
  EXPECT_EQ(cp->visits["evidence/stock"], 1);
  EXPECT_EQ(cp->visits["evidence"], 1);
}

// gather -> ask (interrupts, approval 9) -> apply (reads the decision), as a subgraph.
std::shared_ptr<const Graph> gate_subgraph(Calls& calls, const std::string& name) {
  auto g = std::make_shared<Graph>(name, shop_schema());
  g->add_node("gather", note_node(calls, name + ".gather"));
  g->add_node("ask", [&calls, name](NodeContext&) -> Result<NodeResult> {
    ++calls.n[name + ".ask"];
    NodeResult r;
    r.update = {{"notes", "asked"}, {"count", 1}};
    r.interrupt = Interrupt{"needs a human", 9, nullptr};
    return r;
  });
  g->add_node("apply", [&calls, name](NodeContext& ctx) -> Result<NodeResult> {
    ++calls.n[name + ".apply"];
    NodeResult r;
    r.update = {{"notes", "applied " + ctx.state["decision"]["verdict"].get<std::string>()},
                {"count", 10}};
    return r;
  });
  g->add_edge("gather", "ask").add_edge("ask", "apply").set_entry("gather");
  return g;
}

TEST(SubgraphTest, InterruptInsideASubgraphParksAndResumeContinuesInside) {
  RunnerFixture f;
  Calls calls;
  Graph g("parent", shop_schema());
  g.add_node("start", note_node(calls, "start"));
  g.add_subgraph("specialist", gate_subgraph(calls, "sub"));
  g.add_node("after", note_node(calls, "after"));
  g.add_edge("start", "specialist").add_edge("specialist", "after").set_entry("start");
  auto parked = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(parked.ok()) << parked.error().message;
  EXPECT_EQ(parked->status, ThreadStatus::kInterrupted);
  EXPECT_EQ(parked->reason, "needs a human");
  // The subgraph has not ended: nothing reached the parent's state yet.
  EXPECT_EQ(parked->state["notes"], Json::array({"start"}));
  auto cp = f.store.latest("t");
  ASSERT_TRUE(cp.ok());
  EXPECT_EQ(cp->interrupted_node, "specialist");
  EXPECT_EQ(cp->interrupt->approval_id, 9);
  ASSERT_TRUE(cp->subgraph.is_object());
  EXPECT_EQ(cp->subgraph["node"], "specialist");
  EXPECT_EQ(cp->subgraph["interrupted_node"], "ask");
  EXPECT_EQ(cp->subgraph["state"]["notes"], Json::array({"start", "sub.gather", "asked"}));

  f.restart();
  auto done = f.runner->resume(g, "t", Decision{"reject", nullptr, "no", "lead", 9});
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status, ThreadStatus::kDone);
  EXPECT_EQ(done->state["notes"],
            Json::array({"start", "sub.gather", "asked", "applied reject", "after"}));
  EXPECT_EQ(done->state["count"], 11);
  EXPECT_EQ(done->state["decision"]["verdict"], "reject");  // handed back as a shared channel
  EXPECT_EQ(calls["sub.gather"], 1);
  EXPECT_EQ(calls["sub.ask"], 1);
  EXPECT_EQ(calls["sub.apply"], 1);
  EXPECT_EQ(calls["after"], 1);
  EXPECT_TRUE(f.store.latest("t")->subgraph.is_null());
  std::vector<std::string> nodes;
  for (const auto& s : f.store.steps("t")) nodes.push_back(s.node);
  EXPECT_EQ(nodes,
            (std::vector<std::string>{"start", "specialist/gather", "specialist/ask", "specialist",
                                      "__resume__", "specialist/apply", "specialist", "after"}));
  auto twice = f.runner->resume(g, "t", Decision{"reject", nullptr, "no", "lead", 9});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().code, ErrorCode::kFailedPrecondition);
}

TEST(SubgraphTest, NestedSubgraphResumesInTheInnermost) {
  RunnerFixture f;
  Calls calls;
  auto middle = std::make_shared<Graph>("middle", shop_schema());
  middle->add_node("pre", note_node(calls, "pre"));
  middle->add_subgraph("gate", gate_subgraph(calls, "inner"));
  middle->add_node("post", note_node(calls, "post"));
  middle->add_edge("pre", "gate").add_edge("gate", "post").set_entry("pre");
  Graph g("top", shop_schema());
  g.add_subgraph("outer", middle).set_entry("outer");
  auto parked = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(parked.ok()) << parked.error().message;
  ASSERT_EQ(parked->status, ThreadStatus::kInterrupted);
  auto cp = f.store.latest("t");
  EXPECT_EQ(cp->subgraph["node"], "outer");
  EXPECT_EQ(cp->subgraph["interrupted_node"], "gate");
  EXPECT_EQ(cp->subgraph["inner"]["node"], "gate");
  EXPECT_EQ(cp->subgraph["inner"]["interrupted_node"], "ask");

  // A crash right after the decision: the resumed position is durable.
  f.store.fail_save_at_step(cp->step + 2);
  ASSERT_FALSE(f.runner->resume(g, "t", Decision{"approve", nullptr, "", "p", 9}).ok());
  f.restart();
  auto done = f.runner->proceed(g, "t");
  ASSERT_TRUE(done.ok()) << done.error().message;
  EXPECT_EQ(done->status, ThreadStatus::kDone);
  EXPECT_EQ(done->state["notes"],
            Json::array({"pre", "inner.gather", "asked", "applied approve", "post"}));
  EXPECT_EQ(calls["pre"], 1);
  EXPECT_EQ(calls["inner.gather"], 1);
  EXPECT_EQ(calls["inner.ask"], 1);
  EXPECT_EQ(calls["inner.apply"], 2);  // the lost super-step ran again
  EXPECT_EQ(calls["post"], 2);
}

TEST(SubgraphTest, ResumeNeedsTheSubgraphsDecisionChannel) {
  RunnerFixture f;
  StateSchema s;
  ASSERT_TRUE(s.add({"notes", Reducer::kAppend, Json::array()}).ok());
  auto sub = std::make_shared<Graph>("nodecision", s);
  sub->add_node("ask", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.interrupt = Interrupt{"ask", 0, nullptr};
    return r;
  });
  sub->set_entry("ask");
  Graph g("parent", shop_schema());
  g.add_subgraph("inner", sub).set_entry("inner");
  ASSERT_EQ(f.runner->start(g, "t", Json::object())->status, ThreadStatus::kInterrupted);
  auto r = f.runner->resume(g, "t", Decision{"approve", nullptr, "", "p", 0});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().fields.at(0).field, "decision");
}

TEST(SubgraphTest, BreakersCountInsideTheSubgraph) {
  Limits l;
  l.max_node_visits = 4;
  RunnerFixture f(l);
  auto sub = std::make_shared<Graph>("spin", shop_schema());
  sub->add_node("spin", [](NodeContext&) -> Result<NodeResult> { return NodeResult{}; });
  sub->add_edge("spin", "spin").set_entry("spin");
  Graph g("parent", shop_schema());
  g.add_subgraph("inner", sub);
  g.add_node("stop", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.update = {{"outcome", "stopped"}};
    return r;
  });
  g.set_entry("inner").set_fallback("stop");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kTripped);
  EXPECT_EQ(out->reason, "breaker: node 'inner/spin' visited 4 times (limit 4)");
  EXPECT_EQ(out->state["outcome"], "stopped");

  Limits steps;
  steps.max_super_steps = 3;
  RunnerFixture f2(steps);
  auto out2 = f2.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out2.ok());
  EXPECT_EQ(out2->reason, "breaker: subgraph 'inner' ran 3 super-steps (limit 3)");
}

TEST(SubgraphTest, InvalidSubgraphFailsValidation) {
  auto sub = std::make_shared<Graph>("broken", shop_schema());  // no entry
  Graph g("parent", shop_schema());
  g.add_subgraph("inner", sub).set_entry("inner");
  auto st = g.validate();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("subgraph inner"), std::string::npos) << st.error().message;
}

}  // namespace
}  // namespace kerf::agents
