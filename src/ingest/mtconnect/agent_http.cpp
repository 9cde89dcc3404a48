#include "ingest/mtconnect/agent_http.h"

#include <fmt/format.h>

#include <limits>

namespace kerf::ingest::mtconnect {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {
constexpr const char* kIdleTimeout = "idle timeout";
constexpr uint64_t kMaxReplyBytes = 64u << 20;
}  // namespace

bool is_idle_timeout(const Error& e) { return e.message.find(kIdleTimeout) != std::string::npos; }

AgentHttp::AgentHttp(std::string host, uint16_t port) : host_(std::move(host)), port_(port) {}

AgentHttp::~AgentHttp() = default;

void AgentHttp::cancel() {
  cancelled_ = true;
  asio::post(ioc_, [this] {
    if (stream_) {
      beast::error_code ignored;
      stream_->socket().shutdown(tcp::socket::shutdown_both, ignored);
      stream_->close();
    }
  });
}

void AgentHttp::run() {
  ioc_.restart();
  ioc_.run();
}

Status AgentHttp::connect(std::chrono::milliseconds timeout) {
  if (cancelled_) return Error::unavailable("cancelled");
  stream_.emplace(ioc_);
  beast::error_code ec;
  tcp::resolver resolver(ioc_);
  tcp::resolver::results_type endpoints;
  resolver.async_resolve(host_, std::to_string(port_),
                         [&](beast::error_code e, tcp::resolver::results_type r) {
                           ec = e;
                           endpoints = std::move(r);
                         });
  run();
  if (ec) return Error::unavailable(fmt::format("resolve {}: {}", host_, ec.message()));
  stream_->expires_after(timeout);
  stream_->async_connect(endpoints, [&](beast::error_code e, const tcp::endpoint&) { ec = e; });
  run();
  if (cancelled_) return Error::unavailable("cancelled");
  if (ec) {
    return Error::unavailable(fmt::format("connect {}:{}: {}", host_, port_, ec.message()));
  }
  return ok_status();
}

Status AgentHttp::send_get(const std::string& target, std::chrono::milliseconds timeout) {
  http::request<http::empty_body> req{http::verb::get, target, 11};
  req.set(http::field::host, fmt::format("{}:{}", host_, port_));
  req.set(http::field::user_agent, "kerf-mtconnect");
  req.set(http::field::accept, "text/xml, application/xml, multipart/mixed");
  req.set(http::field::connection, "close");
  beast::error_code ec;
  stream_->expires_after(timeout);
  http::async_write(*stream_, req, [&](beast::error_code e, size_t) { ec = e; });
  run();
  if (cancelled_) return Error::unavailable("cancelled");
  if (ec) return Error::unavailable(fmt::format("send GET {}: {}", target, ec.message()));
  return ok_status();
}

Result<HttpReply> AgentHttp::get(const std::string& target, std::chrono::milliseconds timeout) {
  if (auto st = connect(timeout); !st.ok()) return st.error();
  if (auto st = send_get(target, timeout); !st.ok()) return st.error();
  beast::flat_buffer buf;
  http::response_parser<http::string_body> parser;
  parser.body_limit(kMaxReplyBytes);
  beast::error_code ec;
  stream_->expires_after(timeout);
  http::async_read(*stream_, buf, parser, [&](beast::error_code e, size_t) { ec = e; });
  run();
  stream_->close();
  if (cancelled_) return Error::unavailable("cancelled");
  if (ec) return Error::unavailable(fmt::format("GET {}: {}", target, ec.message()));
  auto& res = parser.get();
  return HttpReply{static_cast<int>(res.result_int()), std::string(res[http::field::content_type]),
                   std::move(res.body())};
}

Status AgentHttp::stream(const std::string& target, std::chrono::milliseconds connect_timeout,
                         std::chrono::milliseconds idle_timeout,
                         const std::function<Status(int, std::string_view)>& on_headers,
                         const std::function<Status(std::string_view)>& on_data) {
  if (auto st = connect(connect_timeout); !st.ok()) return st;
  if (auto st = send_get(target, connect_timeout); !st.ok()) return st;
  beast::flat_buffer buf;
  // Chunked (or read-to-EOF) data accumulates in the string body; it is handed on and cleared
  // after every read, so the body never holds more than one read's worth.
  http::response_parser<http::string_body> parser;
  parser.body_limit((std::numeric_limits<uint64_t>::max)());
  beast::error_code ec;
  stream_->expires_after(idle_timeout);
  http::async_read_header(*stream_, buf, parser, [&](beast::error_code e, size_t) { ec = e; });
  run();
  auto finish = [&](Status st) {
    stream_->close();
    return st;
  };
  if (cancelled_) return finish(Error::unavailable("cancelled"));
  if (ec == beast::error::timeout) {
    return finish(
        Error::unavailable(fmt::format("GET {}: {} waiting for headers", target, kIdleTimeout)));
  }
  if (ec) return finish(Error::unavailable(fmt::format("GET {}: {}", target, ec.message())));
  int status = static_cast<int>(parser.get().result_int());
  auto content_type = parser.get()[http::field::content_type];
  if (auto st = on_headers(status, std::string_view(content_type.data(), content_type.size()));
      !st.ok()) {
    return finish(st);
  }
  if (status / 100 != 2) {
    // An error answer: its (bounded) body is the error document for the caller to parse.
    parser.body_limit(kMaxReplyBytes);
    stream_->expires_after(connect_timeout);
    http::async_read(*stream_, buf, parser, [&](beast::error_code e, size_t) { ec = e; });
    run();
    if (ec) return finish(Error::unavailable(fmt::format("GET {}: {}", target, ec.message())));
    auto st = on_data(parser.get().body());
    if (!st.ok()) return finish(st);
    return finish(Error::unavailable(fmt::format("GET {}: HTTP {}", target, status)));
  }
  while (!parser.is_done()) {
    stream_->expires_after(idle_timeout);
    http::async_read_some(*stream_, buf, parser, [&](beast::error_code e, size_t) { ec = e; });
    run();
    auto& body = parser.get().body();
    if (!body.empty()) {
      auto st = on_data(body);
      body.clear();
      if (!st.ok()) return finish(st);
    }
    if (cancelled_) return finish(Error::unavailable("cancelled"));
    if (ec == beast::error::timeout) {
      return finish(Error::unavailable(fmt::format("GET {}: {} (no bytes for {} ms)", target,
                                                   kIdleTimeout, idle_timeout.count())));
    }
    if (ec == http::error::end_of_stream || ec == asio::error::eof) break;
    if (ec) return finish(Error::unavailable(fmt::format("GET {}: {}", target, ec.message())));
  }
  return finish(Error::unavailable(fmt::format("GET {}: the agent ended the stream", target)));
}

}  // namespace kerf::ingest::mtconnect
