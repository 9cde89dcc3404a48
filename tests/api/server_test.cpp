// The server framework against a synthetic route table: real server, real HTTP client.
#include "kerf/api/server.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <thread>

#include "kerf/api/openapi.h"
#include "support/http_client.h"
#include "support/test_env.h"
#include "test_tokens.h"

namespace kerf::api {
namespace {

using kerf::testing::HttpClient;
using kerf::testing::WsClient;
using nlohmann::json;

Router test_router() {
  Router r;
  r.add({.method = "GET",
         .path = "/api/v1/things/{id}",
         .permission = app::Permission::kWriteJobs,
         .summary = "Get a thing",
         .tag = "things"},
        [](RequestContext& ctx) {
          return json_response({{"id", ctx.path_params.at("id")},
                                {"user", ctx.user().username},
                                {"q", ctx.query_param("q") ? *ctx.query_param("q") : ""}});
        });
  r.add({.method = "GET",
         .path = "/api/v1/things/special",
         .permission = app::Permission::kWriteJobs,
         .summary = "A literal segment beats a parameter",
         .tag = "things"},
        [](RequestContext&) {
          return json_response({{"special", true}});
        });
  r.add({.method = "POST",
         .path = "/api/v1/things",
         .permission = app::Permission::kWriteJobs,
         .summary = "Create a thing",
         .tag = "things",
         .body_type = "application/json",
         .request_schema = {{"type", "object"}},
         .success_status = 201},
        [](RequestContext& ctx) -> Response {
          if (!ctx.json.contains("name"))
            return problem_response(Error::invalid("name", "required"));
          return json_response({{"name", ctx.json["name"]}}, 201);
        });
  r.add({.method = "POST",
         .path = "/api/v1/import",
         .permission = app::Permission::kWriteJobs,
         .summary = "CSV upload",
         .tag = "things",
         .body_type = "text/csv"},
        [](RequestContext& ctx) {
          return json_response({{"bytes", ctx.body.size()}});
        });
  r.add({.method = "POST",
         .path = "/api/v1/throttled",
         .is_public = true,
         .summary = "429",
         .tag = "things"},
        [](RequestContext&) {
          Error e = Error::make(ErrorCode::kResourceExhausted, "too many failed logins");
          e.fields.push_back({"retry_after", "42"});
          return problem_response(e);
        });
  r.add({.method = "GET",
         .path = "/api/v1/boom",
         .is_public = true,
         .summary = "throws",
         .tag = "things"},
        [](RequestContext&) -> Response { throw std::runtime_error("secret detail"); });
  r.add({.method = "GET",
         .path = "/api/v1/anyone",
         .summary = "any authenticated user",
         .tag = "things"},
        [](RequestContext& ctx) {
          json roles = json::array();
          for (auto r : ctx.user().roles) roles.push_back(std::string(model::to_string(r)));
          return json_response({{"roles", roles}});
        });
  return r;
}

Result<Principal> test_auth(std::string_view token) {
  return testing::fixed_token_principal(token);
}

class ServerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    static_dir_ = kerf::testing::make_temp_dir("kerf_api_static");
    std::ofstream(static_dir_ + "/index.html") << "<html>kerf</html>";
    std::filesystem::create_directories(static_dir_ + "/assets");
    std::ofstream(static_dir_ + "/assets/app.js") << "console.log(1)";
    std::ofstream(std::filesystem::path(static_dir_).parent_path() / "kerf_secret.txt") << "s";
    ServerOptions opts;
    opts.threads = 2;
    opts.static_dir = static_dir_;
    opts.ws_ping_interval = std::chrono::milliseconds(60000);
    auto s = Server::start(opts, test_router(), test_auth, &bus_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    server_ = std::move(s.value());
  }
  void TearDown() override {
    if (server_) server_->stop();
  }
  uint16_t port() const { return server_->port(); }

  EventBus bus_;
  std::string static_dir_;
  std::unique_ptr<Server> server_;
};

TEST_F(ServerTest, HealthzIsPublicAndKeepAliveReusesOneConnection) {
  HttpClient c(port());
  for (int i = 0; i < 5; ++i) {
    auto r = c.get("/healthz");
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.json()["status"], "ok");
  }
  EXPECT_EQ(c.connections_opened(), 1);
  EXPECT_NE(port(), 0);
}

TEST_F(ServerTest, UnknownRouteIs404ProblemAndWrongMethodIs405WithAllow) {
  HttpClient c(port());
  auto r = c.get("/api/v1/nothing");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  EXPECT_EQ(r.json()["status"], 404);
  EXPECT_EQ(r.json()["title"], "Not Found");
  auto m = c.request("DELETE", "/api/v1/things");
  EXPECT_EQ(m.status, 405);
  EXPECT_EQ(m.header("allow"), "POST");
}

TEST_F(ServerTest, AuthenticationAndRoles) {
  HttpClient c(port());
  auto none = c.get("/api/v1/things/7");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(none.header("www-authenticate"), "Bearer");
  c.set_bearer("nonsense");
  EXPECT_EQ(c.get("/api/v1/things/7").status, 401);
  c.set_bearer("operator-token");
  auto forbidden = c.get("/api/v1/things/7");
  EXPECT_EQ(forbidden.status, 403);
  EXPECT_EQ(forbidden.header("content-type"), "application/problem+json");
  EXPECT_EQ(c.get("/api/v1/anyone").json()["roles"], json::array({"operator"}));
  c.set_bearer("planner-token");
  auto ok = c.get("/api/v1/things/7?q=a%20b+c");
  ASSERT_EQ(ok.status, 200);
  EXPECT_EQ(ok.json()["id"], "7");
  EXPECT_EQ(ok.json()["user"], "pat");
  EXPECT_EQ(ok.json()["q"], "a b c");
  EXPECT_EQ(c.get("/api/v1/things/special").json()["special"], true);
  c.set_bearer("admin-token");  // admin may do everything
  EXPECT_EQ(c.get("/api/v1/things/7").status, 200);
}

TEST_F(ServerTest, SessionCookieAuthenticates) {
  HttpClient c(port());
  c.cookies()["other"] = "x";
  c.cookies()[kSessionCookie] = "planner-token";
  EXPECT_EQ(c.get("/api/v1/things/1").status, 200);
}

TEST_F(ServerTest, JsonBodyRulesAndProblemDetails) {
  HttpClient c(port());
  c.set_bearer("planner-token");
  auto wrong_type = c.request("POST", "/api/v1/things", R"({"name":"a"})", "text/plain");
  EXPECT_EQ(wrong_type.status, 415);
  auto no_type = c.request("POST", "/api/v1/things", R"({"name":"a"})");
  EXPECT_EQ(no_type.status, 415);
  auto malformed = c.request("POST", "/api/v1/things", R"({"name": tru})", "application/json");
  ASSERT_EQ(malformed.status, 400);
  EXPECT_NE(malformed.json()["detail"].get<std::string>().find("at byte 13"), std::string::npos)
      << malformed.body;
  auto missing = c.post_json("/api/v1/things", json::object());
  ASSERT_EQ(missing.status, 400);
  EXPECT_EQ(missing.json()["errors"][0]["field"], "name");
  EXPECT_EQ(missing.json()["errors"][0]["message"], "required");
  auto created =
      c.request("POST", "/api/v1/things", R"({"name":"a"})", "application/json; charset=utf-8");
  EXPECT_EQ(created.status, 201);
  auto csv = c.request("POST", "/api/v1/import", "a,b\n1,2\n", "text/csv");
  EXPECT_EQ(csv.status, 200);
  EXPECT_EQ(c.request("POST", "/api/v1/import", "a,b\n", "application/json").status, 415);
}

TEST_F(ServerTest, BodyOverOneMebibyteIs413) {
  HttpClient c(port());
  c.set_bearer("planner-token");
  std::string big(kMaxBodyBytes + 1, 'x');
  auto r = c.request("POST", "/api/v1/things", big, "application/json");
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.header("content-type"), "application/problem+json");
  // The server closed that connection; the client transparently reconnects.
  EXPECT_EQ(c.get("/healthz").status, 200);
}

TEST_F(ServerTest, ThrottlingMapsTo429WithRetryAfter) {
  HttpClient c(port());
  auto r = c.request("POST", "/api/v1/throttled");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "42");
  EXPECT_TRUE(r.json()["errors"].empty());  // retry_after is a header, not a field error
}

TEST_F(ServerTest, HandlerExceptionIs500WithoutLeakingDetails) {
  HttpClient c(port());
  auto r = c.get("/api/v1/boom");
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body.find("secret"), std::string::npos);
}

TEST_F(ServerTest, MetricsCountRequestsByRoutePattern) {
  HttpClient c(port());
  c.set_bearer("planner-token");
  for (int i = 0; i < 3; ++i) c.get("/api/v1/things/" + std::to_string(i));
  c.set_bearer("operator-token");
  c.get("/api/v1/things/9");
  EXPECT_EQ(server_->metrics().requests("GET", "/api/v1/things/{id}", 200), 3u);
  EXPECT_EQ(server_->metrics().requests("GET", "/api/v1/things/{id}", 403), 1u);
  server_->metrics().add_gauge("kerf_db_pool_in_use", "connections in use", [] { return 4.0; });
  auto m = c.get("/metrics");
  ASSERT_EQ(m.status, 200);
  EXPECT_NE(
      m.body.find(
          R"(kerf_http_requests_total{method="GET",route="/api/v1/things/{id}",status="200"} 3)"),
      std::string::npos)
      << m.body;
  EXPECT_NE(m.body.find("kerf_http_request_duration_seconds_bucket{route=\"/api/v1/things/{id}\""),
            std::string::npos);
  EXPECT_NE(m.body.find("kerf_db_pool_in_use 4"), std::string::npos);
  EXPECT_NE(m.body.find("kerf_events_published_total 0"), std::string::npos);
}

TEST_F(ServerTest, OpenApiDocumentsEveryRegisteredRoute) {
  HttpClient c(port());
  auto r = c.get("/api/v1/openapi.json");
  ASSERT_EQ(r.status, 200);
  json doc = r.json();
  EXPECT_EQ(doc["openapi"], "3.1.0");
  EXPECT_EQ(doc["components"]["securitySchemes"]["cookieAuth"]["name"], "kerf_session");
  for (const auto& route : server_->router().routes()) {
    std::string method = route.spec.method;
    for (auto& ch : method) ch = static_cast<char>(std::tolower(ch));
    ASSERT_TRUE(doc["paths"].contains(route.spec.path)) << route.spec.path;
    ASSERT_TRUE(doc["paths"][route.spec.path].contains(method)) << method << " " << route.spec.path;
  }
  auto get_thing = doc["paths"]["/api/v1/things/{id}"]["get"];
  EXPECT_EQ(get_thing["parameters"][0]["name"], "id");
  EXPECT_EQ(get_thing["x-kerf-roles"], json::array({"planner"}));
  EXPECT_TRUE(doc["paths"]["/api/v1/things"]["post"].contains("requestBody"));
  EXPECT_TRUE(doc["paths"]["/healthz"]["get"]["security"].empty());
}

TEST_F(ServerTest, StaticFilesWithContentTypesAndNoTraversal) {
  HttpClient c(port());
  auto index = c.get("/");
  EXPECT_EQ(index.status, 200);
  EXPECT_EQ(index.header("content-type"), "text/html; charset=utf-8");
  auto js = c.get("/assets/app.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.header("content-type"), "text/javascript; charset=utf-8");
  EXPECT_EQ(c.get("/jobs/42").body, "<html>kerf</html>");  // SPA route falls back to index
  EXPECT_EQ(c.get("/assets/missing.js").status, 404);
  for (const char* evil : {"/../kerf_secret.txt", "/%2e%2e/kerf_secret.txt",
                           "/assets/..%2f..%2fkerf_secret.txt", "/..%5ckerf_secret.txt"}) {
    auto r = c.get(evil);
    EXPECT_NE(r.status, 200) << evil;
    EXPECT_EQ(r.body.find("s"), r.body.find("s"));  // keep reading
    EXPECT_NE(r.body, "s") << evil;
  }
}

TEST_F(ServerTest, WebSocketStreamsMatchingEventsAndRequiresAuth) {
  EXPECT_THROW(WsClient(port(), "/api/v1/events"), std::runtime_error);
  EXPECT_THROW(WsClient(port(), "/api/v1/events?token=bad"), std::runtime_error);
  WsClient ws(port(), "/api/v1/events?topic=job.&token=operator-token");
  WsClient ws_bearer(port(), "/api/v1/events", {{"Authorization", "Bearer planner-token"}});
  // Wait until both subscriptions exist (the server subscribes right after the handshake).
  while (bus_.stats().subscribers < 2) std::this_thread::yield();
  bus_.publish("operation.started", R"({"op":1})", TimePoint(Micros(0)));
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  auto msg = ws.read(std::chrono::seconds(20));
  ASSERT_TRUE(msg.has_value());
  json e = json::parse(*msg);
  EXPECT_EQ(e["topic"], "job.released");
  EXPECT_EQ(e["payload"]["job_id"], 7);
  EXPECT_EQ(e["at"], "1970-01-01T00:00:00Z");
  auto first = ws_bearer.read(std::chrono::seconds(20));
  ASSERT_TRUE(first.has_value());
  EXPECT_EQ(json::parse(*first)["topic"], "operation.started");
  // Plain GET without upgrade.
  HttpClient c(port());
  c.set_bearer("planner-token");
  EXPECT_EQ(c.get("/api/v1/events").status, 426);
}

TEST_F(ServerTest, StopClosesWebSocketsAndIdleKeepAliveConnections) {
  HttpClient c(port());
  EXPECT_EQ(c.get("/healthz").status, 200);  // leaves an idle kept-alive connection
  WsClient ws(port(), "/api/v1/events?token=planner-token");
  while (bus_.stats().subscribers < 1) std::this_thread::yield();
  std::thread stopper([&] { server_->stop(); });  // the client must answer the close frame
  EXPECT_FALSE(ws.read(std::chrono::seconds(20)).has_value());
  stopper.join();
  EXPECT_EQ(ws.close_code(), 1001);  // going away
  EXPECT_EQ(bus_.stats().subscribers, 0u);
  EXPECT_THROW(c.get("/healthz"), std::runtime_error);
}

}  // namespace
}  // namespace kerf::api
