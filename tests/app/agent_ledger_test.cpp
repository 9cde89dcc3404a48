// app::AgentLedger on both backends: checkpoints with their trace in one transaction, conflict
// on a step regression, thread status events and audit, the outbox intake after a cursor, the
// monotonic cursor, and who may do what.
#include "kerf/app/agent_ledger.h"

#include <gtest/gtest.h>

#include "app/app_fixture.h"

namespace kerf::app {
namespace {

using nlohmann::json;
using testing::AppBackendTest;
using testing::as;

class AgentLedgerTest : public AppBackendTest {
 protected:
  AgentLedger& ledger() { return app().agents(); }
  Principal agent() { return agent_principal(); }

  AgentThreadRow thread(const std::string& id, const std::string& status, int64_t step) {
    AgentThreadRow t;
    t.id = id;
    t.agent = "material";
    t.status = status;
    t.reason = status == "done" ? "finished" : "";
    t.trigger = "event 1 material.below_safety_stock";
    t.step = step;
    t.llm_calls = step;
    t.tokens = 100 * step;
    return t;
  }

  AgentCheckpointRow checkpoint(const std::string& id, int64_t step) {
    return {id, step, json{{"state", {{"step", step}}}, {"next", json::array({"plan"})}}, {}};
  }

  AgentStepRow trace(int64_t step, const std::string& node) {
    AgentStepRow s;
    s.step = step;
    s.node = node;
    s.input = {{"in", step}};
    s.output = {{"out", node}};
    s.tool_calls = json::array({{{"tool", "stock_levels"},
                                 {"arguments", json::object()},
                                 {"result", {{"sheets", 3}}},
                                 {"ok", true}}});
    s.llm_calls = 1;
    s.tokens = 42;
    s.started_at = clock_.now();
    s.duration_ms = 7;
    return s;
  }
};

TEST_P(AgentLedgerTest, SavesCheckpointsWithTheirTraceAndReadsThemBack) {
  ASSERT_TRUE(ledger()
                  .save_checkpoint(agent(), thread("material/evt-1", "running", 1),
                                   checkpoint("material/evt-1", 1),
                                   {trace(1, "check_stock"), trace(1, "find_substitute")})
                  .ok());
  clock_.advance(std::chrono::seconds(5));
  auto second = ledger().save_checkpoint(agent(), thread("material/evt-1", "running", 2),
                                         checkpoint("material/evt-1", 2), {trace(2, "propose")});
  ASSERT_TRUE(second.ok()) << second.error().message;

  auto latest = ledger().latest_checkpoint(agent(), "material/evt-1");
  ASSERT_TRUE(latest.ok()) << latest.error().message;
  EXPECT_EQ(latest->step, 2);
  EXPECT_EQ(latest->document["state"]["step"], 2);

  auto t = ledger().thread(as(model::Role::kOperator), "material/evt-1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->status, "running");
  EXPECT_EQ(t->step, 2);
  EXPECT_EQ(t->tokens, 200);
  EXPECT_EQ(t->created_at, testing::t0());
  EXPECT_EQ(t->updated_at, testing::t0() + std::chrono::seconds(5));

  auto steps = ledger().steps(as(model::Role::kOperator), "material/evt-1");
  ASSERT_TRUE(steps.ok());
  ASSERT_EQ(steps->size(), 3u);
  EXPECT_EQ((*steps)[0].node, "check_stock");
  EXPECT_EQ((*steps)[2].node, "propose");
  EXPECT_EQ((*steps)[0].tool_calls[0]["tool"], "stock_levels");
  EXPECT_EQ(json_of((*steps)[0])["output"]["out"], "check_stock");

  auto running = ledger().running_threads(agent());
  ASSERT_TRUE(running.ok());
  ASSERT_EQ(running->size(), 1u);
  EXPECT_EQ(running->front().id, "material/evt-1");

  EXPECT_EQ(ledger().steps(agent(), "nope").error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ledger().latest_checkpoint(agent(), "nope").error().code, ErrorCode::kNotFound);
}

TEST_P(AgentLedgerTest, StepRegressionIsAConflictAndWritesNothing) {
  ASSERT_TRUE(ledger()
                  .save_checkpoint(agent(), thread("q/1", "running", 3), checkpoint("q/1", 3),
                                   {trace(3, "a")})
                  .ok());
  const int64_t events = count("events");
  for (int64_t step : {3, 2}) {
    auto again = ledger().save_checkpoint(agent(), thread("q/1", "done", step),
                                          checkpoint("q/1", step), {trace(step, "b")});
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, ErrorCode::kConflict) << again.error().message;
  }
  EXPECT_EQ(count("agent_steps"), 1);
  EXPECT_EQ(count("agent_checkpoints"), 1);
  EXPECT_EQ(count("events"), events);
  EXPECT_EQ(ledger().thread(agent(), "q/1")->status, "running");
}

TEST_P(AgentLedgerTest, StatusChangesAreAuditedAndEvented) {
  ASSERT_TRUE(ledger()
                  .save_checkpoint(agent(), thread("s/1", "running", 1), checkpoint("s/1", 1), {})
                  .ok());
  EXPECT_EQ(audit_rows("agent_thread", "create").total, 1);
  auto first = bus_events();
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0].topic, "agent.thread.updated");
  // Same status, same approval: no event, no audit.
  ASSERT_TRUE(ledger()
                  .save_checkpoint(agent(), thread("s/1", "running", 2), checkpoint("s/1", 2), {})
                  .ok());
  EXPECT_TRUE(topics().empty());
  auto parked = thread("s/1", "interrupted", 3);
  parked.approval_id = 77;
  ASSERT_TRUE(ledger().save_checkpoint(agent(), parked, checkpoint("s/1", 3), {}).ok());
  auto events = bus_events();
  ASSERT_EQ(events.size(), 1u);
  auto payload = json::parse(events[0].payload_json);
  EXPECT_EQ(payload["thread_id"], "s/1");
  EXPECT_EQ(payload["status"], "interrupted");
  EXPECT_EQ(payload["approval_id"], 77);
  EXPECT_EQ(payload["step"], 3);
  auto audit = audit_rows("agent_thread", "interrupted");
  ASSERT_EQ(audit.total, 1);
  EXPECT_EQ(audit.items[0].actor, "agent");
}

TEST_P(AgentLedgerTest, OnlyTheAgentOrAdminWrites) {
  auto denied = ledger().save_checkpoint(as(model::Role::kPlanner), thread("p/1", "running", 1),
                                         checkpoint("p/1", 1), {});
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(ledger().set_cursor(as(model::Role::kPlanner), "agents", 5).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_EQ(ledger().events_after(as(model::Role::kLead), 0, {}, 10).error().code,
            ErrorCode::kPermissionDenied);
  EXPECT_TRUE(ledger()
                  .save_checkpoint(as(model::Role::kAdmin), thread("p/1", "running", 1),
                                   checkpoint("p/1", 1), {})
                  .ok());
  auto bad = ledger().save_checkpoint(agent(), thread("", "sleeping", 1), checkpoint("x", 1), {});
  ASSERT_FALSE(bad.ok());
  EXPECT_TRUE(testing::has_field(bad.error(), "thread.id"));
  EXPECT_TRUE(testing::has_field(bad.error(), "thread.status"));
}

TEST_P(AgentLedgerTest, ThreadsListNewestFirstWithFilters) {
  for (int i = 0; i < 3; ++i) {
    auto t = thread("t/" + std::to_string(i), i == 1 ? "done" : "running", 1);
    if (i == 2) t.agent = "quality";
    ASSERT_TRUE(ledger().save_checkpoint(agent(), t, checkpoint(t.id, 1), {}).ok());
    clock_.advance(std::chrono::seconds(1));
  }
  auto all = ledger().threads(as(model::Role::kOperator), {});
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->total, 3);
  EXPECT_EQ(all->items[0].id, "t/2");
  store::ListQuery q;
  q.filters["status"] = "running";
  q.filters["agent"] = "material";
  auto some = ledger().threads(as(model::Role::kOperator), q);
  ASSERT_TRUE(some.ok());
  ASSERT_EQ(some->total, 1);
  EXPECT_EQ(some->items[0].id, "t/0");
  store::ListQuery bad;
  bad.filters["node"] = "x";
  EXPECT_EQ(ledger().threads(agent(), bad).error().code, ErrorCode::kInvalidArgument);
}

TEST_P(AgentLedgerTest, EventsAfterFollowsTheOutboxByPrefix) {
  seed_master_data();
  create_job("J-1");
  // Past the PostgreSQL intake grace (ids may commit out of order there).
  clock_.advance(std::chrono::seconds(10));
  auto all = ledger().events_after(agent(), 0, {}, 100);
  ASSERT_TRUE(all.ok()) << all.error().message;
  ASSERT_FALSE(all->empty());
  auto jobs = ledger().events_after(agent(), 0, {"job."}, 100);
  ASSERT_TRUE(jobs.ok());
  ASSERT_FALSE(jobs->empty());
  for (const auto& e : *jobs) EXPECT_EQ(e.topic.rfind("job.", 0), 0u) << e.topic;
  auto mixed = ledger().events_after(agent(), 0, {"job.", "customer."}, 100);
  ASSERT_TRUE(mixed.ok());
  EXPECT_GT(mixed->size(), jobs->size());
  for (std::size_t i = 1; i < mixed->size(); ++i) EXPECT_LT((*mixed)[i - 1].id, (*mixed)[i].id);
  const int64_t last = all->back().id;
  auto none = ledger().events_after(agent(), last, {}, 100);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  auto limited = ledger().events_after(agent(), 0, {}, 1);
  ASSERT_TRUE(limited.ok());
  EXPECT_EQ(limited->size(), 1u);
}

TEST_P(AgentLedgerTest, CursorIsMonotonic) {
  EXPECT_EQ(*ledger().cursor(agent(), "agents"), 0);
  ASSERT_TRUE(ledger().set_cursor(agent(), "agents", 12).ok());
  EXPECT_EQ(*ledger().cursor(agent(), "agents"), 12);
  ASSERT_TRUE(ledger().set_cursor(agent(), "agents", 5).ok());
  EXPECT_EQ(*ledger().cursor(agent(), "agents"), 12);
  ASSERT_TRUE(ledger().set_cursor(agent(), "agents", 20).ok());
  EXPECT_EQ(*ledger().cursor(agent(), "agents"), 20);
  EXPECT_EQ(*ledger().cursor(agent(), "other"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, AgentLedgerTest, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
}  // namespace kerf::app
