// One HTTP(S) POST with a connect timeout and a request timeout (Boost.Beast on a private
// io_context per call: each async step runs for at most the time left, then the socket closes).
// clang-format off
#include <utility>  // first: Boost 1.74 asio needs it included before <boost/asio.hpp>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
// clang-format on

#include "agents/llm/wire.h"

namespace kerf::agents::llm {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace ssl = asio::ssl;
using tcp = asio::ip::tcp;
using Steady = std::chrono::steady_clock;

constexpr uint64_t kMaxResponseBytes = 16 * 1024 * 1024;

// Runs `ioc` until the operation started before the call sets `done`, at most until `deadline`;
// on expiry `cancel()` aborts it (the handler then runs with an error) and false is returned.
template <typename Cancel>
bool run_until(asio::io_context& ioc, const bool& done, Steady::time_point deadline,
               Cancel cancel) {
  ioc.restart();
  const auto left = deadline - Steady::now();
  if (left > Steady::duration::zero()) ioc.run_for(left);
  if (done) return true;
  cancel();
  ioc.restart();
  ioc.run();
  return false;
}

Error io_error(const std::string& what, const Endpoint& e, const beast::error_code& ec) {
  return Error::unavailable("llm: " + what + " " + e.host + ":" + std::to_string(e.port) +
                            " failed: " + ec.message());
}

Error timeout_error(const std::string& what, const Endpoint& e, std::chrono::milliseconds t) {
  return Error::unavailable("llm: " + what + " " + e.host + ":" + std::to_string(e.port) +
                            " timed out after " + std::to_string(t.count()) + " ms");
}

// Writes the request and reads the response on a connected (and, for TLS, handshaken) stream.
template <typename Stream>
Result<HttpReply> exchange(asio::io_context& ioc, Stream& stream,
                           const http::request<http::string_body>& req, const Endpoint& e,
                           Steady::time_point deadline, std::chrono::milliseconds timeout) {
  auto cancel = [&] {
    beast::error_code ignored;
    beast::get_lowest_layer(stream).socket().close(ignored);
  };
  beast::error_code ec;
  bool done = false;
  http::async_write(stream, req, [&](beast::error_code e2, std::size_t) {
    ec = e2;
    done = true;
  });
  if (!run_until(ioc, done, deadline, cancel)) return timeout_error("request to", e, timeout);
  if (ec) return io_error("sending to", e, ec);

  beast::flat_buffer buffer;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxResponseBytes);
  done = false;
  http::async_read(stream, buffer, parser, [&](beast::error_code e2, std::size_t) {
    ec = e2;
    done = true;
  });
  if (!run_until(ioc, done, deadline, cancel)) return timeout_error("request to", e, timeout);
  if (ec) return io_error("reading the response of", e, ec);
  auto res = parser.release();
  HttpReply reply;
  reply.status = static_cast<int>(res.result_int());
  reply.body = std::move(res.body());
  if (auto it = res.find(http::field::retry_after); it != res.end()) {
    reply.retry_after = std::string(it->value());
  }
  return reply;
}

}  // namespace

Result<HttpReply> post_json(const Endpoint& e, const std::string& body, const std::string& api_key,
                            std::chrono::milliseconds connect_timeout,
                            std::chrono::milliseconds request_timeout) {
  asio::io_context ioc;
  beast::error_code ec;
  bool done = false;

  // Resolve and connect within connect_timeout.
  const auto connect_deadline = Steady::now() + connect_timeout;
  tcp::resolver resolver(ioc);
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(e.host, std::to_string(e.port),
                         [&](beast::error_code e2, tcp::resolver::results_type r) {
                           ec = e2;
                           endpoints = std::move(r);
                           done = true;
                         });
  if (!run_until(ioc, done, connect_deadline, [&] { resolver.cancel(); })) {
    return timeout_error("resolving", e, connect_timeout);
  }
  if (ec) return io_error("resolving", e, ec);

  beast::tcp_stream tcp_stream(ioc);
  done = false;
  tcp_stream.async_connect(endpoints, [&](beast::error_code e2, const tcp::endpoint&) {
    ec = e2;
    done = true;
  });
  if (!run_until(ioc, done, connect_deadline, [&] {
        beast::error_code ignored;
        tcp_stream.socket().close(ignored);
      })) {
    return timeout_error("connecting to", e, connect_timeout);
  }
  if (ec) return io_error("connecting to", e, ec);

  http::request<http::string_body> req{http::verb::post, e.chat_target(), 11};
  const bool v6 = e.host.find(':') != std::string::npos;
  std::string host = v6 ? "[" + e.host + "]" : e.host;
  if (e.port != (e.tls ? 443 : 80)) host += ":" + std::to_string(e.port);
  req.set(http::field::host, host);
  req.set(http::field::user_agent, "kerf-agents");
  req.set(http::field::content_type, "application/json");
  req.set(http::field::accept, "application/json");
  if (!api_key.empty()) req.set(http::field::authorization, "Bearer " + api_key);
  req.keep_alive(false);
  req.body() = body;
  req.prepare_payload();

  const auto deadline = Steady::now() + request_timeout;
  if (!e.tls) return exchange(ioc, tcp_stream, req, e, deadline, request_timeout);

  ssl::context ctx(ssl::context::tls_client);
  ctx.set_default_verify_paths(ec);
  ctx.set_verify_mode(ssl::verify_peer);
  beast::ssl_stream<beast::tcp_stream> tls(std::move(tcp_stream), ctx);
  if (!SSL_set_tlsext_host_name(tls.native_handle(), e.host.c_str())) {
    return Error::unavailable("llm: TLS SNI for " + e.host + " failed");
  }
  tls.set_verify_callback(ssl::host_name_verification(e.host));
  done = false;
  tls.async_handshake(ssl::stream_base::client, [&](beast::error_code e2) {
    ec = e2;
    done = true;
  });
  if (!run_until(ioc, done, deadline, [&] {
        beast::error_code ignored;
        beast::get_lowest_layer(tls).socket().close(ignored);
      })) {
    return timeout_error("TLS handshake with", e, request_timeout);
  }
  if (ec) return io_error("TLS handshake with", e, ec);
  return exchange(ioc, tls, req, e, deadline, request_timeout);
}

}  // namespace kerf::agents::llm
