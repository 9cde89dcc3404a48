// [agents] settings parsing and the supervisor's routing table.
#include <gtest/gtest.h>

#include "kerf/agents/shop/gates.h"
#include "kerf/agents/shop/settings.h"
#include "kerf/agents/shop/specialists.h"

namespace kerf::agents {
namespace {

using nlohmann::json;

bool names_field(const Error& e, const std::string& field) {
  for (const auto& f : e.fields) {
    if (f.field == field) return true;
  }
  return e.message.find(field) != std::string::npos;
}

TEST(AgentSettingsTest, AbsentSectionGivesTheDefaults) {
  auto s = parse_agent_settings("[server]\nport = 8080\n");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_TRUE(s->enabled);
  EXPECT_EQ(s->gates.rush_priority, 1);
  EXPECT_EQ(s->gates.rush_max_moved_jobs, 3);
  EXPECT_EQ(s->gates.rush_moved_threshold_s, 3600);
  EXPECT_DOUBLE_EQ(s->gates.overtime_max_hours, 2.0);
  EXPECT_EQ(s->gates.critical_defect_codes.size(), 4u);
  EXPECT_EQ(s->limits.max_super_steps, 25);
  EXPECT_EQ(s->poll_period, std::chrono::milliseconds(1000));
  EXPECT_EQ(s->scan_period, std::chrono::seconds(60));
  EXPECT_EQ(s->forecast_weeks, 2);
}

TEST(AgentSettingsTest, ReadsEveryKey) {
  auto s = parse_agent_settings(R"(
[agents]
enabled = false
poll_period_ms = 250
scan_period_s = 30
forecast_weeks = 4
[agents.gates]
rush_priority = 2
rush_max_moved_jobs = 5
rush_moved_threshold_s = 1800
overtime_max_hours = 4.5
critical_defect_codes = ["crack", "burn"]
vip_slip_s = 3600
substitution_min_thickness_delta_um = 100
[agents.limits]
max_super_steps = 10
max_node_visits = 4
max_llm_calls = 6
max_tokens = 9000
deadline_s = 120
max_identical_tool_calls = 2
agent_failure_threshold = 5
agent_cooldown_s = 60
)");
  ASSERT_TRUE(s.ok()) << s.error().message;
  EXPECT_FALSE(s->enabled);
  EXPECT_EQ(s->poll_period, std::chrono::milliseconds(250));
  EXPECT_EQ(s->scan_period, std::chrono::seconds(30));
  EXPECT_EQ(s->forecast_weeks, 4);
  EXPECT_EQ(s->gates.rush_priority, 2);
  EXPECT_EQ(s->gates.rush_max_moved_jobs, 5);
  EXPECT_EQ(s->gates.rush_moved_threshold_s, 1800);
  EXPECT_DOUBLE_EQ(s->gates.overtime_max_hours, 4.5);
  EXPECT_EQ(s->gates.critical_defect_codes, (std::vector<std::string>{"crack", "burn"}));
  EXPECT_EQ(s->gates.vip_slip_s, 3600);
  EXPECT_EQ(s->gates.substitution_min_thickness_delta_um, 100);
  EXPECT_EQ(s->limits.max_super_steps, 10);
  EXPECT_EQ(s->limits.max_node_visits, 4);
  EXPECT_EQ(s->limits.max_llm_calls, 6);
  EXPECT_EQ(s->limits.max_tokens, 9000);
  EXPECT_EQ(s->limits.deadline, std::chrono::seconds(120));
  EXPECT_EQ(s->limits.max_identical_tool_calls, 2);
  EXPECT_EQ(s->limits.agent_failure_threshold, 5);
  EXPECT_EQ(s->limits.agent_cooldown, std::chrono::seconds(60));
  // Whole numbers are fine where a number is expected.
  auto whole = parse_agent_settings("[agents.gates]\novertime_max_hours = 3\n");
  ASSERT_TRUE(whole.ok()) << whole.error().message;
  EXPECT_DOUBLE_EQ(whole->gates.overtime_max_hours, 3.0);
}

TEST(AgentSettingsTest, ErrorsNameTheKey) {
  struct Case {
    const char* toml;
    const char* field;
  } cases[] = {
      {"[agents.gates]\novertime_max_hours = 0\n", "agents.gates.overtime_max_hours"},
      {"[agents.gates]\novertime_max_hours = \"2\"\n", "agents.gates.overtime_max_hours"},
      {"[agents.gates]\nrush_priority = 7\n", "agents.gates.rush_priority"},
      {"[agents.gates]\nrush_max_moved_jobs = -1\n", "agents.gates.rush_max_moved_jobs"},
      {"[agents.gates]\ncritical_defect_codes = [1, 2]\n", "agents.gates.critical_defect_codes"},
      {"[agents.gates]\ncritical_defect_codes = \"crack\"\n", "agents.gates.critical_defect_codes"},
      {"[agents]\nenabled = \"yes\"\n", "agents.enabled"},
      {"[agents]\npoll_period_ms = 1\n", "agents.poll_period_ms"},
      {"[agents]\nforecast_weeks = 0\n", "agents.forecast_weeks"},
      {"[agents]\npoll_periode_ms = 100\n", "agents.poll_periode_ms"},
      {"[agents.limits]\nmax_super_steps = 0\n", "agents.limits.max_super_steps"},
      {"[agents.limits]\ndeadline = 10\n", "agents.limits.deadline"},
      {"[agents.gates]\nrush = 1\n", "agents.gates.rush"},
  };
  for (const auto& c : cases) {
    auto s = parse_agent_settings(c.toml);
    ASSERT_FALSE(s.ok()) << c.toml;
    EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    EXPECT_TRUE(names_field(s.error(), c.field)) << c.toml << " -> " << s.error().message;
  }
  auto syntax = parse_agent_settings("[agents\n");
  ASSERT_FALSE(syntax.ok());
  EXPECT_NE(syntax.error().message.find("line"), std::string::npos);
}

json event(const std::string& topic, json payload = json::object()) {
  return {{"kind", "event"}, {"event_id", 7}, {"topic", topic}, {"payload", payload}};
}

TEST(RouteTriggerTest, TheSupervisorsTable) {
  GateThresholds t;
  using V = std::vector<std::string>;
  json rush = event("job.created", {{"id", 3}});
  rush["job"] = {{"id", 3}, {"priority", 1}};
  EXPECT_EQ(route_trigger(rush, t), (V{"customer", "scheduler"}));
  json normal = event("job.updated", {{"id", 3}});
  normal["job"] = {{"id", 3}, {"priority", 3}};
  EXPECT_EQ(route_trigger(normal, t), V{});
  t.rush_priority = 3;
  EXPECT_EQ(route_trigger(normal, t), (V{"customer", "scheduler"}));
  t.rush_priority = 1;
  EXPECT_EQ(route_trigger(event("job.created", {{"id", 3}, {"priority", 1}}), t),
            (V{"customer", "scheduler"}));

  EXPECT_EQ(route_trigger(event("operation.completed", {{"id", 1}, {"qty_scrap", 2}}), t),
            (V{"dispatch", "quality"}));
  EXPECT_EQ(route_trigger(event("operation.completed", {{"id", 1}, {"qty_scrap", 0}}), t),
            V{"dispatch"});
  EXPECT_EQ(route_trigger(event("material.below_safety_stock"), t), V{"material"});
  EXPECT_EQ(route_trigger(event("material.consumed"), t), V{"material"});

  json down = event("work_center.updated", {{"id", 4}});
  down["work_center"] = {{"id", 4}, {"status", "down"}};
  EXPECT_EQ(route_trigger(down, t), (V{"dispatch", "scheduler"}));
  down["work_center"]["status"] = "maintenance";
  EXPECT_EQ(route_trigger(down, t), (V{"dispatch", "scheduler"}));
  down["work_center"]["status"] = "available";
  EXPECT_EQ(route_trigger(down, t), V{});

  EXPECT_EQ(route_trigger(event("schedule.committed"), t), V{"customer"});
  EXPECT_EQ(route_trigger(event("operation.started"), t), V{});
  EXPECT_EQ(route_trigger({{"kind", "scan"}, {"scan", "capacity"}}, t), V{"capacity"});
  EXPECT_EQ(route_trigger({{"kind", "scan"}, {"scan", "material"}}, t), V{"material"});
  EXPECT_EQ(route_trigger({{"kind", "scan"}, {"scan", "eta"}}, t), V{"customer"});
  EXPECT_EQ(route_trigger({{"kind", "scan"}, {"scan", "weather"}}, t), V{});
  EXPECT_EQ(route_trigger(json("garbage"), t), V{});
  EXPECT_EQ(route_trigger(json::object(), t), V{});
}

}  // namespace
}  // namespace kerf::agents
