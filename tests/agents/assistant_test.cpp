// The assistant through AgentRuntime::ask on a real SQLite shop: deterministic answers without a
// model (a late job's critical chain and suggestions, stock, what it can answer); with the fake
// OpenAI-compatible server: the tool loop (tool results back as tool messages), a malformed
// call repaired and others refused and reported back to the model, the token budget breaker
// tripping, and a model that is down falling back to the deterministic answer.
#include <gtest/gtest.h>

#include <map>
#include <set>

#include "agents/golden_shop.h"
#include "kerf/agents/llm/client.h"
#include "support/fake_llm.h"

namespace kerf::agents::golden {
namespace {

using kerf::testing::FakeLlm;
using kerf::testing::FakeReply;
using kerf::testing::FakeToolCall;

// One late job (J-1: 60 pieces due in 2 h), one on time, and 304 1.5 mm below safety stock.
const json& shop_json() {
  static const json kShop = json::parse(R"({
    "shop": {
      "customers": [{"code": "ACME", "name": "Acme Foods", "vip": true}],
      "parts": [{"number": "P1", "material": "stainless_304", "thickness_mm": 1.5}],
      "work_centers": [{"code": "LAS-1", "process": "laser_cut"}, {"code": "BRK-1", "process": "bend"}],
      "safety_stock": [{"material": "stainless_304", "thickness_mm": 1.5, "minimum": 10}],
      "sheets": [{"material": "stainless_304", "thickness_mm": 1.5, "quantity": 4, "heat": "H-1"}],
      "jobs": [{"number": "J-1", "quantity": 60, "due_h": 2},
               {"number": "J-2", "quantity": 5, "due_h": 300}]
    }})");
  return kShop;
}

class AssistantTest : public GoldenShop {
 protected:
  void SetUp() override {
    GoldenShop::SetUp();
    if (HasFatalFailure()) return;
    ASSERT_EQ(open(shop_json()), "");
    ASSERT_EQ(step({{"do", "schedule"}}), "");
  }

  // A runtime whose model is the fake server.
  void use_model(int64_t max_tokens = 24000) {
    LlmSettings s;
    s.url = fake_.url();
    s.model = "fake-model";
    s.retries = 0;
    s.request_timeout = std::chrono::milliseconds(10000);
    std::string why;
    auto client = make_openai_client(s, system_clock_, &why);
    ASSERT_NE(client, nullptr) << why;
    settings_.limits.max_tokens = max_tokens;
    runtime_ = std::make_unique<AgentRuntime>(app(), *scheduling_, settings_, std::move(client));
  }

  json ask(const std::string& question) {
    auto r = runtime().ask(app::testing::as(model::Role::kPlanner), question);
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? *r : json();
  }

  // The tool messages of the `i`th request to the fake server.
  std::vector<json> tool_messages(size_t i) {
    std::vector<json> out;
    auto reqs = fake_.requests();
    if (i >= reqs.size()) return out;
    for (const auto& m : reqs[i].json.value("messages", json::array())) {
      if (m.value("role", "") == "tool") out.push_back(m);
    }
    return out;
  }

  SystemClock system_clock_;
  FakeLlm fake_;
};

TEST_F(AssistantTest, WithoutAModelExplainsALateJobFromThePlan) {
  const json r = ask("Why is J-1 late and what can we do?");
  EXPECT_EQ(r["status"], "done");
  EXPECT_EQ(r["used_model"], false);
  const std::string answer = r["answer"];
  EXPECT_NE(answer.find("J-1 (Acme Foods, VIP"), std::string::npos) << answer;
  EXPECT_NE(answer.find("late."), std::string::npos) << answer;
  EXPECT_NE(answer.find("Critical chain"), std::string::npos) << answer;
  bool job_fact = false;
  for (const auto& f : r["facts"]) job_fact |= f.value("kind", "") == "job";
  EXPECT_TRUE(job_fact) << r["facts"].dump();
  EXPECT_EQ(r["thread_id"].get<std::string>().rfind("assistant/", 0), 0u);
}

TEST_F(AssistantTest, WithoutAModelAnswersStockAndSaysWhatItCanAnswer) {
  json r = ask("Which sheets are below safety stock?");
  EXPECT_NE(r["answer"].get<std::string>().find("stainless_304 1.5 mm: 4 sheets (safety 10)"),
            std::string::npos)
      << r["answer"];
  r = ask("What is the weather like?");
  EXPECT_NE(r["answer"].get<std::string>().find("I can answer"), std::string::npos) << r["answer"];
  r = ask("Why is J-777 late?");
  EXPECT_NE(r["answer"].get<std::string>().find("no job numbered J-777"), std::string::npos)
      << r["answer"];
  auto empty = runtime().ask(app::testing::as(model::Role::kPlanner), "  ");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().fields.front().field, "question");
}

TEST_F(AssistantTest, ToolLoopSendsResultsBackAndAnswersWithTheModel) {
  use_model();
  fake_.push(FakeReply::tools({{"c1", "find_job", R"({"number": "J-1"})"}}));
  fake_.push(FakeReply::tools({{"c2", "job_eta", R"({"job_id": 1})"}}));
  fake_.push(FakeReply::text("J-1 finishes after its due date; move it first on LAS-1."));
  const json r = ask("Why is J-1 late?");
  EXPECT_EQ(r["status"], "done");
  EXPECT_EQ(r["used_model"], true);
  EXPECT_EQ(r["answer"], "J-1 finishes after its due date; move it first on LAS-1.");
  ASSERT_EQ(fake_.request_count(), 3u);
  // The first request offers the read-only tools only.
  std::set<std::string> offered;
  for (const auto& t : fake_.requests()[0].json.value("tools", json::array())) {
    offered.insert(t["function"]["name"].get<std::string>());
  }
  EXPECT_TRUE(offered.count("find_job"));
  EXPECT_TRUE(offered.count("stock_levels"));
  EXPECT_FALSE(offered.count("open_approval"));
  auto tools = tool_messages(2);
  ASSERT_EQ(tools.size(), 2u);
  EXPECT_EQ(tools[0]["tool_call_id"], "c1");
  EXPECT_NE(tools[0]["content"].get<std::string>().find("\"job_number\":\"J-1\""),
            std::string::npos)
      << tools[0].dump();
  EXPECT_NE(tools[1]["content"].get<std::string>().find("\"eta\""), std::string::npos);
  int calls = 0;
  for (const auto& f : r["facts"]) calls += f.value("kind", "") == "tool_call";
  EXPECT_EQ(calls, 2);
}

TEST_F(AssistantTest, MalformedCallsAreRepairedOrRefusedAndReportedToTheModel) {
  use_model();
  fake_.push(FakeReply::tools({{"c1", "find_job", R"({"number": "J-1",})"},  // trailing comma
                               {"c2", "job_eta", R"({"job_id": "not a number"})"},
                               {"c3", "open_approval", R"({"gate": "rush_order"})"}}));
  fake_.push(FakeReply::text("Done."));
  const json r = ask("Why is J-1 late?");
  EXPECT_EQ(r["answer"], "Done.");
  auto tools = tool_messages(1);
  ASSERT_EQ(tools.size(), 3u) << fake_.requests()[1].body;
  std::map<std::string, std::string> by_id;
  for (const auto& t : tools) by_id[t["tool_call_id"]] = t["content"];
  EXPECT_NE(by_id["c1"].find("J-1"), std::string::npos) << by_id["c1"];
  EXPECT_NE(by_id["c2"].find("refused"), std::string::npos) << by_id["c2"];
  EXPECT_NE(by_id["c3"].find("refused"), std::string::npos) << by_id["c3"];
  // Nothing was opened by the model's call.
  EXPECT_TRUE(approvals_json().empty());
}

TEST_F(AssistantTest, TokenBudgetBreakerTrips) {
  use_model(/*max_tokens=*/100);
  FakeReply call = FakeReply::tools({{"c1", "find_job", R"({"number": "J-1"})"}});
  call.prompt_tokens = 90;
  call.completion_tokens = 30;
  fake_.push(call);
  fake_.set_fallback(FakeReply::text("never reached"));
  const json r = ask("Why is J-1 late?");
  EXPECT_EQ(r["status"], "tripped") << r.dump();
  // The readable reason names the breaker (the fallback's text, or the runner's reason).
  EXPECT_NE(r["answer"].get<std::string>().find("token"), std::string::npos) << r;
  EXPECT_EQ(fake_.request_count(), 1u);
}

TEST_F(AssistantTest, ModelDownFallsBackToTheDeterministicAnswer) {
  use_model();
  fake_.set_fallback(FakeReply::http_error(503, "overloaded"));
  const json r = ask("Why is J-1 late and what can we do?");
  EXPECT_EQ(r["status"], "done");
  EXPECT_EQ(r["used_model"], false);
  EXPECT_NE(r["answer"].get<std::string>().find("Critical chain"), std::string::npos) << r;
  bool model_error = false;
  for (const auto& f : r["facts"]) model_error |= f.value("kind", "") == "model_error";
  EXPECT_TRUE(model_error) << r["facts"].dump();
}

}  // namespace
}  // namespace kerf::agents::golden
