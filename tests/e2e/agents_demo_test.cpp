// `kerf serve --demo` fills the approvals inbox by itself (cli/demo_agents.h): a rush order, a
// department needing overtime and a low stock, each routed to its role, with evidence.
#include <filesystem>

#include "agents_e2e.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

TEST(AgentsDemoTest, TheDemoFillsTheInboxWithRealProposals) {
  const std::string dir = kerf::testing::make_temp_dir("kerf-e2e-agents-demo");
  write_text(dir + "/kerf.toml", "[agents]\npoll_period_ms = 200\nscan_period_s = 2\n");
  {
    KerfProcess kerf({"--demo", "--data", dir + "/data", "--config", dir + "/kerf.toml"},
                     {{"KERF_INGEST", "false"}});
    auto admin = login(kerf.port(), "admin");
    auto planner = login(kerf.port(), "planner");
    auto lead = login(kerf.port(), "lead");
    for (const auto& [gate, role] : std::vector<std::pair<std::string, std::string>>{
             {"rush_order", "planner"}, {"overtime", "lead"}, {"material_shortage", "planner"}}) {
      json a = poll_for([&]() -> json {
        auto items = pending(*admin, gate);
        return items.empty() ? json() : items[0];
      });
      ASSERT_FALSE(a.is_null()) << gate << " never proposed\n" << kerf.log();
      EXPECT_EQ(a["role"], role);
      EXPECT_FALSE(a["title"].get<std::string>().empty());
      EXPECT_FALSE(a["evidence"].empty()) << a.dump();
      HttpClient& routed = role == "planner" ? *planner : *lead;
      EXPECT_EQ(routed.get("/api/v1/approvals/" + std::to_string(a["id"].get<int64_t>())).status,
                200);
      auto t = admin->get("/api/v1/agents/threads/" + encode_id(a["thread_id"]));
      ASSERT_EQ(t.status, 200) << t.body;
      EXPECT_EQ(t.json()["thread"]["status"], "interrupted");
    }
    auto counts = planner->get("/api/v1/approvals/counts");
    ASSERT_EQ(counts.status, 200);
    EXPECT_GE(counts.json()["by_gate"]["rush_order"].get<int64_t>(), 1) << counts.body;
    EXPECT_FALSE(counts.json()["by_gate"].contains("overtime") &&
                 counts.json()["by_gate"]["overtime"].get<int64_t>() > 0)
        << counts.body;
    expect_clean_stop(kerf);
  }
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kerf::e2e
