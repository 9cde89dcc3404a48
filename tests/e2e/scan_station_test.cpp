// Scan stations through the real `kerf serve --demo`: an admin creates a `scan` machine on a laser
// work center and a released job there; a terminal scans the demo operator's badge and the
// operation's traveller barcode twice over HTTP; the operation starts, then completes with the
// job quantity, and each scan reaches the WebSocket as "station.scan".
#include <filesystem>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

class ScanStationE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kerf::testing::make_temp_dir("kerf-e2e-scan"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(ScanStationE2eTest, BadgeAndTravellerBarcodeStartAndCompleteAnOperation) {
  KerfProcess kerf({"--demo", "--data", dir_});
  std::string token;
  auto admin = login(kerf.port(), "admin", &token);
  WsClient ws(kerf.port(), "/api/v1/events?topic=station.scan&token=" + token);

  auto wcs = admin->get("/api/v1/work-centers?department=laser");
  ASSERT_EQ(wcs.status, 200) << wcs.body;
  ASSERT_FALSE(wcs.json()["items"].empty());
  const json wc = wcs.json()["items"][0];
  auto station = admin->post_json("/api/v1/machines", {{"code", "SCAN-E2E"},
                                                       {"name", "E2E scan station"},
                                                       {"work_center_id", wc["id"]},
                                                       {"protocol", "scan"}});
  ASSERT_EQ(station.status, 201) << station.body << "\n" << kerf.log();

  const json part = admin->get("/api/v1/parts").json()["items"][0];
  const json customer = admin->get("/api/v1/customers").json()["items"][0];
  auto job = admin->post_json("/api/v1/jobs", {{"number", "E2E-SCAN-1"},
                                               {"part_id", part["id"]},
                                               {"customer_id", customer["id"]},
                                               {"quantity", 6},
                                               {"due", "2026-12-20T12:00:00Z"},
                                               {"operations",
                                                {{{"sequence", 10},
                                                  {"name", "Cut"},
                                                  {"process", "laser_cut"},
                                                  {"eligible_work_center_ids", {wc["id"]}},
                                                  {"run_seconds_per_piece", 30}}}}});
  ASSERT_EQ(job.status, 201) << job.body;
  const std::string job_id = std::to_string(job.json()["id"].get<int64_t>());
  const int64_t op_id = job.json()["operations"][0]["id"].get<int64_t>();
  auto released = admin->post_json("/api/v1/jobs/" + job_id + "/release", json::object());
  ASSERT_EQ(released.status, 200) << released.body;

  auto terminal = login(kerf.port(), "lead");
  const std::string scans = "/api/v1/stations/SCAN-E2E/scans";
  const std::string barcode = "OP-" + std::to_string(op_id);
  const std::string op_url = "/api/v1/operations/" + std::to_string(op_id);

  auto badge = terminal->post_json(scans, {{"code", "B-1001"}});  // the demo operator's badge
  ASSERT_EQ(badge.status, 200) << badge.body << "\n" << kerf.log();
  EXPECT_EQ(badge.json()["outcome"], "operator_set");

  auto started = terminal->post_json(scans, {{"code", barcode}});
  ASSERT_EQ(started.status, 200) << started.body;
  EXPECT_EQ(started.json()["outcome"], "started");
  auto running = admin->get(op_url);
  ASSERT_EQ(running.status, 200) << running.body;
  EXPECT_EQ(running.json()["status"], "running");
  EXPECT_EQ(running.json()["operator_id"], badge.json()["operator_id"]);

  auto completed = terminal->post_json(scans, {{"code", barcode}});
  ASSERT_EQ(completed.status, 200) << completed.body;
  EXPECT_EQ(completed.json()["outcome"], "completed");
  auto done = admin->get(op_url);
  ASSERT_EQ(done.status, 200) << done.body;
  EXPECT_EQ(done.json()["status"], "complete");
  EXPECT_EQ(done.json()["qty_good"], 6);

  auto refused = terminal->post_json(scans, {{"code", "NOT A CODE"}});
  EXPECT_EQ(refused.status, 400) << refused.body;

  std::vector<std::string> outcomes;
  for (int i = 0; i < 4; ++i) {
    auto event = read_until(
        ws, [](const json& e) { return e["topic"] == "station.scan"; }, std::chrono::seconds(60));
    ASSERT_TRUE(event.has_value()) << "no station.scan event; server log:\n" << kerf.log();
    EXPECT_EQ((*event)["payload"]["station"], "SCAN-E2E");
    outcomes.push_back((*event)["payload"]["outcome"]);
  }
  EXPECT_EQ(outcomes,
            (std::vector<std::string>{"operator_set", "started", "completed", "rejected"}));
  expect_clean_stop(kerf);
}

}  // namespace
}  // namespace kerf::e2e
