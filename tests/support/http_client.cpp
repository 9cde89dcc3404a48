#include "support/http_client.h"

#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <stdexcept>

namespace kerf::testing {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

std::string HttpResponse::header(const std::string& name) const {
  for (const auto& [k, v] : headers) {
    if (k == name) return v;
  }
  return {};
}

nlohmann::json HttpResponse::json() const { return nlohmann::json::parse(body); }

struct HttpClient::Impl {
  std::string host;
  std::string local_address;
  uint16_t port;
  asio::io_context ioc;
  std::optional<beast::tcp_stream> stream;
  beast::flat_buffer buffer;
};

HttpClient::HttpClient(uint16_t port, std::string host, std::string local_address)
    : impl_(std::make_unique<Impl>()) {
  impl_->host = std::move(host);
  impl_->local_address = std::move(local_address);
  impl_->port = port;
}

HttpClient::~HttpClient() = default;

namespace {

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

HttpResponse HttpClient::request(const std::string& method, const std::string& target,
                                 const std::string& body, const std::string& content_type,
                                 const std::vector<std::pair<std::string, std::string>>& headers) {
  http::request<http::string_body> req{http::string_to_verb(method), target, 11};
  if (req.method() == http::verb::unknown) req.method_string(method);
  req.set(http::field::host, impl_->host);
  req.keep_alive(true);
  if (!bearer_.empty()) req.set(http::field::authorization, "Bearer " + bearer_);
  if (!cookies_.empty()) {
    std::string c;
    for (const auto& [k, v] : cookies_) c += (c.empty() ? "" : "; ") + k + "=" + v;
    req.set(http::field::cookie, c);
  }
  if (!content_type.empty()) req.set(http::field::content_type, content_type);
  for (const auto& [k, v] : headers) req.set(k, v);
  req.body() = body;
  req.prepare_payload();

  for (int attempt = 0; attempt < 2; ++attempt) {
    beast::error_code ec;
    if (!impl_->stream) {
      impl_->stream.emplace(impl_->ioc);
      tcp::endpoint ep(asio::ip::make_address(impl_->host), impl_->port);
      if (!impl_->local_address.empty()) {
        auto& sock = impl_->stream->socket();
        sock.open(ep.protocol(), ec);
        if (!ec) sock.bind(tcp::endpoint(asio::ip::make_address(impl_->local_address), 0), ec);
      }
      if (!ec) impl_->stream->socket().connect(ep, ec);
      if (ec) {
        impl_->stream.reset();
        throw std::runtime_error("cannot connect to port " + std::to_string(impl_->port) + ": " +
                                 ec.message());
      }
      impl_->stream->socket().set_option(tcp::no_delay(true));
      impl_->buffer.clear();
      ++connections_;
    }
    http::write(*impl_->stream, req, ec);
    http::response_parser<http::string_body> parser;
    parser.body_limit(64 * 1024 * 1024);
    if (!ec) http::read(*impl_->stream, impl_->buffer, parser, ec);
    if (ec) {
      impl_->stream.reset();
      // A kept-alive connection the server closed: retry once on a fresh one.
      if (attempt == 0) continue;
      throw std::runtime_error("request " + method + " " + target + " failed: " + ec.message());
    }
    auto res = parser.release();
    HttpResponse out;
    out.status = res.result_int();
    out.body = std::move(res.body());
    for (const auto& f : res) {
      out.headers.emplace_back(lower(std::string(f.name_string())), std::string(f.value()));
      if (f.name() == http::field::set_cookie) {
        std::string_view v(f.value().data(), f.value().size());
        auto semi = v.find(';');
        std::string_view pair = v.substr(0, semi);
        auto eq = pair.find('=');
        if (eq != std::string_view::npos) {
          std::string name(pair.substr(0, eq));
          std::string value(pair.substr(eq + 1));
          bool expired = lower(std::string(v)).find("max-age=0") != std::string::npos;
          if (value.empty() || expired) {
            cookies_.erase(name);
          } else {
            cookies_[name] = value;
          }
        }
      }
    }
    if (!res.keep_alive()) impl_->stream.reset();
    return out;
  }
  throw std::runtime_error("unreachable");
}

struct WsClient::Impl {
  asio::io_context ioc;
  websocket::stream<beast::tcp_stream> ws{ioc};
  beast::flat_buffer buffer;
  bool closed = false;
};

WsClient::WsClient(uint16_t port, const std::string& target,
                   const std::vector<std::pair<std::string, std::string>>& headers)
    : impl_(std::make_unique<Impl>()) {
  auto& lowest = beast::get_lowest_layer(impl_->ws);
  lowest.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
  impl_->ws.set_option(websocket::stream_base::decorator([headers](websocket::request_type& req) {
    for (const auto& [k, v] : headers) req.set(k, v);
  }));
  websocket::response_type res;
  beast::error_code ec;
  impl_->ws.handshake(res, "127.0.0.1", target, ec);
  if (ec) {
    throw std::runtime_error("websocket handshake refused: HTTP " +
                             std::to_string(res.result_int()) + " (" + ec.message() + ")");
  }
}

WsClient::~WsClient() {
  if (impl_ && !impl_->closed) {
    beast::error_code ec;
    beast::get_lowest_layer(impl_->ws).socket().close(ec);
  }
}

std::optional<std::string> WsClient::read(std::chrono::milliseconds timeout) {
  if (impl_->closed) return std::nullopt;
  std::optional<beast::error_code> result;
  impl_->buffer.clear();
  impl_->ws.async_read(impl_->buffer, [&](beast::error_code ec, std::size_t) { result = ec; });
  impl_->ioc.restart();
  impl_->ioc.run_for(timeout);
  if (!result) {
    // Timed out: abandon the connection (a half-done read cannot be resumed safely).
    beast::get_lowest_layer(impl_->ws).socket().cancel();
    impl_->ioc.restart();
    impl_->ioc.run();
    impl_->closed = true;
    return std::nullopt;
  }
  if (*result) {
    impl_->closed = true;
    return std::nullopt;
  }
  return beast::buffers_to_string(impl_->buffer.data());
}

bool WsClient::closed_by_server() const { return impl_->closed && close_code() != 0; }

int WsClient::close_code() const { return impl_->ws.reason().code; }

}  // namespace kerf::testing
