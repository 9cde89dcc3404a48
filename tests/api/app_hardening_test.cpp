// Hardening of the assembled kerf API (issue 9) with the real app services: out-of-range
// numbers at login, CSRF on cookie sessions, WebSocket streams ending with their session,
// logins on the blocking pool.
#include <gtest/gtest.h>

#include <thread>

#include "api_fixture.h"
#include "support/http_client.h"

namespace kerf::api::testing {
namespace {

using kerf::testing::WsClient;

double in_flight(HttpClient& c) {
  std::string text = c.get("/metrics").body;
  const std::string name = "\nkerf_http_requests_in_flight ";
  auto at = text.find(name);
  return at == std::string::npos ? -1 : std::stod(text.substr(at + name.size()));
}

class AppHardeningTest : public ApiTest {
 protected:
  // Id of the demo user `name` (from its own /auth/me).
  int64_t user_id(const std::string& name) {
    if (!admin_) admin_ = login("admin");
    auto r = login(name)->get("/api/v1/auth/me");
    EXPECT_EQ(r.status, 200) << r.body;
    return r.status == 200 ? r.json()["id"].get<int64_t>() : 0;
  }
  bool active(int64_t id) {
    auto r = admin_->get("/api/v1/users/" + std::to_string(id));
    EXPECT_EQ(r.status, 200) << r.body;
    return r.json()["active"].get<bool>();
  }
  // A client holding only the session cookie of `name` (as a browser would).
  std::unique_ptr<HttpClient> cookie_login(const std::string& name) {
    auto c = std::make_unique<HttpClient>(port());
    auto r =
        c->post_json("/api/v1/auth/login", {{"username", name}, {"password", app::kDemoPassword}});
    EXPECT_EQ(r.status, 200) << r.body;
    EXPECT_TRUE(c->cookies().contains("kerf_session"));
    return c;
  }
};

TEST_F(AppHardeningTest, LoginWithNumberOutOfDoubleRangeIs400AndInFlightReturnsToBaseline) {
  HttpClient c(port());
  double baseline = in_flight(c);
  ASSERT_GE(baseline, 0);
  for (int i = 0; i < 3; ++i) {
    auto r = c.request("POST", "/api/v1/auth/login", R"({"username":1e400,"password":"x"})",
                       "application/json");
    ASSERT_EQ(r.status, 400) << r.body;
    EXPECT_EQ(r.json()["errors"][0]["field"], "username");
  }
  auto pw = c.request("POST", "/api/v1/auth/login", R"({"username":"admin","password":[-1e309]})",
                      "application/json");
  ASSERT_EQ(pw.status, 400) << pw.body;
  EXPECT_EQ(pw.json()["errors"][0]["field"], "password/0");
  EXPECT_EQ(in_flight(c), baseline);
}

TEST_F(AppHardeningTest, CrossSiteCookieRequestCannotDeactivateAUser) {
  int64_t op = user_id("operator");
  auto browser = cookie_login("admin");
  std::string target = "/api/v1/users/" + std::to_string(op) + "/deactivate";
  auto foreign = browser->request("POST", target, "", "application/json",
                                  {{"Origin", "https://evil.example"}});
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  // A plain HTML form: empty urlencoded body, no custom header, no Origin (old browsers).
  auto form = browser->request("POST", target, "", "application/x-www-form-urlencoded");
  EXPECT_EQ(form.status, 403) << form.body;
  // Even same-origin, a form content type is refused.
  auto same_origin_form = browser->request("POST", target, "", "application/x-www-form-urlencoded",
                                           {{"Origin", "http://127.0.0.1"}});
  EXPECT_EQ(same_origin_form.status, 415) << same_origin_form.body;
  EXPECT_TRUE(active(op));
  // The web UI (same origin) and bearer clients work.
  auto same = browser->request("POST", target, "", "", {{"Origin", "http://127.0.0.1"}});
  EXPECT_EQ(same.status, 200) << same.body;
  EXPECT_FALSE(active(op));
  auto bearer = login("admin");
  int64_t shipping = user_id("shipping");
  auto r = bearer->request("POST", "/api/v1/users/" + std::to_string(shipping) + "/deactivate");
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_FALSE(active(shipping));
}

TEST_F(AppHardeningTest, OperatorStreamSkipsUserEventsAndClosesWhenDeactivated) {
  auto op = login("operator");
  std::string token = op->cookies().at("kerf_session");
  WsClient ws(port(), "/api/v1/events?token=" + token);
  auto admin = login("admin");
  WsClient admin_ws(port(), "/api/v1/events",
                    {{"Authorization", "Bearer " + admin->cookies().at("kerf_session")}});
  while (bus_.stats().subscribers < 2) std::this_thread::yield();
  auto created = admin->post_json("/api/v1/users", {{"username", "eve"},
                                                    {"display_name", "Eve"},
                                                    {"password", "a long enough password 1"},
                                                    {"roles", {"operator"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  auto first = ws.read(std::chrono::seconds(20));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(json::parse(*first)["topic"], "job.released");  // not user.created
  auto admin_first = admin_ws.read(std::chrono::seconds(20));
  ASSERT_TRUE(admin_first.has_value());
  EXPECT_EQ(json::parse(*admin_first)["topic"], "user.created");
  // Deactivation ends the operator's sessions; the stream closes instead of going on.
  auto off = admin->request("POST",
                            "/api/v1/users/" + std::to_string(user_id("operator")) + "/deactivate");
  ASSERT_EQ(off.status, 200) << off.body;
  bus_.publish("job.released", R"({"job_id":8})", TimePoint(Micros(0)));
  EXPECT_FALSE(ws.read(std::chrono::seconds(20)).has_value());
  EXPECT_EQ(ws.close_code(), 1008);
}

TEST_F(AppHardeningTest, StreamClosesAfterLogout) {
  auto planner = login("planner");
  WsClient ws(port(), "/api/v1/events?token=" + planner->cookies().at("kerf_session"));
  while (bus_.stats().subscribers < 1) std::this_thread::yield();
  EXPECT_EQ(planner->request("POST", "/api/v1/auth/logout").status, 204);
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  EXPECT_FALSE(ws.read(std::chrono::seconds(20)).has_value());
  EXPECT_EQ(ws.close_code(), 1008);
}

TEST_F(AppHardeningTest, ConcurrentLoginsRunOnTheBlockingPoolAndAllSucceed) {
  constexpr int kClients = 12;
  std::vector<std::thread> threads;
  std::vector<int> statuses(kClients, 0);
  for (int i = 0; i < kClients; ++i) {
    threads.emplace_back([&, i] {
      HttpClient c(port());
      statuses[i] = c.post_json("/api/v1/auth/login",
                                {{"username", "planner"}, {"password", app::kDemoPassword}})
                        .status;
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(statuses, std::vector<int>(kClients, 200));
  auto bearer = login("admin");
  EXPECT_NE(bearer->get("/metrics").body.find("\nkerf_blocking_requests 0\n"), std::string::npos);
}

}  // namespace
}  // namespace kerf::api::testing
