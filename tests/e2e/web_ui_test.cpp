// The real `kerf serve` serving a built web UI: the app shell for client-side routes, assets
// with their content types, and the security headers on every response (static and API).
#include <filesystem>
#include <fstream>

#include "e2e_fixture.h"
#include "support/test_env.h"

namespace kerf::e2e {
namespace {

constexpr const char* kCsp =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::filesystem::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

void expect_security_headers(const kerf::testing::HttpResponse& r, const std::string& what) {
  EXPECT_EQ(r.header("content-security-policy"), kCsp) << what;
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff") << what;
  EXPECT_EQ(r.header("x-frame-options"), "DENY") << what;
  EXPECT_EQ(r.header("referrer-policy"), "same-origin") << what;
  EXPECT_EQ(r.header("permissions-policy"), "camera=(self), microphone=(), geolocation=()") << what;
}

class WebUiTest : public ::testing::Test {
 protected:
  void SetUp() override { dir_ = kerf::testing::make_temp_dir("kerf-e2e-web"); }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string dir_;
};

TEST_F(WebUiTest, ServesTheAppShellAssetsAndSecurityHeaders) {
  const std::filesystem::path web = std::filesystem::path(dir_) / "web";
  const std::string index = "<!doctype html><title>kerf</title><div id=root></div>";
  write_file(web / "index.html", index);
  write_file(web / "assets" / "x.js", "console.log('kerf');\n");
  KerfProcess kerf({"--data", dir_ + "/data"}, {{"KERF_WEB_DIR", web.string()}});
  HttpClient client(kerf.port());

  for (const char* path : {"/", "/jobs/123"}) {
    auto r = client.get(path);
    ASSERT_EQ(r.status, 200) << path << "\n" << kerf.log();
    EXPECT_EQ(r.body, index) << path;
    EXPECT_TRUE(r.header("content-type").starts_with("text/html")) << r.header("content-type");
    expect_security_headers(r, path);
  }
  auto js = client.get("/assets/x.js");
  ASSERT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(js.body, "console.log('kerf');\n");
  expect_security_headers(js, "/assets/x.js");
  EXPECT_EQ(client.get("/assets/missing.js").status, 404);
  auto api = client.get("/api/v1/auth/me");
  EXPECT_EQ(api.status, 401);
  expect_security_headers(api, "/api/v1/auth/me");
  EXPECT_NE(kerf.log().find("serving the web UI from"), std::string::npos) << kerf.log();
  expect_clean_stop(kerf);
}

TEST_F(WebUiTest, TheDemoShopIsARunningShop) {
  KerfProcess kerf({"--demo", "--data", dir_ + "/data"});
  auto lead = login(kerf.port(), "lead");
  auto board = lead->get("/api/v1/schedule/board");
  ASSERT_EQ(board.status, 200) << board.body;
  EXPECT_FALSE(board.json()["slots"].empty());
  // One committed run (the demo's plan); the agents' what-if runs are never committed.
  auto runs = lead->get("/api/v1/schedule/runs");
  ASSERT_EQ(runs.status, 200);
  const json run_list = runs.json();
  int committed = 0;
  for (const auto& r : run_list["items"]) {
    if (r["committed"] == true) ++committed;
    if (r["committed"] != true) EXPECT_EQ(r["what_if"], true) << r.dump();
  }
  EXPECT_EQ(committed, 1) << runs.body;
  auto dash = lead->get("/api/v1/dashboard");
  ASSERT_EQ(dash.status, 200) << dash.body;
  int64_t wip = 0;
  const json departments = dash.json()["departments"];
  for (const auto& d : departments) wip += d["wip"].get<int64_t>();
  EXPECT_GT(wip, 0);
  EXPECT_GT(dash.json()["adherence"]["operations"].get<int64_t>(), 0);
  expect_clean_stop(kerf);
}

}  // namespace
}  // namespace kerf::e2e
