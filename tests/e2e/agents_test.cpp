// The shop agents in the real kerf, over HTTP only: the assistant without a model, and the
// agents switched off (503 naming why). The demo's own agent triggers are off here
// (KERF_DEMO_AGENTS=false).
#include <filesystem>
#include <map>
#include <set>

#include "agents_e2e.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

constexpr const char* kConfig = R"([agents]
poll_period_ms = 200
scan_period_s = 2
)";

class AgentsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-e2e-agents");
    config_ = dir_ + "/kerf.toml";
    write_text(config_, kConfig);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<KerfProcess> start(bool demo) {
    std::vector<std::string> args = {"--data", dir_ + "/data", "--config", config_};
    if (demo) args.insert(args.begin(), "--demo");
    return std::make_unique<KerfProcess>(
        args, std::map<std::string, std::string>{{"KERF_INGEST", "false"},
                                                 {"KERF_DEMO_AGENTS", "false"}});
  }

  std::string dir_;
  std::string config_;
};


TEST_F(AgentsTest, AskAnswersWithoutAModelAndAgentsOffAnswer503) {
  auto kerf = start(true);
  auto planner = login(kerf->port(), "planner");
  auto late = planner->get("/api/v1/jobs?limit=1&sort=due");
  ASSERT_EQ(late.status, 200);
  const std::string number = late.json()["items"][0]["number"];
  auto r = planner->post_json("/api/v1/agents/ask",
                              {{"question", "why is " + number + " late and what can we do?"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["used_model"], false);
  EXPECT_FALSE(r.json()["answer"].get<std::string>().empty());
  EXPECT_EQ(planner->post_json("/api/v1/agents/ask", {{"question", " "}}).status, 400);
  auto status = planner->get("/api/v1/agents/status");
  ASSERT_EQ(status.status, 200);
  EXPECT_EQ(status.json()["enabled"], true);
  EXPECT_EQ(status.json()["llm"]["configured"], false);
  expect_clean_stop(*kerf);

  KerfProcess off({"--data", dir_ + "/data"}, {{"KERF_INGEST", "false"}, {"KERF_AGENTS", "false"}});
  auto p2 = login(off.port(), "planner");
  auto ask = p2->post_json("/api/v1/agents/ask", {{"question", "hello"}});
  EXPECT_EQ(ask.status, 503) << ask.body;
  EXPECT_NE(ask.body.find("KERF_AGENTS"), std::string::npos) << ask.body;
  EXPECT_EQ(p2->get("/api/v1/agents/status").status, 503);
  EXPECT_EQ(p2->get("/api/v1/approvals").status, 200);
  expect_clean_stop(off);
}

}  // namespace
}  // namespace kerf::e2e
