// The fake OpenAI-compatible server itself (tests/support/fake_llm.h), over plain HTTP: the
// shapes it answers with are the ones the client tests rely on.
#include <gtest/gtest.h>

#include "support/fake_llm.h"
#include "support/http_client.h"

namespace kerf::testing {
namespace {

using nlohmann::json;

json chat_body(const std::string& user) {
  return {{"model", "fake-model"}, {"messages", {{{"role", "user"}, {"content", user}}}}};
}

TEST(FakeLlm, ScriptedTextThenToolCallsWithRawArguments) {
  FakeLlm llm;
  llm.push(FakeReply::text("hello", 30, 4));
  llm.push(FakeReply::tools({{"c1", "get_job", "{\"job_id\": 3,}"}}));
  HttpClient http(llm.port());

  auto r1 = http.post_json("/v1/chat/completions", chat_body("hi"));
  ASSERT_EQ(r1.status, 200) << r1.body;
  json b1 = r1.json();
  EXPECT_EQ(b1["object"], "chat.completion");
  EXPECT_EQ(b1["model"], "fake-model");
  EXPECT_EQ(b1["choices"][0]["message"]["content"], "hello");
  EXPECT_EQ(b1["choices"][0]["finish_reason"], "stop");
  EXPECT_EQ(b1["usage"]["prompt_tokens"], 30);
  EXPECT_EQ(b1["usage"]["total_tokens"], 34);

  auto r2 = http.post_json("/v1/chat/completions", chat_body("again"));
  json b2 = r2.json();
  EXPECT_TRUE(b2["choices"][0]["message"]["content"].is_null());
  EXPECT_EQ(b2["choices"][0]["finish_reason"], "tool_calls");
  const json& call = b2["choices"][0]["message"]["tool_calls"][0];
  EXPECT_EQ(call["id"], "c1");
  EXPECT_EQ(call["type"], "function");
  EXPECT_EQ(call["function"]["name"], "get_job");
  EXPECT_EQ(call["function"]["arguments"], "{\"job_id\": 3,}");

  EXPECT_TRUE(llm.wait_for_requests(2));
  ASSERT_EQ(llm.request_count(), 2u);
  EXPECT_EQ(llm.requests()[1].last_content(), "again");
  EXPECT_EQ(llm.queued(), 0u);
}

TEST(FakeLlm, ErrorsHaveTheOpenAiShape) {
  FakeLlm llm;
  llm.push(FakeReply::http_error(429, "Rate limit reached"));
  llm.push(FakeReply::http_error(500, "The server had an error"));
  HttpClient http(llm.port());
  auto r1 = http.post_json("/v1/chat/completions", chat_body("x"));
  EXPECT_EQ(r1.status, 429);
  EXPECT_EQ(r1.json()["error"]["message"], "Rate limit reached");
  EXPECT_EQ(r1.json()["error"]["type"], "rate_limit_exceeded");
  auto r2 = http.post_json("/v1/chat/completions", chat_body("x"));
  EXPECT_EQ(r2.status, 500);
  EXPECT_EQ(r2.json()["error"]["type"], "server_error");
  // What a real endpoint rejects, without consuming the script.
  EXPECT_EQ(http.post_json("/v1/other", chat_body("x")).status, 404);
  EXPECT_EQ(http.request("POST", "/v1/chat/completions", "{nope", "application/json").status, 400);
  EXPECT_EQ(http.post_json("/v1/chat/completions", json{{"messages", json::array()}}).status, 400);
  EXPECT_EQ(http.get("/v1/models").json()["data"][0]["id"], "fake-model");
}

TEST(FakeLlm, RequiredKeyAndRules) {
  FakeLlm llm;
  llm.require_key("sk-test");
  llm.add_rule(R"(why is (J-\d+) late)",
               FakeReply::tools({{"", "get_job", R"({"job_number": "$1"})"}}), "user");
  llm.add_rule(R"(why is)", FakeReply::text("Because of $&."), "tool");
  HttpClient http(llm.port());
  EXPECT_EQ(http.post_json("/v1/chat/completions", chat_body("why is J-1 late?")).status, 401);
  http.set_bearer("sk-test");
  auto r = http.post_json("/v1/chat/completions", chat_body("why is J-24072 late?"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["choices"][0]["message"]["tool_calls"][0]["function"]["arguments"],
            R"({"job_number": "J-24072"})");
  json follow = chat_body("why is J-24072 late?");
  follow["messages"].push_back({{"role", "tool"}, {"tool_call_id", "x"}, {"content", "{}"}});
  auto r2 = http.post_json("/v1/chat/completions", follow);
  EXPECT_EQ(r2.json()["choices"][0]["message"]["content"], "Because of why is.");
  EXPECT_EQ(llm.unscripted(), 0u);
  EXPECT_EQ(llm.requests().back().authorization, "Bearer sk-test");
}

}  // namespace
}  // namespace kerf::testing
