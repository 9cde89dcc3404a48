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

TEST(SubgraphTest, InterruptInsideASubgraphFailsTheThread) {
  RunnerFixture f;
  auto sub = std::make_shared<Graph>("asks", shop_schema());
  sub->add_node("ask", [](NodeContext&) -> Result<NodeResult> {
    NodeResult r;
    r.interrupt = Interrupt{"needs a human", 1, nullptr};
    return r;
  });
  sub->set_entry("ask");
  Graph g("parent", shop_schema());
  g.add_subgraph("inner", sub).set_entry("inner");
  auto out = f.runner->start(g, "t", Json::object());
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(out->status, ThreadStatus::kFailed);
  EXPECT_EQ(out->reason,
            "node 'inner/ask' interrupted inside a subgraph (subgraphs must not interrupt)");
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
