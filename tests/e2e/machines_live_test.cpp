// The demo shop's live machines against the real `kerf serve --demo`: the demo starts mosquitto,
// the fake MTConnect agents and the node-opcua punch simulator as its peers, and the machines of
// every protocol (lasers over MTConnect, punches over OPC UA, weld cells and polishing stations
// over MQTT) report states through the whole pipeline to GET /api/v1/machines, the events
// WebSocket and /metrics. A missing peer fails the test (the demo logs "stay offline").
#include <filesystem>
#include <map>
#include <set>
#include <thread>
#include <ctime>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

class MachinesLiveTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kerf::testing::make_temp_dir("kerf-e2e-machines"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

// Now + `offset` as an ISO 8601 UTC instant.
std::string iso_in(std::chrono::seconds offset) {
  const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() + offset);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Every machine of GET /api/v1/machines, by code.
std::map<std::string, json> machines_by_code(HttpClient& client) {
  std::map<std::string, json> out;
  auto r = client.get("/api/v1/machines");
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status != 200) return out;
  const json body = r.json();
  for (const auto& m : body["items"]) out[m["code"].get<std::string>()] = m;
  return out;
}

TEST_F(MachinesLiveTest, TheDemoMachinesOfEveryProtocolGoLive) {
  KerfProcess kerf({"--demo", "--data", dir_});
  std::string token;
  auto planner = login(kerf.port(), "planner", &token);
  WsClient ws(kerf.port(), "/api/v1/events?topic=machine.&token=" + token);

  // Hang guard, not a timing goal: peers start, sources connect, the first signals arrive.
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::minutes(4);
  std::map<std::string, json> machines;
  auto all_known = [&] {
    if (machines.size() < 9) return false;
    for (const auto& [code, m] : machines) {
      if (m["state"] == "UNKNOWN" || m["last_signal_at"].is_null()) return false;
    }
    return true;
  };
  while (std::chrono::steady_clock::now() < deadline) {
    machines = machines_by_code(*planner);
    if (all_known()) break;
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
  const std::string log = kerf.log();
  EXPECT_EQ(log.find("stay offline"), std::string::npos) << "a demo peer is missing:\n" << log;
  ASSERT_TRUE(all_known()) << "machines still unknown: " << json(machines).dump(1) << "\nlog:\n"
                           << log;

  std::set<std::string> protocols;
  for (const auto& [code, m] : machines) protocols.insert(m["protocol"].get<std::string>());
  EXPECT_EQ(protocols, (std::set<std::string>{"mqtt", "mtconnect", "opcua"}));
  EXPECT_EQ(machines["LAS-6K"]["protocol"], "mtconnect");
  EXPECT_EQ(machines["PUN-TP30"]["protocol"], "opcua");
  EXPECT_EQ(machines["WLD-T1"]["protocol"], "mqtt");
  EXPECT_EQ(machines["LAS-6K"]["work_center_code"], "LAS-6K");

  // The state changes were evented live.
  auto event = read_until(
      ws, [](const json& e) { return e["topic"] == "machine.state_changed"; },
      std::chrono::seconds(60));
  ASSERT_TRUE(event.has_value()) << "no machine.state_changed event; log:\n" << kerf.log();
  EXPECT_FALSE((*event)["payload"]["to"].get<std::string>().empty());

  // The state timeline, the OEE report and the gauges of a live machine.
  const std::string id = std::to_string(machines["LAS-6K"]["id"].get<int64_t>());
  const std::string range =
      "from=" + iso_in(std::chrono::hours(-1)) + "&to=" + iso_in(std::chrono::hours(1));
  auto timeline = planner->get("/api/v1/machines/" + id + "/timeline?" + range);
  ASSERT_EQ(timeline.status, 200) << timeline.body;
  EXPECT_FALSE(timeline.json()["items"].empty());
  auto oee = planner->get("/api/v1/machines/" + id + "/oee?bucket=day&" + range);
  ASSERT_EQ(oee.status, 200) << oee.body;
  EXPECT_TRUE(oee.json().contains("total"));
  auto metrics = planner->get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kerf_machine_state{machine=\"LAS-6K\""), std::string::npos)
      << metrics.body.substr(0, 4000);

  // Parts a machine counts on a running operation reach that job's routing (actual vs planned).
  auto parts = read_until(
      ws,
      [](const json& e) {
        return e["topic"] == "machine.parts" && e["payload"]["operation_id"].is_number();
      },
      std::chrono::minutes(3));
  ASSERT_TRUE(parts.has_value()) << "no machine.parts on an operation; log:\n" << kerf.log();
  const int64_t op_id = (*parts)["payload"]["operation_id"].get<int64_t>();
  auto op = planner->get("/api/v1/operations/" + std::to_string(op_id));
  ASSERT_EQ(op.status, 200) << op.body;
  auto job = planner->get("/api/v1/jobs/" + std::to_string(op.json()["job_id"].get<int64_t>()));
  ASSERT_EQ(job.status, 200) << job.body;
  const json job_body = job.json();
  const json* actual = nullptr;
  for (const auto& a : job_body["machine_actuals"]) {
    if (a["operation_id"] == op_id) actual = &a;
  }
  ASSERT_NE(actual, nullptr) << job.body;
  EXPECT_GE((*actual)["machine_qty"].get<int64_t>(),
            (*parts)["payload"]["machine_qty"].get<int64_t>());
  EXPECT_GT((*actual)["planned_run_s"].get<int64_t>(), 0);
  EXPECT_FALSE((*actual)["first_signal_at"].is_null());

  expect_clean_stop(kerf);
}

}  // namespace
}  // namespace kerf::e2e
