// The operator terminal against the real `kerf serve --demo`: badge + PIN sign-in opens a
// station session, the demo's material consumptions trace from job to heat lot and back, and a
// cookie session refuses a cross-site form post while the UI's own JSON fetch goes through.
#include <filesystem>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

class StationTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::string(kerf::testing::make_temp_dir("kerf-e2e-station"));
    kerf_ = new KerfProcess({"--demo", "--data", *dir_});
  }
  static void TearDownTestSuite() {
    delete kerf_;
    std::filesystem::remove_all(*dir_);
    delete dir_;
  }
  static uint16_t port() { return kerf_->port(); }

  static std::string* dir_;
  static KerfProcess* kerf_;
};

std::string* StationTest::dir_ = nullptr;
KerfProcess* StationTest::kerf_ = nullptr;

TEST_F(StationTest, DemoBadgeSignsInToAStationSession) {
  EXPECT_NE(kerf_->log().find("operator B-1001/1234"), std::string::npos) << kerf_->log();
  HttpClient terminal(port());
  auto wrong = terminal.post_json("/api/v1/auth/badge", {{"badge", "B-1001"}, {"pin", "4321"}});
  EXPECT_EQ(wrong.status, 401) << wrong.body;
  auto r = terminal.post_json("/api/v1/auth/badge", {{"badge", "B-1001"}, {"pin", "1234"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["user"]["username"], "operator");
  // The browser way: the HttpOnly cookie, no bearer token.
  ASSERT_EQ(terminal.cookies().count("kerf_session"), 1u);
  auto me = terminal.get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["username"], "operator");
  EXPECT_EQ(me.json()["station"], true);
  EXPECT_EQ(me.json()["idle_timeout_s"], 300);
  // A password login of the same user is not a station session.
  auto desk = login(port(), "operator")->get("/api/v1/auth/me");
  EXPECT_EQ(desk.json()["station"], false);
}

TEST_F(StationTest, DemoConsumptionsTraceFromJobToHeatLotAndBack) {
  auto quality = login(port(), "quality");
  auto jobs = quality->get("/api/v1/jobs?limit=1000");
  ASSERT_EQ(jobs.status, 200) << jobs.body;
  json consumed;
  for (json body = jobs.json(); const auto& job : body["items"]) {
    auto m =
        quality->get("/api/v1/jobs/" + std::to_string(job["id"].get<int64_t>()) + "/materials");
    ASSERT_EQ(m.status, 200) << m.body;
    if (!m.json()["items"].empty()) {
      consumed = m.json()["items"][0];
      break;
    }
  }
  ASSERT_FALSE(consumed.is_null()) << "the demo seed consumed no sheets";
  EXPECT_EQ(consumed["user"], "operator");
  EXPECT_FALSE(consumed["heat_lot"]["mill_cert_ref"].get<std::string>().empty());
  auto trace = quality->get("/api/v1/materials/heat-lots/" +
                            std::to_string(consumed["heat_lot"]["id"].get<int64_t>()) + "/trace");
  ASSERT_EQ(trace.status, 200) << trace.body;
  bool found = false;
  for (json body = trace.json(); const auto& c : body["consumptions"]) {
    found = found || (c["id"] == consumed["id"] && c["job"]["number"] == consumed["job"]["number"]);
  }
  EXPECT_TRUE(found) << trace.body;
}

TEST_F(StationTest, CrossSiteFormPostIsRefusedAndWritesNothing) {
  // A browser session: the cookie only.
  HttpClient browser(port());
  auto logged_in = browser.post_json("/api/v1/auth/login",
                                     {{"username", "planner"}, {"password", app::kDemoPassword}});
  ASSERT_EQ(logged_in.status, 200) << logged_in.body;
  ASSERT_EQ(browser.cookies().count("kerf_session"), 1u);
  auto count = [&] { return browser.get("/api/v1/jobs?limit=1").json()["total"].get<int64_t>(); };
  const int64_t before = count();

  auto part = browser.get("/api/v1/parts?limit=1").json()["items"][0];
  auto customer = browser.get("/api/v1/customers?limit=1").json()["items"][0];
  auto wc = browser.get("/api/v1/work-centers?department=laser&limit=1").json()["items"][0];
  const std::string evil = "https://evil.example";
  const std::string form = "number=J-EVIL-1&part_id=" + std::to_string(part["id"].get<int64_t>()) +
                           "&customer_id=" + std::to_string(customer["id"].get<int64_t>()) +
                           "&quantity=5&due=2026-12-20T12%3A00%3A00Z";
  auto refused = browser.request("POST", "/api/v1/jobs", form, "application/x-www-form-urlencoded",
                                 {{"Origin", evil}});
  EXPECT_TRUE(refused.status == 403 || refused.status == 415) << refused.status << refused.body;
  // The same body as JSON from the foreign origin without the CSRF header: refused too.
  const json job = {{"number", "J-EVIL-1"},
                    {"part_id", part["id"]},
                    {"customer_id", customer["id"]},
                    {"quantity", 5},
                    {"due", "2026-12-20T12:00:00Z"},
                    {"operations",
                     {{{"sequence", 10},
                       {"name", "Cut"},
                       {"process", "laser_cut"},
                       {"eligible_work_center_ids", {wc["id"]}},
                       {"run_seconds_per_piece", 30}}}}};
  auto cross_json =
      browser.request("POST", "/api/v1/jobs", job.dump(), "application/json", {{"Origin", evil}});
  EXPECT_EQ(cross_json.status, 403) << cross_json.body;
  EXPECT_EQ(count(), before);
  EXPECT_EQ(browser.get("/api/v1/jobs?q=J-EVIL").json()["total"], 0);

  // The UI's own fetch: JSON, same origin, with the CSRF header.
  const std::string self = "http://127.0.0.1:" + std::to_string(port());
  auto ok = browser.request("POST", "/api/v1/jobs", job.dump(), "application/json",
                            {{"Origin", self}, {"X-Kerf-Csrf", "1"}});
  EXPECT_EQ(ok.status, 201) << ok.body;
  EXPECT_EQ(count(), before + 1);
}

}  // namespace
}  // namespace kerf::e2e
