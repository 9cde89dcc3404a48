// StateSchema reducers, Graph validation/routing and the checkpoint document round trip.
#include <gtest/gtest.h>

#include "kerf/agents/graph/checkpoint_json.h"
#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/state.h"
#include "kerf/core/clock.h"

namespace kerf::agents {
namespace {

StateSchema four_channels() {
  StateSchema s;
  EXPECT_TRUE(s.add({"last", Reducer::kReplace, nullptr}).ok());
  EXPECT_TRUE(s.add({"notes", Reducer::kAppend, Json::array()}).ok());
  EXPECT_TRUE(s.add({"facts", Reducer::kMergeObject, Json::object()}).ok());
  EXPECT_TRUE(s.add({"count", Reducer::kSum, 0}).ok());
  return s;
}

TEST(StateSchemaTest, EachReducerMergesItsWay) {
  StateSchema s = four_channels();
  auto init = s.initial({{"last", "x"}});
  ASSERT_TRUE(init.ok()) << init.error().message;
  EXPECT_EQ(
      *init,
      Json({{"last", "x"}, {"notes", Json::array()}, {"facts", Json::object()}, {"count", 0}}));
  auto out =
      s.apply(*init, {{"a", {{"last", 1}, {"notes", "one"}, {"facts", {{"k", 1}}}, {"count", 2}}},
                      {"b",
                       {{"last", 2},
                        {"notes", Json::array({"two", "three"})},
                        {"facts", {{"k", 5}, {"j", true}}},
                        {"count", 3}}}});
  ASSERT_TRUE(out.ok()) << out.error().message;
  EXPECT_EQ((*out)["last"], 2);
  EXPECT_EQ((*out)["notes"], Json::array({"one", "two", "three"}));
  EXPECT_EQ((*out)["facts"], Json({{"k", 5}, {"j", true}}));
  EXPECT_EQ((*out)["count"], 5);
  auto frac = s.apply(*out, {{"c", {{"count", 0.5}}}});
  ASSERT_TRUE(frac.ok());
  EXPECT_DOUBLE_EQ((*frac)["count"].get<double>(), 5.5);
}

TEST(StateSchemaTest, ErrorsNameNodeAndChannel) {
  StateSchema s = four_channels();
  auto init = s.initial(Json::object());
  ASSERT_TRUE(init.ok());
  auto unknown = s.apply(*init, {{"plan", {{"nope", 1}}}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().fields.at(0).field, "plan.nope");
  auto bad_sum = s.apply(*init, {{"plan", {{"count", "three"}}}});
  ASSERT_FALSE(bad_sum.ok());
  EXPECT_EQ(bad_sum.error().fields.at(0).field, "plan.count");
  auto bad_merge = s.apply(*init, {{"plan", {{"facts", 3}}}});
  ASSERT_FALSE(bad_merge.ok());
  EXPECT_EQ(bad_merge.error().fields.at(0).field, "plan.facts");
  EXPECT_FALSE(s.apply(*init, {{"plan", Json::array()}}).ok());
  EXPECT_FALSE(s.add({"notes", Reducer::kAppend, Json::array()}).ok());
  EXPECT_FALSE(s.add({"", Reducer::kReplace, nullptr}).ok());
  EXPECT_FALSE(s.initial(Json(3)).ok());
}

NodeFn noop() {
  return [](NodeContext&) -> Result<NodeResult> { return NodeResult{}; };
}

TEST(GraphTest, ValidateNamesTheProblem) {
  Graph no_entry("g", four_channels());
  no_entry.add_node("a", noop());
  EXPECT_FALSE(no_entry.validate().ok());

  Graph bad_edge("g", four_channels());
  bad_edge.add_node("a", noop()).add_edge("a", "b").set_entry("a");
  auto st = bad_edge.validate();
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.error().message.find("'b'"), std::string::npos) << st.error().message;

  Graph dup("g", four_channels());
  dup.add_node("a", noop()).add_node("a", noop()).set_entry("a");
  EXPECT_FALSE(dup.validate().ok());

  Graph bad_fallback("g", four_channels());
  bad_fallback.add_node("a", noop()).set_entry("a").set_fallback("stop");
  EXPECT_FALSE(bad_fallback.validate().ok());

  Graph ok("g", four_channels());
  ok.add_node("a", noop()).add_node("b", noop()).add_edge("a", "b").add_edge("b", kEnd);
  ok.set_entry("a");
  EXPECT_TRUE(ok.validate().ok());
}

TEST(GraphTest, NextIsSortedUniqueAndDropsEnd) {
  Graph g("g", four_channels());
  g.add_node("start", noop()).add_node("b", noop()).add_node("a", noop()).add_node("c", noop());
  g.add_edge("start", "c").add_edge("start", "a");
  g.add_conditional_edges("start", [](const Json& state) {
    return state["count"] > 0 ? std::vector<std::string>{"b", "a", kEnd}
                              : std::vector<std::string>{kEnd};
  });
  g.set_entry("start");
  ASSERT_TRUE(g.validate().ok());
  EXPECT_EQ(g.next("start", {{"count", 1}}), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(g.next("start", {{"count", 0}}), (std::vector<std::string>{"a", "c"}));
  EXPECT_TRUE(g.next("a", {}).empty());
}

TEST(GraphTest, ToolFingerprintIsCanonical) {
  EXPECT_EQ(tool_call_fingerprint("stock", Json::parse(R"({"b":1,"a":[2]})")),
            tool_call_fingerprint("stock", Json::parse(R"({ "a" : [2], "b" : 1 })")));
  EXPECT_NE(tool_call_fingerprint("stock", {{"a", 1}}), tool_call_fingerprint("stock", {{"a", 2}}));
}

Checkpoint full_checkpoint() {
  Checkpoint cp;
  cp.thread_id = "material/evt-812";
  cp.agent = "material";
  cp.step = 4;
  cp.state = {{"notes", {"a", "b"}}, {"decision", nullptr}, {"count", 3}};
  cp.next = {"apply", "notify"};
  cp.status = ThreadStatus::kInterrupted;
  cp.reason = "substitute S235 3mm";
  cp.interrupt = Interrupt{"substitute S235 3mm", 42, {{"gate", "material_shortage"}}};
  cp.interrupted_node = "propose";
  cp.budget.llm_calls = 2;
  cp.budget.tokens = 1234;
  cp.budget.tool_call_fingerprints = {"stock {\"m\":1}", "demand {}"};
  cp.visits = {{"gather", 1}, {"propose", 2}};
  cp.started_at = TimePoint(Micros(1'795'000'000'123'456));
  cp.updated_at = TimePoint(Micros(1'795'000'100'000'000));
  cp.running_since = TimePoint(Micros(1'795'000'050'000'001));
  return cp;
}

TEST(CheckpointJsonTest, RoundTripsEveryField) {
  const Checkpoint cp = full_checkpoint();
  const Json doc = to_json(cp);
  auto back = checkpoint_from_json(Json::parse(doc.dump()));
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(to_json(*back), doc);
  EXPECT_EQ(back->thread_id, cp.thread_id);
  EXPECT_EQ(back->status, ThreadStatus::kInterrupted);
  ASSERT_TRUE(back->interrupt.has_value());
  EXPECT_EQ(back->interrupt->approval_id, 42);
  EXPECT_EQ(back->interrupt->payload["gate"], "material_shortage");
  EXPECT_EQ(back->started_at, cp.started_at);
  EXPECT_EQ(back->running_since, cp.running_since);
  EXPECT_EQ(back->visits, cp.visits);
  EXPECT_EQ(back->budget.tool_call_fingerprints, cp.budget.tool_call_fingerprints);

  Checkpoint done = cp;
  done.status = ThreadStatus::kDone;
  done.interrupt.reset();
  auto done_back = checkpoint_from_json(to_json(done));
  ASSERT_TRUE(done_back.ok());
  EXPECT_FALSE(done_back->interrupt.has_value());
}

TEST(CheckpointJsonTest, ErrorsNameTheField) {
  Json doc = to_json(full_checkpoint());
  auto expect_field = [](Json d, const std::string& field) {
    auto r = checkpoint_from_json(d);
    ASSERT_FALSE(r.ok()) << field;
    ASSERT_FALSE(r.error().fields.empty()) << r.error().message;
    EXPECT_EQ(r.error().fields.front().field, field) << r.error().message;
  };
  Json d = doc;
  d["budget"]["tokens"] = "many";
  expect_field(d, "budget.tokens");
  d = doc;
  d.erase("next");
  expect_field(d, "next");
  d = doc;
  d["status"] = "sleeping";
  expect_field(d, "status");
  d = doc;
  d["format"] = 2;
  expect_field(d, "format");
  d = doc;
  d["started_at"] = "yesterday";
  expect_field(d, "started_at");
  d = doc;
  d["interrupt"] = nullptr;
  expect_field(d, "interrupt");
  d = doc;
  d["visits"]["gather"] = 1.5;
  expect_field(d, "visits.gather");
  EXPECT_FALSE(checkpoint_from_json(Json::array()).ok());
}

// Damaged documents (a field dropped or given another type, seeded) are refused with a field
// error or read; never a crash.
TEST(CheckpointJsonTest, DamagedDocumentsAreRefusedNotCrashed) {
  ManualClock clock(TimePoint{});
  Env env(clock, 13);
  const Json doc = to_json(full_checkpoint());
  const std::vector<Json> odd = {
      nullptr,         7, -1, 2.5, "x", true, Json::array(), Json::object(), Json::array({1, "a"}),
      {{"k", nullptr}}};
  int refused = 0;
  for (int i = 0; i < 2000; ++i) {
    Json d = doc;
    const int edits = 1 + static_cast<int>(env.random_u64() % 3);
    for (int e = 0; e < edits; ++e) {
      // Pick an object inside the document (the top, budget, interrupt or visits).
      Json* target = &d;
      const char* nested[] = {"budget", "interrupt", "visits"};
      const auto pick = env.random_u64() % 4;
      if (pick < 3 && d.contains(nested[pick]) && d[nested[pick]].is_object()) {
        target = &d[nested[pick]];
      }
      if (target->empty()) continue;
      auto it = target->begin();
      std::advance(it, static_cast<long>(env.random_u64() % target->size()));
      const std::string key = it.key();
      if (env.random_u64() % 3 == 0) {
        target->erase(key);
      } else {
        (*target)[key] = odd[env.random_u64() % odd.size()];
      }
    }
    auto r = checkpoint_from_json(d);
    if (!r.ok()) {
      ++refused;
      EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
      EXPECT_FALSE(r.error().fields.empty()) << r.error().message;
    } else {
      EXPECT_TRUE(checkpoint_from_json(to_json(*r)).ok());
    }
  }
  EXPECT_GT(refused, 1000);
}

TEST(ThreadStatusTest, NamesRoundTrip) {
  for (auto s : {ThreadStatus::kRunning, ThreadStatus::kInterrupted, ThreadStatus::kDone,
                 ThreadStatus::kTripped, ThreadStatus::kFailed}) {
    auto back = parse_thread_status(to_string(s));
    ASSERT_TRUE(back.ok());
    EXPECT_EQ(*back, s);
  }
  EXPECT_FALSE(parse_thread_status("paused").ok());
}

}  // namespace
}  // namespace kerf::agents
