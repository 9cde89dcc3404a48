// The OpenAI-compatible client against the fake server (tests/support/fake_llm.h): what it
// sends, tool calls accepted / repaired / refused, retries, timeouts, malformed bodies, tokens.
#include <gtest/gtest.h>

#include <boost/asio.hpp>

#include "kerf/agents/graph/graph.h"
#include "kerf/agents/llm/client.h"
#include "support/fake_llm.h"

namespace kerf::agents {
namespace {

using nlohmann::json;
using testing::FakeLlm;
using testing::FakeReply;
using testing::FakeToolCall;
using namespace std::chrono_literals;

const json kJobSchema = json::parse(R"({
  "type": "object",
  "properties": {"job_id": {"type": "integer", "minimum": 1}, "note": {"type": "string"}},
  "required": ["job_id"], "additionalProperties": false})");

class LlmClientTest : public ::testing::Test {
 protected:
  LlmSettings settings() const {
    LlmSettings s;
    s.url = fake.url();
    s.model = "fake-model";
    s.retry_backoff = 1ms;
    s.connect_timeout = 5000ms;
    s.request_timeout = 20000ms;
    return s;
  }
  std::unique_ptr<LlmClient> client(const LlmSettings& s) {
    std::string why;
    auto c = make_openai_client(s, clock, &why);
    EXPECT_TRUE(c) << why;
    return c;
  }
  static ChatRequest ask(const std::string& question) {
    ChatRequest r;
    r.messages = {{"system", "You help a sheet-metal shop.", {}, "", ""},
                  {"user", question, {}, "", ""}};
    r.tools = {{"get_job", "Reads one job.", kJobSchema},
               {"list_late_jobs", "Late jobs.", json{{"type", "object"}}}};
    return r;
  }

  FakeLlm fake;
  SystemClock clock;
  Budget budget;
};

TEST_F(LlmClientTest, TextReplyAndTheRequestItSent) {
  fake.push(FakeReply::text("J-24072 waits for the laser.", 30, 4));
  auto c = client(settings());
  auto r = c->chat(ask("why is J-24072 late?"), budget);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->message.role, "assistant");
  EXPECT_EQ(r->message.content, "J-24072 waits for the laser.");
  EXPECT_TRUE(r->message.tool_calls.empty());
  EXPECT_EQ(r->finish_reason, "stop");
  EXPECT_EQ(r->prompt_tokens, 30);
  EXPECT_EQ(r->completion_tokens, 4);
  EXPECT_EQ(budget.llm_calls, 1);
  EXPECT_EQ(budget.tokens, 34);
  EXPECT_EQ(c->model(), "fake-model");

  ASSERT_EQ(fake.request_count(), 1u);
  const auto req = fake.requests()[0];
  EXPECT_EQ(req.method, "POST");
  EXPECT_EQ(req.target, "/v1/chat/completions");
  EXPECT_EQ(req.authorization, "");  // no key configured: no header
  EXPECT_EQ(req.json["model"], "fake-model");
  EXPECT_EQ(req.json["max_tokens"], 1024);
  EXPECT_EQ(req.json["temperature"], 0);
  EXPECT_EQ(req.json["stream"], false);
  EXPECT_EQ(req.json["messages"][0],
            json({{"role", "system"}, {"content", "You help a sheet-metal shop."}}));
  EXPECT_EQ(req.last_content("user"), "why is J-24072 late?");
  const json& tool = req.json["tools"][0];
  EXPECT_EQ(tool["type"], "function");
  EXPECT_EQ(tool["function"]["name"], "get_job");
  EXPECT_EQ(tool["function"]["parameters"], kJobSchema);
  EXPECT_FALSE(req.json.contains("tool_choice"));
}

TEST_F(LlmClientTest, SendsHistoryWithToolCallsAndToolChoice) {
  fake.push(FakeReply::text("done"));
  ChatRequest r = ask("why?");
  ChatMessage assistant{"assistant", "", {{"call_1", "get_job", json{{"job_id", 4}}}}, "", ""};
  r.messages.push_back(assistant);
  r.messages.push_back({"tool", R"({"number":"J-4"})", {}, "call_1", "get_job"});
  r.tool_choice = "get_job";
  auto res = client(settings())->chat(r, budget);
  ASSERT_TRUE(res.ok()) << res.error().message;
  const json body = fake.requests()[0].json;
  const json& a = body["messages"][2];
  EXPECT_TRUE(a["content"].is_null());
  EXPECT_EQ(a["tool_calls"][0]["id"], "call_1");
  EXPECT_EQ(a["tool_calls"][0]["type"], "function");
  EXPECT_EQ(a["tool_calls"][0]["function"]["name"], "get_job");
  EXPECT_EQ(a["tool_calls"][0]["function"]["arguments"], R"({"job_id":4})");  // a string
  EXPECT_EQ(
      body["messages"][3],
      json({{"role", "tool"}, {"content", R"({"number":"J-4"})"}, {"tool_call_id", "call_1"}}));
  EXPECT_EQ(body["tool_choice"], json({{"type", "function"}, {"function", {{"name", "get_job"}}}}));
  // A named tool_choice the model ignored (it answered in text) is reported.
  ASSERT_EQ(res->refused.size(), 1u);
  EXPECT_EQ(res->refused[0].name, "get_job");
  EXPECT_NE(res->refused[0].error.find("called no tool"), std::string::npos);

  for (std::string choice : {"auto", "none", "required"}) {
    fake.push(FakeReply::text("x"));
    r.tool_choice = choice;
    ASSERT_TRUE(client(settings())->chat(r, budget).ok());
    EXPECT_EQ(fake.requests().back().json["tool_choice"], choice);
  }
}

TEST_F(LlmClientTest, ValidAndRepairedToolCalls) {
  fake.push(FakeReply::tools({{"c1", "get_job", R"({"job_id": 7})"},
                              {"c2", "get_job", "```json\n{\"job_id\": 8,}\n```"},
                              {"c3", "get_job", R"({'job_id': 9, 'note': 'rush'})"},
                              {"c4", "get_job", R"("{\"job_id\": 10}")"},
                              {"c5", "get_job", R"({"job_id": "11"})"},
                              {"c6", "list_late_jobs", ""}}));
  auto r = client(settings())->chat(ask("check jobs"), budget);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->finish_reason, "tool_calls");
  EXPECT_TRUE(r->refused.empty()) << r->refused[0].error;
  ASSERT_EQ(r->message.tool_calls.size(), 6u);
  for (int i = 0; i < 5; ++i) {
    EXPECT_EQ(r->message.tool_calls[i].id, "c" + std::to_string(i + 1));
    EXPECT_EQ(r->message.tool_calls[i].name, "get_job");
    EXPECT_EQ(r->message.tool_calls[i].arguments["job_id"], 7 + i);
  }
  EXPECT_EQ(r->message.tool_calls[2].arguments["note"], "rush");
  EXPECT_EQ(r->message.tool_calls[5].arguments, json::object());
  const std::vector<std::string> expected = {"get_job: arguments: code fence",
                                             "get_job: arguments: trailing comma",
                                             "get_job: arguments: single quotes",
                                             "get_job: arguments: JSON string holding the object",
                                             "get_job: arguments.job_id: number given as string",
                                             "list_late_jobs: arguments: empty text read as {}"};
  EXPECT_EQ(r->repairs, expected);
}

TEST_F(LlmClientTest, RefusesUnofferedToolsAndInvalidArguments) {
  fake.push(FakeReply::tools({{"c1", "delete_job", R"({"job_id": 7})"},
                              {"c2", "get_job", R"({"job_id": "seven"})"},
                              {"c3", "get_job", R"({"job_id": 3, "drop": true})"},
                              {"c4", "get_job", "job_id: 3"},
                              {"", "get_job", R"({"job_id": 5})"}}));
  auto r = client(settings())->chat(ask("check"), budget);
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->message.tool_calls.size(), 1u);
  EXPECT_EQ(r->message.tool_calls[0].arguments["job_id"], 5);
  EXPECT_FALSE(r->message.tool_calls[0].id.empty());
  ASSERT_EQ(r->refused.size(), 4u);
  EXPECT_EQ(r->refused[0].name, "delete_job");
  EXPECT_EQ(r->refused[0].error, "tool \"delete_job\" was not offered");
  EXPECT_EQ(r->refused[1].id, "c2");
  EXPECT_EQ(r->refused[1].raw_arguments, R"({"job_id": "seven"})");
  EXPECT_EQ(r->refused[1].error, "arguments.job_id: expected integer, got string");
  EXPECT_EQ(r->refused[2].error, "arguments.drop: unknown property");
  EXPECT_NE(r->refused[3].error.find("arguments: not valid JSON"), std::string::npos);
}

TEST_F(LlmClientTest, NeverTrustsToolChoice) {
  ChatRequest r = ask("x");
  r.tool_choice = "none";
  fake.push(FakeReply::tools({{"c1", "get_job", R"({"job_id": 1})"}}));
  auto none = client(settings())->chat(r, budget);
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->message.tool_calls.empty());
  ASSERT_EQ(none->refused.size(), 1u);
  EXPECT_NE(none->refused[0].error.find("tool_choice was \"none\""), std::string::npos);

  r.tool_choice = "get_job";
  fake.push(FakeReply::tools({{"c1", "list_late_jobs", "{}"}}));
  auto other = client(settings())->chat(r, budget);
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->message.tool_calls.empty());
  ASSERT_EQ(other->refused.size(), 1u);
  EXPECT_EQ(other->refused[0].error,
            "tool_choice named \"get_job\" but the model called \"list_late_jobs\"");

  r.tool_choice = "required";
  fake.push(FakeReply::text("I will not call a tool."));
  auto required = client(settings())->chat(r, budget);
  ASSERT_TRUE(required.ok());
  ASSERT_EQ(required->refused.size(), 1u);
  EXPECT_NE(required->refused[0].error.find("\"required\""), std::string::npos);

  r.tools.clear();  // nothing offered: every call is refused
  r.tool_choice.reset();
  fake.push(FakeReply::tools({{"c1", "get_job", R"({"job_id": 1})"}}));
  auto unoffered = client(settings())->chat(r, budget);
  ASSERT_TRUE(unoffered.ok());
  EXPECT_EQ(unoffered->refused.size(), 1u);
  EXPECT_FALSE(fake.requests().back().json.contains("tools"));
}

TEST_F(LlmClientTest, RetriesOn500And429ThenSucceeds) {
  fake.push(FakeReply::http_error(500, "The server had an error"));
  FakeReply limited = FakeReply::http_error(429, "Rate limit reached");
  limited.retry_after = "0";
  fake.push(limited);
  fake.push(FakeReply::text("ok", 5, 1));
  auto r = client(settings())->chat(ask("x"), budget);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->message.content, "ok");
  EXPECT_EQ(fake.request_count(), 3u);
  EXPECT_EQ(budget.llm_calls, 1);
  EXPECT_EQ(budget.tokens, 6);
}

TEST_F(LlmClientTest, GivesUpAfterTheRetriesWithTheServersMessage) {
  for (int i = 0; i < 3; ++i) fake.push(FakeReply::http_error(503, "overloaded, try later"));
  auto r = client(settings())->chat(ask("x"), budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("HTTP 503"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("overloaded, try later"), std::string::npos);
  EXPECT_NE(r.error().message.find("after 3 attempts"), std::string::npos);
  EXPECT_EQ(fake.request_count(), 3u);
}

TEST_F(LlmClientTest, OtherClientErrorsFailAtOnce) {
  fake.push(FakeReply::http_error(400, "Invalid value for 'messages[1].role'"));
  fake.push(FakeReply::text("never used"));
  auto r = client(settings())->chat(ask("x"), budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(r.error().message.find("HTTP 400"), std::string::npos);
  EXPECT_NE(r.error().message.find("Invalid value for 'messages[1].role'"), std::string::npos);
  EXPECT_EQ(fake.request_count(), 1u);
  EXPECT_EQ(budget.llm_calls, 1);
}

TEST_F(LlmClientTest, TimeoutIsUnavailableAndRetried) {
  LlmSettings s = settings();
  s.request_timeout = 300ms;
  s.retries = 0;
  fake.push(FakeReply::text("too late").after(3000ms));
  auto r = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("timed out"), std::string::npos) << r.error().message;

  s.retries = 1;
  fake.push(FakeReply::text("slow").after(3000ms));
  fake.push(FakeReply::text("fast"));
  auto ok = client(s)->chat(ask("x"), budget);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->message.content, "fast");
}

TEST_F(LlmClientTest, DroppedConnectionAndTruncatedBodyAreRetried) {
  LlmSettings s = settings();
  s.retries = 0;
  fake.push(FakeReply::close_connection());
  auto dropped = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(dropped.ok());
  EXPECT_EQ(dropped.error().code, ErrorCode::kUnavailable);
  fake.push(FakeReply::truncated());
  auto truncated = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.error().code, ErrorCode::kUnavailable);

  s.retries = 2;
  fake.push(FakeReply::close_connection());
  fake.push(FakeReply::truncated());
  fake.push(FakeReply::text("third time"));
  auto ok = client(s)->chat(ask("x"), budget);
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->message.content, "third time");
}

TEST_F(LlmClientTest, MalformedBodyNamesThePath) {
  struct Case {
    std::string body;
    std::string field;
  };
  const std::vector<Case> cases = {
      {"<html>bad gateway</html>", "body"},
      {"[]", "body"},
      {R"({"object": "chat.completion"})", "choices"},
      {R"({"choices": []})", "choices"},
      {R"({"choices": [{"message": "hi"}]})", "choices[0].message"},
      {R"({"choices": [{"message": {"content": 5}}]})", "choices[0].message.content"},
      {R"({"choices": [{"message": {"tool_calls": {}}}]})", "choices[0].message.tool_calls"},
      {R"({"choices": [{"message": {"tool_calls": [{"id": "a", "function": {"name": "get_job"}},
          {"id": "b", "function": {"name": 5}}]}}]})",
       "choices[0].message.tool_calls[1].function.name"},
      {R"({"choices": [{"message": {"tool_calls": [{"function": {"name": "get_job",
          "arguments": 5}}]}}]})",
       "choices[0].message.tool_calls[0].function.arguments"},
  };
  auto c = client(settings());
  for (const auto& k : cases) {
    fake.push(FakeReply::raw(k.body));
    auto r = c->chat(ask("x"), budget);
    ASSERT_FALSE(r.ok()) << k.body;
    EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument) << k.body;
    ASSERT_FALSE(r.error().fields.empty()) << r.error().message;
    EXPECT_EQ(r.error().fields[0].field, k.field) << r.error().message;
    EXPECT_NE(r.error().message.find(k.field), std::string::npos);
  }
  EXPECT_EQ(fake.request_count(), cases.size());  // a malformed body is not retried
}

TEST_F(LlmClientTest, TokensCountedEvenWhenTheBodyIsMalformed) {
  fake.push(FakeReply::raw(
      R"({"choices": 1, "usage": {"prompt_tokens": 100, "completion_tokens": 20, "total_tokens": 120}})"));
  auto r = client(settings())->chat(ask("x"), budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(budget.tokens, 120);
  EXPECT_EQ(budget.llm_calls, 1);
  // No usage in the reply: nothing added, the call still counted.
  FakeReply no_usage = FakeReply::text("x");
  no_usage.include_usage = false;
  fake.push(no_usage);
  ASSERT_TRUE(client(settings())->chat(ask("x"), budget).ok());
  EXPECT_EQ(budget.tokens, 120);
  EXPECT_EQ(budget.llm_calls, 2);
}

TEST_F(LlmClientTest, SendsTheKeyAndNeverShowsIt) {
  LlmSettings s = settings();
  s.api_key = "sk-kerf-secret-42";
  fake.require_key("sk-kerf-secret-42");
  fake.push(FakeReply::text("hi"));
  ASSERT_TRUE(client(s)->chat(ask("x"), budget).ok());
  EXPECT_EQ(fake.requests().back().authorization, "Bearer sk-kerf-secret-42");

  // Wrong key: 401, the message is the server's, the key is not in it.
  fake.require_key("sk-other");
  auto denied = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_NE(denied.error().message.find("Incorrect API key"), std::string::npos);
  EXPECT_EQ(denied.error().message.find("sk-kerf-secret-42"), std::string::npos);

  // A server echoing the key in its error: masked.
  fake.require_key("");
  fake.push(FakeReply::http_error(400, "bad key sk-kerf-secret-42 for model"));
  auto echoed = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(echoed.ok());
  EXPECT_EQ(echoed.error().message.find("sk-kerf-secret-42"), std::string::npos);
  EXPECT_NE(echoed.error().message.find("bad key *** for model"), std::string::npos);
}

TEST_F(LlmClientTest, ConnectionRefusedIsUnavailable) {
  uint16_t closed_port;
  {
    boost::asio::io_context ioc;
    boost::asio::ip::tcp::acceptor a(ioc, {boost::asio::ip::make_address("127.0.0.1"), 0});
    closed_port = a.local_endpoint().port();
  }
  LlmSettings s = settings();
  s.url = "http://127.0.0.1:" + std::to_string(closed_port) + "/v1";
  s.retries = 1;
  auto r = client(s)->chat(ask("x"), budget);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, ErrorCode::kUnavailable);
  EXPECT_NE(r.error().message.find("connecting to 127.0.0.1"), std::string::npos)
      << r.error().message;
  EXPECT_EQ(budget.llm_calls, 1);
}

TEST_F(LlmClientTest, RulesAnswerAToolLoop) {
  fake.add_rule(R"(why is (J-\d+) late)",
                FakeReply::tools({{"", "get_job", R"({"job_id": 24072})"}}), "user");
  fake.add_rule(R"(why is (J-\d+) late)", FakeReply::text("$1 waits for material."), "tool");
  auto c = client(settings());
  ChatRequest r = ask("why is J-24072 late?");
  auto first = c->chat(r, budget);
  ASSERT_TRUE(first.ok());
  ASSERT_EQ(first->message.tool_calls.size(), 1u);
  r.messages.push_back(first->message);
  r.messages.push_back({"tool", R"({"job_id": 24072})", {}, first->message.tool_calls[0].id, ""});
  auto second = c->chat(r, budget);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->message.content, "J-24072 waits for material.");
  EXPECT_EQ(budget.llm_calls, 2);
  EXPECT_EQ(fake.unscripted(), 0u);
}

TEST(LlmClientFactory, NoModelOrNoDataSharingMeansNoClient) {
  SystemClock clock;
  std::string why;
  EXPECT_EQ(make_openai_client(LlmSettings{}, clock, &why), nullptr);
  EXPECT_NE(why.find("no model configured"), std::string::npos);

  LlmSettings remote;
  remote.url = "https://llm.example.com/v1";
  remote.model = "big";
  EXPECT_FALSE(may_send_shop_data(remote));
  EXPECT_EQ(make_openai_client(remote, clock, &why), nullptr);
  EXPECT_NE(why.find("share_shop_data is false"), std::string::npos) << why;
  remote.share_shop_data = true;
  EXPECT_TRUE(may_send_shop_data(remote));
  EXPECT_NE(make_openai_client(remote, clock, &why), nullptr);

  for (std::string url :
       {"http://127.0.0.1:8081/v1", "http://127.8.9.10/v1", "http://localhost:11434/v1",
        "http://[::1]:8000/v1", "HTTP://LocalHost/v1"}) {
    LlmSettings local;
    local.url = url;
    local.model = "m";
    EXPECT_TRUE(may_send_shop_data(local)) << url;
  }
  for (std::string url : {"http://10.0.0.5:8081/v1", "http://128.0.0.1/v1",
                          "http://localhost.evil.com/v1", "http://[::2]/v1", "http://0.0.0.0/v1"}) {
    LlmSettings far;
    far.url = url;
    far.model = "m";
    EXPECT_FALSE(may_send_shop_data(far)) << url;
  }
}

}  // namespace
}  // namespace kerf::agents
