// [llm] settings (parse_llm_settings) and the errors naming their key.
#include <gtest/gtest.h>

#include "kerf/agents/llm/client.h"

namespace kerf::agents {
namespace {

using namespace std::chrono_literals;

TEST(LlmSettings, AbsentSectionMeansNoModel) {
  auto s = parse_llm_settings("[server]\nport = 8080\n", {});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->url.empty());
  EXPECT_FALSE(s->share_shop_data);
  EXPECT_EQ(s->retries, 2);
  EXPECT_EQ(s->connect_timeout, 3000ms);
}

TEST(LlmSettings, EveryKey) {
  auto s = parse_llm_settings(R"(
[llm]
url = "http://127.0.0.1:8081/v1"
model = "qwen2.5-7b-instruct"
api_key_env = "KERF_LLM_KEY"
connect_timeout_ms = 500
request_timeout_ms = 30000
max_tokens = 512
temperature = 0.2
retries = 4
retry_backoff_ms = 100
share_shop_data = true
)",
                              {{"KERF_LLM_KEY", "sk-local"}});
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_EQ(s->url, "http://127.0.0.1:8081/v1");
  EXPECT_EQ(s->model, "qwen2.5-7b-instruct");
  EXPECT_EQ(s->api_key_env, "KERF_LLM_KEY");
  EXPECT_EQ(s->api_key, "sk-local");
  EXPECT_EQ(s->connect_timeout, 500ms);
  EXPECT_EQ(s->request_timeout, 30000ms);
  EXPECT_EQ(s->max_tokens, 512);
  EXPECT_DOUBLE_EQ(s->temperature, 0.2);
  EXPECT_EQ(s->retries, 4);
  EXPECT_EQ(s->retry_backoff, 100ms);
  EXPECT_TRUE(s->share_shop_data);
  // An integer temperature is fine too.
  auto t = parse_llm_settings("[llm]\ntemperature = 1\n", {});
  ASSERT_TRUE(t.ok()) << t.error().message;
  EXPECT_DOUBLE_EQ(t->temperature, 1.0);
}

TEST(LlmSettings, ErrorsNameTheKey) {
  auto first_field = [](const std::string& toml,
                        const std::map<std::string, std::string>& env = {}) {
    auto s = parse_llm_settings(toml, env);
    EXPECT_FALSE(s.ok()) << toml;
    if (s.ok()) return std::string();
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    return s.error().fields.at(0).field + ": " + s.error().fields.at(0).message;
  };
  EXPECT_EQ(first_field("[llm]\nurl = \"ftp://x/v1\"\nmodel = \"m\"\n"),
            "llm.url: must start with http:// or https://");
  EXPECT_EQ(first_field("[llm]\nurl = \"http://:80/v1\"\nmodel = \"m\"\n"), "llm.url: has no host");
  EXPECT_EQ(first_field("[llm]\nurl = \"http://h:99999/v1\"\nmodel = \"m\"\n"),
            "llm.url: port must be a number in 1..65535");
  EXPECT_EQ(first_field("[llm]\nurl = \"http://u:p@h/v1\"\nmodel = \"m\"\n"),
            "llm.url: must not carry credentials (use llm.api_key_env)");
  EXPECT_EQ(first_field("[llm]\nurl = \"http://127.0.0.1:8081/v1\"\n"),
            "llm.model: required when llm.url is set");
  EXPECT_EQ(first_field("[llm]\nurl = 5\n"), "llm.url: must be a string");
  EXPECT_EQ(first_field("[llm]\nretries = -1\n"), "llm.retries: must be an integer in 0..10");
  EXPECT_EQ(first_field("[llm]\nmax_tokens = \"many\"\n"),
            "llm.max_tokens: must be an integer in 1..1000000");
  EXPECT_EQ(first_field("[llm]\nconnect_timeout_ms = 0\n"),
            "llm.connect_timeout_ms: must be an integer in 1..600000");
  EXPECT_EQ(first_field("[llm]\ntemperature = 3.5\n"), "llm.temperature: must be a number in 0..2");
  EXPECT_EQ(first_field("[llm]\nshare_shop_data = \"yes\"\n"),
            "llm.share_shop_data: must be true or false");
  EXPECT_EQ(first_field("[llm]\nmodle = \"m\"\n"), "llm.modle: unknown key");
  EXPECT_EQ(first_field("[llm]\napi_key_env = \"OPENAI_API_KEY\"\n"),
            "llm.api_key_env: environment variable OPENAI_API_KEY is not set");
  EXPECT_EQ(first_field("[llm]\napi_key_env = \"OPENAI_API_KEY\"\n", {{"OPENAI_API_KEY", ""}}),
            "llm.api_key_env: environment variable OPENAI_API_KEY is not set");
  EXPECT_EQ(first_field("[llm]\napi_key_env = \"not a name\"\n"),
            "llm.api_key_env: must be an environment variable name");
  EXPECT_EQ(first_field("llm = 3\n"), "llm: must be a table");
  EXPECT_EQ(first_field("[llm\n").substr(0, 26), "config: TOML syntax error ");
}

TEST(LlmSettings, KeyNeverInTheErrors) {
  auto s = parse_llm_settings("[llm]\napi_key_env = \"K\"\nretries = 99\n", {{"K", "sk-123456"}});
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().message.find("sk-123456"), std::string::npos);
}

}  // namespace
}  // namespace kerf::agents
