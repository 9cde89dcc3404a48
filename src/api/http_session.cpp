// HTTP/1.1 connections: accept loop, keep-alive request loop, answers to malformed requests.
#include <spdlog/spdlog.h>

#include <array>

#include "server_impl.h"

namespace kerf::api {

namespace {

// Lingering close after an early response (413, 431, 400): stop sending, then read and discard
// what the client is still sending (up to `max_bytes`, for at most 5 s) so that closing with
// unread data does not make the kernel reset the connection and destroy the response before
// the client has read it.
asio::awaitable<void> linger_close(beast::tcp_stream& stream, std::size_t max_bytes) {
  beast::error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(std::chrono::seconds(5));
  std::array<char, 16 * 1024> sink{};
  std::size_t drained = 0;
  while (!ec && drained < max_bytes) {
    drained += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(asio::use_awaitable, ec));
  }
}

// The response to a request the parser refused, or nullopt when the connection just ended
// (end of stream, timeout, cancellation) and nothing should be sent.
std::optional<Response> parse_failure_response(const beast::error_code& ec,
                                               std::size_t max_body_bytes) {
  if (ec == http::error::body_limit) {
    return problem_response(413,
                            "request body exceeds " + std::to_string(max_body_bytes) + " bytes");
  }
  if (ec == http::error::header_limit) {
    return problem_response(431, "request header fields too large");
  }
  if (ec.category() != http::make_error_code(http::error::bad_method).category()) {
    return std::nullopt;
  }
  switch (static_cast<http::error>(ec.value())) {
    case http::error::bad_method:
    case http::error::bad_target:
    case http::error::bad_version:
    case http::error::bad_line_ending:
      return problem_response(400, "malformed request line (" + ec.message() + ")");
    case http::error::bad_field:
    case http::error::bad_value:
    case http::error::bad_obs_fold:
      return problem_response(400, "malformed header field (" + ec.message() + ")");
    case http::error::bad_content_length:
      return problem_response(400, "invalid or duplicate Content-Length header");
    case http::error::bad_transfer_encoding:
    case http::error::bad_chunk:
    case http::error::bad_chunk_extension:
      return problem_response(400, "malformed message body framing (" + ec.message() + ")");
    default:
      return std::nullopt;
  }
}

// 400 for message framing the parser lets through but that invites request smuggling: more
// than one Content-Length, or Content-Length together with Transfer-Encoding.
std::optional<Response> framing_refusal(const http::request<http::string_body>& req) {
  if (req.count(http::field::content_length) > 1) {
    return problem_response(400, "duplicate Content-Length header");
  }
  if (req.count(http::field::content_length) > 0 && req.count(http::field::transfer_encoding) > 0) {
    return problem_response(400, "both Content-Length and Transfer-Encoding");
  }
  return std::nullopt;
}

// Counts a request as in flight for its lifetime, whatever way it ends.
class InFlight {
 public:
  explicit InFlight(Metrics& m) : m_(m) { m_.request_started(); }
  ~InFlight() { m_.request_finished(); }
  InFlight(const InFlight&) = delete;
  InFlight& operator=(const InFlight&) = delete;

 private:
  Metrics& m_;
};

}  // namespace

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    tcp::socket socket(asio::make_strand(ioc));
    beast::error_code ec;
    co_await acceptor->async_accept(socket, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (stopping || ec == asio::error::operation_aborted) co_return;
      continue;
    }
    if (stopping) co_return;
    socket.set_option(tcp::no_delay(true), ec);
    auto ep = socket.remote_endpoint(ec);
    std::string remote = ec ? "" : ep.address().to_string();
    if (tls) {
      auto conn = std::make_shared<Conn<TlsStream>>(std::move(socket), *tls);
      conn->remote = std::move(remote);
      asio::co_spawn(conn->ex, connection(conn), asio::detached);
    } else {
      auto conn = std::make_shared<Conn<PlainStream>>(std::move(socket));
      conn->remote = std::move(remote);
      asio::co_spawn(conn->ex, connection(conn), asio::detached);
    }
  }
}

template <class Stream>
asio::awaitable<void> Server::Impl::connection(std::shared_ptr<Conn<Stream>> conn) {
  ConnGuard guard(this, conn);
  Conn<Stream>* c = conn.get();
  auto& tcp_layer = beast::get_lowest_layer(*c->stream);
  c->on_stop = [c] {
    if (!c->busy && c->stream) beast::get_lowest_layer(*c->stream).cancel();
  };
  if constexpr (std::is_same_v<Stream, TlsStream>) {
    // A client speaking plain HTTP (or anything else) fails here and is disconnected.
    beast::error_code ec;
    tcp_layer.expires_after(options.idle_timeout);
    co_await c->stream->async_handshake(asio::ssl::stream_base::server,
                                        asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      tcp_layer.socket().close(ec);
      co_return;
    }
  }
  co_await http_session(conn);
}

template <class Stream>
asio::awaitable<void> Server::Impl::http_session(std::shared_ptr<Conn<Stream>> conn) {
  Conn<Stream>* c = conn.get();
  auto& tcp_layer = beast::get_lowest_layer(*c->stream);
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    if (stopping) break;
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    tcp_layer.expires_after(options.idle_timeout);
    c->busy = false;
    co_await http::async_read_header(*c->stream, buffer, parser,
                                     asio::redirect_error(asio::use_awaitable, ec));
    c->busy = true;
    std::optional<Response> refusal;
    if (!ec) refusal = framing_refusal(parser.get());
    if (!ec && !refusal && !parser.is_done()) {
      co_await http::async_read(*c->stream, buffer, parser,
                                asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec || refusal) {
      if (!refusal) refusal = parse_failure_response(ec, options.max_body_bytes);
      if (!refusal) break;
      // The parser may not have seen a version: answer HTTP/1.1, then close.
      unsigned version = parser.get().version() == 10 ? 10 : 11;
      auto res = to_http(std::move(*refusal), version);
      res.keep_alive(false);
      metrics.observe(std::string(parser.get().method_string()), "unmatched", res.result_int(), 0);
      co_await http::async_write(*c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
      co_await linger_close(tcp_layer, 2 * options.max_body_bytes);
      co_return;
    }
    HttpRequest req = parser.release();
    if (websocket::is_upgrade(req)) {
      co_await ws_session(conn, std::move(req));
      co_return;
    }
    HttpResponse res;
    {
      InFlight in_flight(metrics);
      auto t0 = std::chrono::steady_clock::now();
      std::string route = "unmatched";
      Response r;
      try {
        r = co_await dispatch(req, *c, &route);
      } catch (const std::exception& e) {
        spdlog::error("dispatch {} {} threw: {}", std::string(req.method_string()), route,
                      e.what());
        r = problem_response(500, "internal error");
      }
      res = to_http(std::move(r), req.version());
      // Counted before the write so a client that saw the response also sees it in /metrics.
      double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      metrics.observe(std::string(req.method_string()), route, res.result_int(), secs);
    }
    bool keep = req.keep_alive() && !stopping;
    res.keep_alive(keep);
    co_await http::async_write(*c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep) break;
  }
  if (c->stream) tcp_layer.socket().shutdown(tcp::socket::shutdown_send, ec);
}

template asio::awaitable<void> Server::Impl::connection(std::shared_ptr<Conn<PlainStream>>);
template asio::awaitable<void> Server::Impl::connection(std::shared_ptr<Conn<TlsStream>>);

}  // namespace kerf::api
