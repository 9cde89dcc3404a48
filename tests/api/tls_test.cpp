// HTTPS: the real app over TLS with a self-signed certificate made by the openssl CLI, a Beast
// SSL client (HTTP and WebSocket), plain HTTP refused on the TLS port.
#include <gtest/gtest.h>

#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <cstdlib>
#include <thread>

#include "api_fixture.h"

namespace kerf::api::testing {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// A self-signed certificate for 127.0.0.1 in `dir`: {cert file, key file}.
std::pair<std::string, std::string> make_certificate(const std::string& dir) {
  std::string cert = dir + "/cert.pem";
  std::string key = dir + "/key.pem";
  std::string cmd =
      "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 "
      "-subj /CN=127.0.0.1 -keyout '" +
      key + "' -out '" + cert + "' >/dev/null 2>&1";
  EXPECT_EQ(std::system(cmd.c_str()), 0) << cmd;
  return {cert, key};
}

// A TLS client context that trusts exactly the test certificate.
asio::ssl::context client_context(const std::string& cert) {
  asio::ssl::context ctx(asio::ssl::context::tls_client);
  ctx.load_verify_file(cert);
  ctx.set_verify_mode(asio::ssl::verify_peer);
  return ctx;
}

// One HTTPS request on a fresh connection.
http::response<http::string_body> https_request(asio::ssl::context& ctx, uint16_t port,
                                                http::verb method, const std::string& target,
                                                const std::string& body = "",
                                                const std::string& bearer = "") {
  asio::io_context ioc;
  TlsStream stream(ioc, ctx);
  beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(20));  // watchdog
  beast::get_lowest_layer(stream).connect({asio::ip::make_address("127.0.0.1"), port});
  stream.handshake(asio::ssl::stream_base::client);
  http::request<http::string_body> req{method, target, 11};
  req.set(http::field::host, "127.0.0.1");
  if (!body.empty()) req.set(http::field::content_type, "application/json");
  if (!bearer.empty()) req.set(http::field::authorization, "Bearer " + bearer);
  req.body() = body;
  req.prepare_payload();
  http::write(stream, req);
  beast::flat_buffer buffer;
  http::response<http::string_body> res;
  http::read(stream, buffer, res);
  return res;
}

class TlsTest : public ApiTest {
 protected:
  void SetUp() override {
    ApiTest::SetUp();
    tls_dir_ = kerf::testing::make_temp_dir("kerf-tls");
    std::tie(cert_, key_) = make_certificate(tls_dir_);
  }
  void TearDown() override {
    if (tls_server_) tls_server_->stop();
    tls_server_.reset();
    ApiTest::TearDown();
    std::filesystem::remove_all(tls_dir_);
  }
  Result<std::unique_ptr<Server>> start_tls(const std::string& cert, const std::string& key) {
    ServerOptions o;
    o.threads = 2;
    o.tls_cert_file = cert;
    o.tls_key_file = key;
    return start_server(o, *services_);
  }

  std::string tls_dir_, cert_, key_;
  std::unique_ptr<Server> tls_server_;
};

TEST_F(TlsTest, HttpsLoginSetsSecureCookieAndHstsAndPlainHttpIsRefused) {
  auto started = start_tls(cert_, key_);
  ASSERT_TRUE(started.ok()) << started.error().message;
  tls_server_ = std::move(*started);
  uint16_t tls_port = tls_server_->port();
  auto ctx = client_context(cert_);
  json login = {{"username", "planner"}, {"password", app::kDemoPassword}};
  auto res = https_request(ctx, tls_port, http::verb::post, "/api/v1/auth/login", login.dump());
  ASSERT_EQ(res.result_int(), 200) << res.body();
  std::string cookie(res[http::field::set_cookie]);
  EXPECT_NE(cookie.find("kerf_session="), std::string::npos);
  EXPECT_NE(cookie.find("; Secure"), std::string::npos) << cookie;
  EXPECT_EQ(res[http::field::strict_transport_security], "max-age=31536000");
  std::string token = json::parse(res.body())["token"];
  auto me = https_request(ctx, tls_port, http::verb::get, "/api/v1/auth/me", "", token);
  EXPECT_EQ(me.result_int(), 200) << me.body();
  EXPECT_EQ(me[http::field::strict_transport_security], "max-age=31536000");

  // The event stream over TLS (wss).
  asio::io_context ioc;
  websocket::stream<TlsStream> ws(ioc, ctx);
  beast::get_lowest_layer(ws).expires_after(std::chrono::seconds(20));  // watchdog
  beast::get_lowest_layer(ws).connect({asio::ip::make_address("127.0.0.1"), tls_port});
  ws.next_layer().handshake(asio::ssl::stream_base::client);
  ws.handshake("127.0.0.1", "/api/v1/events?topic=job.&token=" + token);
  while (bus_.stats().subscribers < 1) std::this_thread::yield();
  bus_.publish("job.released", R"({"job_id":7})", TimePoint(Micros(0)));
  beast::flat_buffer buffer;
  ws.read(buffer);
  EXPECT_EQ(json::parse(beast::buffers_to_string(buffer.data()))["topic"], "job.released");

  // Plain HTTP to the TLS port is cut, and the server goes on serving TLS.
  HttpClient plain(tls_port);
  EXPECT_THROW(plain.get("/healthz"), std::runtime_error);
  EXPECT_EQ(https_request(ctx, tls_port, http::verb::get, "/healthz").result_int(), 200);
  // The plain server of the fixture sends neither HSTS nor Secure cookies.
  HttpClient c(port());
  auto plain_login = c.post_json("/api/v1/auth/login", login);
  EXPECT_EQ(plain_login.header("set-cookie").find("Secure"), std::string::npos);
  EXPECT_EQ(plain_login.header("strict-transport-security"), "");
}

TEST_F(TlsTest, StartRefusesIncompleteOrUnreadableTlsSettings) {
  auto no_key = start_tls(cert_, "");
  ASSERT_FALSE(no_key.ok());
  EXPECT_EQ(no_key.error().fields.at(0).field, "server.tls_key");
  auto missing = start_tls(tls_dir_ + "/nope.pem", key_);
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().fields.at(0).field, "server.tls_cert");
  auto key_as_cert = start_tls(key_, cert_);
  EXPECT_FALSE(key_as_cert.ok());
}

}  // namespace
}  // namespace kerf::api::testing
