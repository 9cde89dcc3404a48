// Private to the server: the connection state and Server::Impl shared by server.cpp (start,
// stop, dispatch), http_session.cpp (HTTP/1.1 connections) and ws_session.cpp (event streams).
#pragma once

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast.hpp>
#include <boost/beast/ssl.hpp>
#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "kerf/api/server.h"

namespace kerf::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// What stop() and the dispatcher see of one TCP connection, whatever its transport; all
// members are touched only on the connection's strand.
struct ConnBase {
  explicit ConnBase(asio::any_io_executor e) : ex(std::move(e)) {}
  virtual ~ConnBase() = default;
  ConnBase(const ConnBase&) = delete;
  ConnBase& operator=(const ConnBase&) = delete;

  asio::any_io_executor ex;
  std::optional<asio::steady_timer> wake;  // WebSocket writer's wake-up timer
  bool busy = false;
  bool ws_closed = false;
  std::string remote;
  std::function<void()> on_stop;

  // Closes the socket (whichever layer owns it now); pending operations complete with
  // operation_aborted. Call on the strand.
  virtual void close_socket() = 0;
};

// A connection over `Stream` (PlainStream or TlsStream): the HTTP stream until an upgrade moves
// it into `ws`.
template <class Stream>
struct Conn final : ConnBase {
  template <class... Args>
  explicit Conn(tcp::socket socket, Args&... args) : ConnBase(socket.get_executor()) {
    stream.emplace(std::move(socket), args...);
  }
  std::optional<Stream> stream;
  std::optional<websocket::stream<Stream>> ws;

  void close_socket() override {
    beast::error_code ec;
    if (stream) beast::get_lowest_layer(*stream).socket().close(ec);
    if (ws) beast::get_lowest_layer(*ws).socket().close(ec);
    if (wake) wake->cancel();
  }
};

// What the dispatcher decided before running a handler: either a finished response or a route
// whose handler still has to run (on the I/O thread, or on the blocking pool).
struct Prepared {
  std::optional<Response> response;
  const Route* route = nullptr;
  RequestContext ctx;
  std::string route_label = "unmatched";
};

struct Server::Impl {
  // Members used by connection coroutines come first: they are destroyed after `ioc`, so a
  // coroutine frame still owned by the io_context at destruction finds them alive.
  ServerOptions options;
  Router router;
  Authenticator authenticate;
  EventBus* bus = nullptr;
  Metrics metrics;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  uint16_t port = 0;
  std::string openapi_text;

  std::mutex conn_mu;
  std::condition_variable conn_cv;
  std::map<uint64_t, std::weak_ptr<ConnBase>> conns;
  uint64_t next_conn = 0;

  std::optional<asio::thread_pool> blocking_pool;  // runs RouteSpec::blocking handlers
  std::atomic<int64_t> blocking_jobs{0};           // queued + running on blocking_pool

  std::optional<asio::ssl::context> tls;  // set when serving HTTPS

  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;

  explicit Impl(int threads_hint) : ioc(threads_hint) {}

  // Registers a live connection for the duration of its session.
  struct ConnGuard {
    Impl* s;
    uint64_t id;
    ConnGuard(Impl* server, const std::shared_ptr<ConnBase>& c) : s(server) {
      std::lock_guard lock(s->conn_mu);
      id = s->next_conn++;
      s->conns[id] = c;
    }
    ~ConnGuard() {
      std::lock_guard lock(s->conn_mu);
      s->conns.erase(id);
      s->conn_cv.notify_all();
    }
    ConnGuard(const ConnGuard&) = delete;
    ConnGuard& operator=(const ConnGuard&) = delete;
  };

  void add_builtin_routes();
  RequestContext make_context(const HttpRequest& req, const ConnBase& conn, bool* bad_target);
  // Routing, authentication, CSRF and body checks; the handler is not run yet.
  Prepared prepare(const HttpRequest& req, const ConnBase& conn);
  // Runs the prepared handler; a handler exception becomes a 500.
  static Response run_handler(Prepared& p);
  // prepare + run_handler, with blocking routes handed to the pool (503 when it is full).
  asio::awaitable<Response> dispatch(const HttpRequest& req, const ConnBase& conn,
                                     std::string* route_label);
  // The wire response; with TLS it adds Strict-Transport-Security and marks cookies Secure.
  HttpResponse to_http(Response r, unsigned version);
  asio::awaitable<void> accept_loop();
  // One accepted connection: registers it, performs the TLS handshake if any, serves HTTP.
  template <class Stream>
  asio::awaitable<void> connection(std::shared_ptr<Conn<Stream>> conn);
  template <class Stream>
  asio::awaitable<void> http_session(std::shared_ptr<Conn<Stream>> conn);
  template <class Stream>
  asio::awaitable<void> ws_session(std::shared_ptr<Conn<Stream>> conn, HttpRequest req);
  template <class Stream>
  asio::awaitable<void> ws_reader(std::shared_ptr<Conn<Stream>> conn);
};

}  // namespace kerf::api
