// Hardening of the assembled server against hostile or broken clients (issue 9), over a
// synthetic route table: real server, real HTTP/WebSocket clients and raw TCP sockets.
#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <set>
#include <thread>

#include "kerf/api/server.h"
#include "raw_http.h"
#include "support/http_client.h"
#include "test_tokens.h"

namespace kerf::api {
namespace {

using kerf::testing::HttpClient;
using kerf::testing::WsClient;
using nlohmann::json;
using testing::raw_connect;
using testing::raw_exchange;
using testing::raw_status;

// Polls `done` until it holds or 20 s passed (a watchdog, not a timing assertion).
template <typename F>
bool eventually(F done) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (!done()) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
  return true;
}

// A WebSocket upgrade request for `target` with `extra` header lines.
std::string upgrade_request(const std::string& target, const std::string& extra = "") {
  return "GET " + target +
         " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
         "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n" +
         extra + "\r\n";
}

// The value of an unlabelled metric line "name value" in an exposition, or -1.
double metric_value(const std::string& text, const std::string& name) {
  auto at = text.find("\n" + name + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + name.size() + 2));
}

// Number of lines starting with `prefix`.
int count_lines(const std::string& text, const std::string& prefix) {
  int n = 0;
  for (std::size_t at = 0; at < text.size();) {
    auto end = text.find('\n', at);
    if (end == std::string::npos) end = text.size();
    if (std::string_view(text).substr(at, end - at).starts_with(prefix)) ++n;
    at = end + 1;
  }
  return n;
}

class HardeningTest : public ::testing::Test {
 protected:
  void SetUp() override { start({}); }
  void TearDown() override {
    release_slow();
    if (server_) server_->stop();
  }

  void start(std::function<void(ServerOptions&)> tweak) {
    if (server_) server_->stop();
    ServerOptions opts;
    opts.threads = 2;
    opts.ws_ping_interval = std::chrono::milliseconds(60000);
    if (tweak) tweak(opts);
    auto s = Server::start(
        opts, router(), [this](std::string_view t) { return auth(t); }, &bus_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    server_ = std::move(s.value());
  }

  Result<Principal> auth(std::string_view token) {
    std::lock_guard lock(mu_);
    if (revoked_.contains(std::string(token))) {
      return Error::make(ErrorCode::kUnauthenticated, "logged out");
    }
    return testing::fixed_token_principal(token);
  }

  void revoke(const std::string& token) {
    std::lock_guard lock(mu_);
    revoked_.insert(token);
  }

  void release_slow() {
    std::lock_guard lock(mu_);
    released_ = true;
    cv_.notify_all();
  }

  Router router() {
    Router r;
    r.add({.method = "POST",
           .path = "/api/v1/things",
           .permission = app::Permission::kWriteJobs,
           .summary = "Create a thing",
           .tag = "things",
           .body_type = "application/json",
           .success_status = 201},
          [this](RequestContext& ctx) {
            ++created_;
            return json_response({{"name", ctx.json.value("name", json())}}, 201);
          });
    r.add({.method = "POST",
           .path = "/api/v1/poke",
           .summary = "State change without a body",
           .tag = "things",
           .success_status = 204},
          [this](RequestContext&) {
            ++poked_;
            return no_content();
          });
    r.add({.method = "POST",
           .path = "/api/v1/slow",
           .is_public = true,
           .summary = "Blocks until the test releases it",
           .tag = "things",
           .blocking = true},
          [this](RequestContext&) {
            std::unique_lock lock(mu_);
            ++slow_entered_;
            cv_.wait(lock, [this] { return released_; });
            return json_response({{"ok", true}});
          });
    return r;
  }

  uint16_t port() const { return server_->port(); }
  std::string metrics_text() {
    HttpClient c(port());
    return c.get("/metrics").body;
  }

  EventBus bus_;
  std::unique_ptr<Server> server_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::set<std::string> revoked_;
  bool released_ = false;
  int slow_entered_ = 0;
  std::atomic<int> created_{0};
  std::atomic<int> poked_{0};
};

// --- 1. /metrics label cardinality -------------------------------------------------------------

TEST_F(HardeningTest, MetricsLabelsStayBoundedUnderGarbageMethodsAndPaths) {
  HttpClient c(port());
  for (int i = 0; i < 200; ++i) {
    std::string method = "X" + std::string(500, 'M') + std::to_string(i);
    EXPECT_EQ(c.request(method, "/api/v1/things").status, 405);
    EXPECT_EQ(c.request(method, "/nowhere/" + std::to_string(i)).status, 404);
    EXPECT_EQ(c.get("/api/v1/nowhere/" + std::to_string(i)).status, 404);
  }
  std::string text = metrics_text();
  // 600 requests with distinct methods and paths land in three label sets.
  EXPECT_LE(count_lines(text, "kerf_http_requests_total{"), 6) << text;
  EXPECT_LE(count_lines(text, "kerf_http_request_duration_seconds_count{"), 4) << text;
  EXPECT_EQ(text.find("MMMM"), std::string::npos);
  EXPECT_EQ(text.find("/nowhere/"), std::string::npos);
  EXPECT_LT(text.size(), 16u * 1024) << text;
  EXPECT_EQ(server_->metrics().requests("other", "unmatched", 404), 200u);
  EXPECT_EQ(server_->metrics().requests("other", "unmatched", 405), 200u);
  EXPECT_EQ(server_->metrics().requests("GET", "unmatched", 404), 200u);
}

// --- 2. numbers out of double range ------------------------------------------------------------

TEST_F(HardeningTest, NumberOutOfDoubleRangeIs400NamingTheFieldAndInFlightReturnsToBaseline) {
  double baseline = metric_value(metrics_text(), "kerf_http_requests_in_flight");
  ASSERT_GE(baseline, 0);
  HttpClient c(port());
  c.set_bearer("planner-token");
  auto top = c.request("POST", "/api/v1/things", R"({"name":1e400})", "application/json");
  ASSERT_EQ(top.status, 400) << top.body;
  EXPECT_EQ(top.json()["errors"][0]["field"], "name");
  EXPECT_NE(top.json()["detail"].get<std::string>().find("out of range"), std::string::npos);
  auto nested = c.request("POST", "/api/v1/things", R"({"name":"a","rows":[1,{"qty":-2e999}]})",
                          "application/json");
  ASSERT_EQ(nested.status, 400) << nested.body;
  EXPECT_EQ(nested.json()["errors"][0]["field"], "rows/1/qty");
  auto bare = c.request("POST", "/api/v1/things", "1e400", "application/json");
  EXPECT_EQ(bare.status, 400) << bare.body;
  // The same keep-alive connection still works, and nothing was created.
  EXPECT_EQ(c.post_json("/api/v1/things", {{"name", 1e300}}).status, 201);
  EXPECT_EQ(created_, 1);
  EXPECT_EQ(metric_value(metrics_text(), "kerf_http_requests_in_flight"), baseline);
}

// --- 3. malformed HTTP ---------------------------------------------------------------------------

TEST_F(HardeningTest, OversizedHeadersAre431ProblemThenClose) {
  std::string req =
      "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(20000, 'a') + "\r\n\r\n";
  std::string res = raw_exchange(port(), req);
  EXPECT_EQ(raw_status(res), 431) << res.substr(0, 200);
  EXPECT_NE(res.find("application/problem+json"), std::string::npos);
  EXPECT_NE(res.find("Connection: close"), std::string::npos);
}

TEST_F(HardeningTest, BadRequestLineIs400ProblemThenClose) {
  for (std::string line : {"NOT A REQUEST\r\n\r\n", "GET /healthz HTTP/9.Z\r\n\r\n",
                           "G<T /healthz HTTP/1.1\r\nHost: x\r\n\r\n"}) {
    std::string res = raw_exchange(port(), line);
    EXPECT_EQ(raw_status(res), 400) << line << " -> " << res.substr(0, 200);
    EXPECT_NE(res.find("application/problem+json"), std::string::npos) << line;
  }
}

TEST_F(HardeningTest, DuplicateContentLengthIs400AndTheBodyIsNotHandled) {
  for (std::string lengths : {"Content-Length: 2\r\nContent-Length: 2\r\n",
                              "Content-Length: 2\r\nContent-Length: 13\r\n"}) {
    std::string req =
        "POST /api/v1/things HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer planner-token\r\n"
        "Content-Type: application/json\r\n" +
        lengths + "\r\n{}";
    std::string res = raw_exchange(port(), req);
    EXPECT_EQ(raw_status(res), 400) << res.substr(0, 300);
    EXPECT_NE(res.find("duplicate Content-Length"), std::string::npos);
  }
  EXPECT_EQ(created_, 0);
}

// --- 4. CSRF -------------------------------------------------------------------------------------

TEST_F(HardeningTest, CookieSessionNeedsSameOriginOrCsrfHeaderForStateChanges) {
  HttpClient c(port());
  c.cookies()["kerf_session"] = "planner-token";
  auto foreign = c.request("POST", "/api/v1/things", R"({"name":"x"})", "application/json",
                           {{"Origin", "http://evil.example"}});
  EXPECT_EQ(foreign.status, 403) << foreign.body;
  auto no_origin = c.request("POST", "/api/v1/poke");
  EXPECT_EQ(no_origin.status, 403) << no_origin.body;
  auto null_origin = c.request("POST", "/api/v1/poke", "", "", {{"Origin", "null"}});
  EXPECT_EQ(null_origin.status, 403);
  auto other_port = c.request("POST", "/api/v1/poke", "", "", {{"Origin", "http://127.0.0.1:1"}});
  EXPECT_EQ(other_port.status, 403);
  EXPECT_EQ(created_, 0);
  EXPECT_EQ(poked_, 0);
  // The test client sends "Host: 127.0.0.1", so this Origin is same-origin.
  auto same = c.request("POST", "/api/v1/things", R"({"name":"x"})", "application/json",
                        {{"Origin", "http://127.0.0.1"}});
  EXPECT_EQ(same.status, 201) << same.body;
  EXPECT_EQ(c.request("POST", "/api/v1/poke", "", "", {{"X-Kerf-Csrf", "1"}}).status, 204);
  EXPECT_EQ(c.get("/metrics").status, 200);  // reads need nothing
  // Bearer clients are not affected, with or without an Origin.
  HttpClient b(port());
  b.set_bearer("planner-token");
  EXPECT_EQ(b.request("POST", "/api/v1/poke").status, 204);
  EXPECT_EQ(b.request("POST", "/api/v1/poke", "", "", {{"Origin", "http://evil.example"}}).status,
            204);
  EXPECT_EQ(created_, 1);
  EXPECT_EQ(poked_, 3);
}

TEST_F(HardeningTest, FormContentTypesAreRefusedEvenWithAnEmptyBody) {
  HttpClient b(port());
  b.set_bearer("planner-token");
  for (std::string type :
       {"application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/plain"}) {
    EXPECT_EQ(b.request("POST", "/api/v1/things", "", type).status, 415) << type;
    EXPECT_EQ(b.request("POST", "/api/v1/poke", "", type).status, 415) << type;
  }
  EXPECT_EQ(created_, 0);
  EXPECT_EQ(poked_, 0);
}

// --- 5. WebSocket ------------------------------------------------------------------------------

TEST_F(HardeningTest, WebSocketUpgradeChecksOrigin) {
  EXPECT_THROW(
      WsClient(port(), "/api/v1/events?token=planner-token", {{"Origin", "http://evil.example"}}),
      std::runtime_error);
  std::string res = raw_exchange(port(), upgrade_request("/api/v1/events?token=planner-token",
                                                         "Origin: http://evil.example\r\n"));
  EXPECT_EQ(raw_status(res), 403) << res;
  EXPECT_NE(res.find("is not this server"), std::string::npos) << res;
  WsClient same(port(), "/api/v1/events?token=planner-token", {{"Origin", "http://127.0.0.1"}});
  WsClient none(port(), "/api/v1/events?token=planner-token");
  ASSERT_TRUE(eventually([&] { return bus_.stats().subscribers == 2; }));
  bus_.publish("job.released", "{}", TimePoint(Micros(0)));
  EXPECT_TRUE(same.read(std::chrono::seconds(20)).has_value());
  EXPECT_TRUE(none.read(std::chrono::seconds(20)).has_value());
}

TEST_F(HardeningTest, UserTopicsReachOnlyAdmins) {
  WsClient op(port(), "/api/v1/events?token=operator-token");
  WsClient admin(port(), "/api/v1/events?token=admin-token");
  ASSERT_TRUE(eventually([&] { return bus_.stats().subscribers == 2; }));
  bus_.publish("user.created", R"({"username":"eve"})", TimePoint(Micros(0)));
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  auto first_op = op.read(std::chrono::seconds(20));
  ASSERT_TRUE(first_op.has_value());
  EXPECT_EQ(json::parse(*first_op)["topic"], "job.released");  // user.created was skipped
  auto first_admin = admin.read(std::chrono::seconds(20));
  ASSERT_TRUE(first_admin.has_value());
  EXPECT_EQ(json::parse(*first_admin)["topic"], "user.created");
}

TEST_F(HardeningTest, WebSocketClosesWhenItsSessionEndsBeforeTheNextEvent) {
  WsClient ws(port(), "/api/v1/events?token=planner-token");
  WsClient other(port(), "/api/v1/events?token=operator-token");
  ASSERT_TRUE(eventually([&] { return bus_.stats().subscribers == 2; }));
  revoke("planner-token");  // logout / deactivation
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  EXPECT_FALSE(ws.read(std::chrono::seconds(20)).has_value());
  EXPECT_EQ(ws.close_code(), 1008);
  EXPECT_TRUE(other.read(std::chrono::seconds(20)).has_value());
}

TEST_F(HardeningTest, IdleWebSocketClosesWhenItsSessionEndsOnTheRecheckTimer) {
  start([](ServerOptions& o) { o.ws_session_check_interval = std::chrono::milliseconds(50); });
  WsClient ws(port(), "/api/v1/events?token=planner-token");
  ASSERT_TRUE(eventually([&] { return bus_.stats().subscribers == 1; }));
  revoke("planner-token");  // no event is ever published
  EXPECT_FALSE(ws.read(std::chrono::seconds(20)).has_value());
  EXPECT_EQ(ws.close_code(), 1008);
  EXPECT_TRUE(eventually([&] { return bus_.stats().subscribers == 0; }));
}

// --- 6. stop with a WebSocket client that never answers -----------------------------------------

TEST_F(HardeningTest, StopReturnsWithAWebSocketClientThatNeverAnswersTheClose) {
  boost::asio::io_context ioc;
  auto s = raw_connect(ioc, port());
  boost::asio::write(s, boost::asio::buffer(upgrade_request("/api/v1/events?token=planner-token")));
  std::string head;
  boost::asio::read_until(s, boost::asio::dynamic_buffer(head), "\r\n\r\n");
  ASSERT_EQ(raw_status(head), 101) << head;
  ASSERT_TRUE(eventually([&] { return bus_.stats().subscribers == 1; }));
  // From here the client reads nothing and never answers the close frame.
  HttpClient idle(port());
  EXPECT_EQ(idle.get("/healthz").status, 200);
  server_->stop();
  EXPECT_EQ(bus_.stats().subscribers, 0u);
  EXPECT_THROW(idle.get("/healthz"), std::runtime_error);
  server_.reset();  // destroying the stopped server is clean too
}

// --- 7. blocking handlers on a bounded pool ----------------------------------------------------

TEST_F(HardeningTest, BlockingHandlersLeaveTheIoThreadsFreeAndOverflowIs503) {
  start([](ServerOptions& o) {
    o.threads = 2;
    o.blocking_threads = 1;
    o.blocking_queue_limit = 2;
  });
  // Two blocking requests: one runs (and blocks), one waits in the queue. Had they run on the
  // two I/O threads, nothing below could be answered until they were released.
  std::vector<std::thread> clients;
  std::vector<int> statuses(2, 0);
  for (int i = 0; i < 2; ++i) {
    clients.emplace_back([&, i] {
      HttpClient c(port());
      statuses[i] = c.request("POST", "/api/v1/slow").status;
    });
  }
  ASSERT_TRUE(eventually([&] {
    std::lock_guard lock(mu_);
    return slow_entered_ == 1 &&
           server_->metrics().render().find("\nkerf_blocking_requests 2\n") != std::string::npos;
  }));
  HttpClient c(port());
  EXPECT_EQ(c.get("/healthz").status, 200);
  EXPECT_NE(c.get("/metrics").body.find("\nkerf_blocking_requests 2\n"), std::string::npos);
  auto busy = c.request("POST", "/api/v1/slow");
  EXPECT_EQ(busy.status, 503);
  EXPECT_EQ(busy.header("retry-after"), "1");
  release_slow();
  for (auto& t : clients) t.join();
  EXPECT_EQ(statuses, (std::vector<int>{200, 200}));
  EXPECT_NE(c.get("/metrics").body.find("\nkerf_blocking_requests 0\n"), std::string::npos);
}

}  // namespace
}  // namespace kerf::api
