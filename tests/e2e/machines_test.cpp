// Machines through the real `kerf serve`: an admin creates a machine over HTTP, every user sees
// it in GET /api/v1/machines with its state, the creation reaches the WebSocket as
// "machine.created", and /metrics carries its state gauge.
#include <filesystem>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

class MachinesE2eTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kerf::testing::make_temp_dir("kerf-e2e-machines"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(MachinesE2eTest, AdminCreatesAMachineAndEveryoneListsIt) {
  KerfProcess kerf({"--demo", "--data", dir_});
  std::string token;
  auto admin = login(kerf.port(), "admin", &token);
  WsClient ws(kerf.port(), "/api/v1/events?topic=machine.created&token=" + token);

  auto wcs = admin->get("/api/v1/work-centers?department=laser");
  ASSERT_EQ(wcs.status, 200) << wcs.body;
  ASSERT_FALSE(wcs.json()["items"].empty());
  const json wc = wcs.json()["items"][0];
  auto created = admin->post_json("/api/v1/machines", {{"code", "LAS-E2E"},
                                                       {"name", "E2E laser"},
                                                       {"work_center_id", wc["id"]},
                                                       {"protocol", "mtconnect"},
                                                       {"endpoint", "http://127.0.0.1:5000"},
                                                       {"ideal_cycle_s", 45}});
  ASSERT_EQ(created.status, 201) << created.body << "\n" << kerf.log();

  auto event = read_until(
      ws, [](const json& e) { return e["topic"] == "machine.created"; }, std::chrono::seconds(60));
  ASSERT_TRUE(event.has_value()) << "no machine.created event; server log:\n" << kerf.log();
  EXPECT_EQ((*event)["payload"]["code"], "LAS-E2E");

  auto op = login(kerf.port(), "operator");
  auto list = op->get("/api/v1/machines");
  ASSERT_EQ(list.status, 200) << list.body;
  const json body = list.json();
  json found;
  for (const auto& m : body["items"]) {
    if (m["code"] == "LAS-E2E") found = m;
  }
  ASSERT_FALSE(found.is_null()) << list.body;
  EXPECT_EQ(found["state"], "UNKNOWN");
  EXPECT_EQ(found["work_center_code"], wc["code"]);
  EXPECT_EQ(found["department"], "laser");
  EXPECT_TRUE(found["oee_today"].is_object());

  HttpClient anonymous(kerf.port());
  auto metrics = anonymous.get("/metrics");
  ASSERT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("kerf_machine_state{machine=\"LAS-E2E\",state=\"UNKNOWN\"} 1"),
            std::string::npos)
      << metrics.body;
  expect_clean_stop(kerf);
}

}  // namespace
}  // namespace kerf::e2e
