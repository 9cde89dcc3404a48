// The assistant with a language model: kerf configured with [llm] pointing at the fake
// OpenAI-compatible server (support/fake_llm.h) answers a free-text question through the model,
// records the call in the thread's trace, and the status names the model.
#include <filesystem>

#include "agents_e2e.h"
#include "support/fake_llm.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

using kerf::testing::FakeLlm;
using kerf::testing::FakeReply;

TEST(AgentsLlmTest, AskGoesThroughTheModelAndIsTraced) {
  FakeLlm llm;
  llm.set_fallback(
      FakeReply::text("It waits for the press brake; move it before J-1 to recover "
                      "a day.",
                      40, 18));
  const std::string dir = kerf::testing::make_temp_dir("kerf-e2e-agents-llm");
  write_text(dir + "/kerf.toml", "[agents]\npoll_period_ms = 200\n\n" + llm.toml_section());
  {
    KerfProcess kerf({"--demo", "--data", dir + "/data", "--config", dir + "/kerf.toml"},
                     {{"KERF_INGEST", "false"}, {"KERF_DEMO_AGENTS", "false"}});
    auto planner = login(kerf.port(), "planner");
    auto status = planner->get("/api/v1/agents/status");
    ASSERT_EQ(status.status, 200) << status.body;
    EXPECT_EQ(status.json()["llm"]["configured"], true) << status.body;
    EXPECT_EQ(status.json()["llm"]["model"], "fake-model") << status.body;

    auto jobs = planner->get("/api/v1/jobs?limit=1&sort=due");
    const std::string number = jobs.json()["items"][0]["number"];
    const std::string question = "why is " + number + " late and what can we do?";
    auto r = planner->post_json("/api/v1/agents/ask", {{"question", question}});
    ASSERT_EQ(r.status, 200) << r.body << "\n" << kerf.log();
    EXPECT_EQ(r.json()["used_model"], true) << r.body;
    EXPECT_NE(r.json()["answer"].get<std::string>().find("press brake"), std::string::npos)
        << r.body;
    ASSERT_GE(llm.request_count(), 1u);
    bool asked = false;
    for (const auto& req : llm.requests()) {
      asked = asked || req.last_content("user").find(number) != std::string::npos;
    }
    EXPECT_TRUE(asked) << "the question never reached the model";

    auto t = planner->get("/api/v1/agents/threads/" +
                          encode_id(r.json()["thread_id"].get<std::string>()));
    ASSERT_EQ(t.status, 200) << t.body;
    EXPECT_GE(t.json()["thread"]["llm_calls"].get<int64_t>(), 1) << t.body;
    EXPECT_GE(t.json()["thread"]["tokens"].get<int64_t>(), 58) << t.body;
    expect_clean_stop(kerf);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kerf::e2e
