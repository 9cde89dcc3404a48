// Badge + PIN sign-in at shared shop-floor stations (station sessions with a short idle
// timeout), and the admin routes that set and clear badges. Time is a ManualClock advanced
// instead of slept; clients come from distinct loopback addresses for the throttle keys.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <memory>
#include <string>

#include "kerf/api/app_api.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/time_format.h"
#include "kerf/store/store.h"
#include "support/http_client.h"
#include "support/test_env.h"

namespace kerf::api::testing {
namespace {

using kerf::testing::HttpClient;
using kerf::testing::HttpResponse;
using nlohmann::json;

constexpr const char* kTerminal = "127.0.0.4";
constexpr const char* kOtherTerminal = "127.0.0.5";

class StationRoutesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-station");
    auto db = store::Database::open("sqlite:" + dir_ + "/kerf.db");
    ASSERT_TRUE(db.ok()) << db.error().message;
    db_ = std::move(*db);
    ASSERT_TRUE(store::migrate(*db_).ok());
    services_ =
        std::make_unique<app::Services>(*db_, env_, bus_, app::ServicesOptions::for_tests());
    auto seeded = app::seed_demo(*services_, 7);
    ASSERT_TRUE(seeded.ok()) << seeded.error().message;
    auto floor = app::seed_demo_floor(*services_);
    ASSERT_TRUE(floor.ok()) << floor.error().message;
    ServerOptions opts;
    opts.threads = 2;
    auto server = start_server(opts, *services_);
    ASSERT_TRUE(server.ok()) << server.error().message;
    server_ = std::move(*server);
  }

  void TearDown() override {
    if (server_) server_->stop();
    server_.reset();
    services_.reset();
    db_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<HttpClient> client(const std::string& address = kTerminal) {
    return std::make_unique<HttpClient>(server_->port(), "127.0.0.1", address);
  }

  static HttpResponse badge(HttpClient& c, const std::string& badge, const std::string& pin) {
    return c.post_json("/api/v1/auth/badge", {{"badge", badge}, {"pin", pin}});
  }

  // A client signed in with a password (bearer token).
  std::unique_ptr<HttpClient> login(const std::string& name) {
    auto c = client("127.0.0.1");
    auto r =
        c->post_json("/api/v1/auth/login", {{"username", name}, {"password", app::kDemoPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    if (r.status == 200) c->set_bearer(r.json()["token"]);
    return c;
  }

  // The id of the demo user `name`.
  int64_t user_id(const std::string& name) {
    auto admin = login("admin");
    auto r = admin->get("/api/v1/users?q=" + name + "&limit=100");
    EXPECT_EQ(r.status, 200) << r.body;
    for (json body = r.json(); const auto& u : body["items"]) {
      if (u["username"] == name) return u["id"];
    }
    ADD_FAILURE() << "no user " << name;
    return 0;
  }

  static std::string field_of(const HttpResponse& r) {
    auto j = r.json();
    if (!j.contains("errors") || j["errors"].empty()) return "";
    return j["errors"][0]["field"];
  }

  ManualClock clock_{*parse_iso8601("2026-11-24T07:00:00Z")};
  Env env_{clock_, 42};
  EventBus bus_;
  std::string dir_;
  std::unique_ptr<store::Database> db_;
  std::unique_ptr<app::Services> services_;
  std::unique_ptr<Server> server_;
};

TEST_F(StationRoutesTest, BadgeAndPinOpenAStationSession) {
  auto terminal = client();
  auto r = badge(*terminal, "B-1001", "1234");
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.json()["user"]["username"], "operator");
  EXPECT_EQ(r.json()["expires"], "2026-11-24T07:05:00Z");  // now + 300 s idle
  std::string cookie = r.header("set-cookie");
  EXPECT_EQ(cookie.rfind("kerf_session=" + r.json()["token"].get<std::string>() + ";", 0), 0)
      << cookie;
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos);
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos);

  terminal->set_bearer(r.json()["token"]);
  auto me = terminal->get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;
  EXPECT_EQ(me.json()["username"], "operator");
  EXPECT_EQ(me.json()["station"], true);
  EXPECT_EQ(me.json()["idle_timeout_s"], 300);
  // A badge as keyed in: case and surrounding blanks do not matter.
  EXPECT_EQ(badge(*client(kOtherTerminal), "  b-1002 ", "5678").json()["user"]["username"], "lead");

  // A password session is not a station session and keeps the long idle timeout.
  auto desk = login("planner")->get("/api/v1/auth/me");
  EXPECT_EQ(desk.json()["station"], false);
  EXPECT_EQ(desk.json()["idle_timeout_s"], 12 * 3600);
}

TEST_F(StationRoutesTest, WrongPinAndUnknownBadgeGetTheSame401) {
  auto terminal = client();
  auto wrong_pin = badge(*terminal, "B-1001", "9999");
  auto unknown = badge(*terminal, "B-4242", "1234");
  auto malformed = badge(*terminal, "B-1001", "12");
  ASSERT_EQ(wrong_pin.status, 401) << wrong_pin.body;
  ASSERT_EQ(unknown.status, 401) << unknown.body;
  ASSERT_EQ(malformed.status, 401) << malformed.body;
  EXPECT_EQ(wrong_pin.json()["detail"], "invalid badge or PIN");
  EXPECT_EQ(unknown.json()["detail"], wrong_pin.json()["detail"]);
  EXPECT_EQ(malformed.json()["detail"], wrong_pin.json()["detail"]);
  EXPECT_EQ(wrong_pin.header("set-cookie"), "");
  // Missing members are 400 naming them, like the password login.
  auto missing = terminal->post_json("/api/v1/auth/badge", {{"badge", "B-1001"}});
  EXPECT_EQ(missing.status, 400);
  EXPECT_EQ(field_of(missing), "pin");
}

TEST_F(StationRoutesTest, RepeatedWrongPinsAreThrottledLikePasswords) {
  auto terminal = client();
  for (int i = 0; i < 5; ++i) {
    auto r = badge(*terminal, "B-1001", "000" + std::to_string(i));
    ASSERT_EQ(r.status, 401) << i << " " << r.body;
  }
  auto blocked = badge(*terminal, "B-1001", "1234");
  EXPECT_EQ(blocked.status, 429) << blocked.body;
  EXPECT_EQ(blocked.header("retry-after"), "30");
  // The key is (badge, address): the same badge at another terminal and another badge at this
  // one still sign in.
  EXPECT_EQ(badge(*client(kOtherTerminal), "B-1001", "1234").status, 200);
  EXPECT_EQ(badge(*terminal, "B-1002", "5678").status, 200);
  clock_.advance(std::chrono::seconds(30));
  EXPECT_EQ(badge(*terminal, "B-1001", "1234").status, 200);
}

TEST_F(StationRoutesTest, StationSessionEndsAfterIdleTimeoutWhileActivityKeepsItAlive) {
  auto terminal = client();
  auto r = badge(*terminal, "B-1003", "2468");
  ASSERT_EQ(r.status, 200) << r.body;
  terminal->set_bearer(r.json()["token"]);
  auto desk = login("planner");

  clock_.advance(std::chrono::seconds(299));
  auto me = terminal->get("/api/v1/auth/me");
  ASSERT_EQ(me.status, 200) << me.body;  // activity slides the idle expiry
  EXPECT_EQ(me.json()["expires"], "2026-11-24T07:09:59Z");
  clock_.advance(std::chrono::seconds(299));
  ASSERT_EQ(terminal->get("/api/v1/jobs?limit=1").status, 200);
  clock_.advance(std::chrono::seconds(301));
  EXPECT_EQ(terminal->get("/api/v1/auth/me").status, 401);  // idle > 300 s: signed out
  // The password session of the same period is still alive.
  EXPECT_EQ(desk->get("/api/v1/auth/me").status, 200);
}

TEST_F(StationRoutesTest, AdminSetsAndClearsBadgesWithoutTheBadgeEverBeingShown) {
  auto admin = login("admin");
  const int64_t planner = user_id("planner");
  auto set = admin->put_json("/api/v1/users/" + std::to_string(planner) + "/badge",
                             {{"badge", "ZX-7781"}, {"pin", "4321"}});
  ASSERT_EQ(set.status, 200) << set.body;
  EXPECT_EQ(set.json()["username"], "planner");
  EXPECT_EQ(set.json()["has_badge"], true);
  EXPECT_EQ(set.body.find("ZX-7781"), std::string::npos) << set.body;
  EXPECT_EQ(set.body.find("4321"), std::string::npos) << set.body;

  auto signed_in = badge(*client(), "ZX-7781", "4321");
  ASSERT_EQ(signed_in.status, 200) << signed_in.body;
  EXPECT_EQ(signed_in.json()["user"]["username"], "planner");
  EXPECT_EQ(signed_in.body.find("ZX-7781"), std::string::npos);

  // Replacing the badge retires the old one.
  ASSERT_EQ(admin
                ->put_json("/api/v1/users/" + std::to_string(planner) + "/badge",
                           {{"badge", "ZX-7782"}, {"pin", "87654321"}})
                .status,
            200);
  EXPECT_EQ(badge(*client(), "ZX-7781", "4321").status, 401);
  EXPECT_EQ(badge(*client(), "ZX-7782", "87654321").status, 200);

  auto cleared = admin->del("/api/v1/users/" + std::to_string(planner) + "/badge");
  EXPECT_EQ(cleared.status, 204) << cleared.body;
  EXPECT_EQ(badge(*client(), "ZX-7782", "87654321").status, 401);

  // The audit rows say what happened, never the badge, its key or the PIN.
  auto audit = admin->get("/api/v1/audit?entity=user&entity_id=" + std::to_string(planner));
  ASSERT_EQ(audit.status, 200) << audit.body;
  std::vector<std::string> actions;
  for (json body = audit.json(); const auto& row : body["items"]) actions.push_back(row["action"]);
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "set_badge"), 2) << audit.body;
  EXPECT_EQ(std::count(actions.begin(), actions.end(), "clear_badge"), 1) << audit.body;
  for (const char* secret : {"ZX-778", "4321", "87654321", "badge_key", "pin_hash"}) {
    EXPECT_EQ(audit.body.find(secret), std::string::npos) << secret << " in " << audit.body;
  }
  auto all = admin->get("/api/v1/audit?entity=user&limit=1000");
  EXPECT_EQ(all.body.find("B-100"), std::string::npos);  // the demo badges neither
}

TEST_F(StationRoutesTest, BadgeRoutesRefuseNonAdminsBadInputAndTakenBadges) {
  const std::string target = "/api/v1/users/" + std::to_string(user_id("planner")) + "/badge";
  const json body = {{"badge", "ZX-9000"}, {"pin", "1111"}};
  EXPECT_EQ(client()->put_json(target, body).status, 401);
  for (const char* role : {"planner", "lead", "operator", "quality"}) {
    auto r = login(role)->put_json(target, body);
    EXPECT_EQ(r.status, 403) << role << " " << r.body;
    EXPECT_EQ(login(role)->del(target).status, 403) << role;
  }
  auto admin = login("admin");
  auto short_pin = admin->put_json(target, {{"badge", "ZX-9000"}, {"pin", "12"}});
  EXPECT_EQ(short_pin.status, 400) << short_pin.body;
  EXPECT_EQ(field_of(short_pin), "pin");
  auto letters = admin->put_json(target, {{"badge", "ZX-9000"}, {"pin", "12ab"}});
  EXPECT_EQ(field_of(letters), "pin");
  auto numeric = admin->put_json(target, {{"badge", "ZX-9000"}, {"pin", 1234}});
  EXPECT_EQ(numeric.status, 400);
  EXPECT_EQ(field_of(numeric), "pin");
  auto bad_badge = admin->put_json(target, {{"badge", "a b"}, {"pin", "1234"}});
  EXPECT_EQ(bad_badge.status, 400);
  EXPECT_EQ(field_of(bad_badge), "badge");
  // B-1001 is the demo operator's.
  auto taken = admin->put_json(target, {{"badge", "b-1001"}, {"pin", "1234"}});
  EXPECT_EQ(taken.status, 409) << taken.body;
  EXPECT_EQ(field_of(taken), "badge");
  EXPECT_EQ(admin->put_json("/api/v1/users/999999/badge", body).status, 404);
  // Nothing of that was written: the operator still signs in with B-1001.
  EXPECT_EQ(badge(*client(), "B-1001", "1234").json()["user"]["username"], "operator");
}

}  // namespace
}  // namespace kerf::api::testing
