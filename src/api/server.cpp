#include "kerf/api/server.h"

#include <spdlog/spdlog.h>

#include <array>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
#include <condition_variable>
#include <map>
#include <thread>

#include "json_parse.h"
#include "kerf/api/openapi.h"
#include "kerf/core/time_format.h"
#include "static_files.h"

namespace kerf::api {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

using HttpRequest = http::request<http::string_body>;
using HttpResponse = http::response<http::string_body>;

// Lingering close after an early response (413): stop sending, then read and discard what the
// client is still sending (up to `max_bytes`, for at most 5 s) so that closing with unread data
// does not make the kernel reset the connection and destroy the response before the client
// has read it.
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

// One TCP connection; all members are touched only on the connection's strand.
struct Conn {
  explicit Conn(tcp::socket socket) : ex(socket.get_executor()), stream(std::move(socket)) {}
  asio::any_io_executor ex;
  std::optional<beast::tcp_stream> stream;
  std::optional<websocket::stream<beast::tcp_stream>> ws;
  std::optional<asio::steady_timer> wake;  // WebSocket writer's wake-up timer
  bool busy = false;
  bool ws_closed = false;
  std::string remote;
  std::function<void()> on_stop;
};

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// "application/json; charset=utf-8" -> "application/json".
std::string media_type(std::string_view content_type) {
  auto semi = content_type.find(';');
  std::string_view t = content_type.substr(0, semi);
  while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
  while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
  return lower(t);
}

bool is_json_media(const std::string& m) {
  return m == "application/json" || (m.starts_with("application/") && m.ends_with("+json"));
}

// The token from "Authorization: Bearer x", the session cookie, or (WebSocket only) ?token=.
std::string find_token(const RequestContext& ctx, bool allow_query) {
  if (const auto* auth = ctx.header("authorization")) {
    std::string_view v = *auth;
    if (v.size() > 7 && lower(v.substr(0, 7)) == "bearer ") {
      v.remove_prefix(7);
      while (!v.empty() && v.front() == ' ') v.remove_prefix(1);
      return std::string(v);
    }
  }
  if (const auto* cookie = ctx.header("cookie")) {
    auto v = cookie_value(*cookie, kSessionCookie);
    if (!v.empty()) return v;
  }
  if (allow_query) {
    if (const auto* t = ctx.query_param("token")) return *t;
  }
  return {};
}

std::string event_json(const Event& e) {
  nlohmann::json head = {{"id", e.id}, {"topic", e.topic}, {"at", format_iso8601(e.at)}};
  std::string out = head.dump();
  out.pop_back();  // splice the already-serialised payload in without re-parsing it
  out += ",\"payload\":";
  out += e.payload_json.empty() ? "null" : e.payload_json;
  out += "}";
  return out;
}

}  // namespace

struct Server::Impl {
  ServerOptions options;
  Router router;
  Authenticator authenticate;
  EventBus* bus = nullptr;
  Metrics metrics;
  asio::io_context ioc;
  std::optional<tcp::acceptor> acceptor;
  std::vector<std::thread> threads;
  std::atomic<bool> stopping{false};
  bool stopped = false;
  uint16_t port = 0;
  std::string openapi_text;

  std::mutex conn_mu;
  std::condition_variable conn_cv;
  std::map<uint64_t, std::weak_ptr<Conn>> conns;
  uint64_t next_conn = 0;

  explicit Impl(int threads_hint) : ioc(threads_hint) {}

  // Registers a live connection for the duration of its session.
  struct ConnGuard {
    Impl* s;
    uint64_t id;
    ConnGuard(Impl* server, const std::shared_ptr<Conn>& c) : s(server) {
      std::lock_guard lock(s->conn_mu);
      id = s->next_conn++;
      s->conns[id] = c;
    }
    ~ConnGuard() {
      std::lock_guard lock(s->conn_mu);
      s->conns.erase(id);
      s->conn_cv.notify_all();
    }
  };

  void add_builtin_routes();
  RequestContext make_context(const HttpRequest& req, const Conn& conn, bool* bad_target);
  Response dispatch(const HttpRequest& req, const Conn& conn, std::string* route_label);
  HttpResponse to_http(Response r, unsigned version);
  asio::awaitable<void> accept_loop();
  asio::awaitable<void> http_session(std::shared_ptr<Conn> conn);
  asio::awaitable<void> ws_session(std::shared_ptr<Conn> conn, HttpRequest req);
  asio::awaitable<void> ws_reader(std::shared_ptr<Conn> conn);
};

void Server::Impl::add_builtin_routes() {
  router.add({.method = "GET",
              .path = "/healthz",
              .is_public = true,
              .summary = "Liveness probe",
              .tag = "system"},
             [](RequestContext&) {
               return json_response({{"status", "ok"}});
             });
  router.add({.method = "GET",
              .path = "/metrics",
              .is_public = true,
              .summary = "Prometheus metrics (text exposition format)",
              .tag = "system"},
             [this](RequestContext&) {
               Response r;
               r.content_type = "text/plain; version=0.0.4; charset=utf-8";
               r.body = metrics.render();
               return r;
             });
  router.add({.method = "GET",
              .path = "/api/v1/openapi.json",
              .is_public = true,
              .summary = "This OpenAPI 3.1 document",
              .tag = "system"},
             [this](RequestContext&) {
               Response r;
               r.body = openapi_text;
               return r;
             });
  if (bus != nullptr) {
    router.add({.method = "GET",
                .path = "/api/v1/events",
                .summary = "WebSocket stream of domain events (JSON text frames)",
                .tag = "events",
                .response_description = "Switching Protocols (WebSocket upgrade)",
                .success_status = 101,
                .query_params = {{"topic", "string", "topic prefix filter, e.g. job."},
                                 {"token", "string", "session token (for browsers)"}}},
               [](RequestContext&) {
                 return problem_response(426, "this endpoint requires a WebSocket upgrade");
               });
  }
  openapi_text = build_openapi(router, options.title, options.version).dump();
}

RequestContext Server::Impl::make_context(const HttpRequest& req, const Conn& conn,
                                          bool* bad_target) {
  RequestContext ctx;
  ctx.method = std::string(req.method_string());
  ctx.client_address = conn.remote;
  std::string_view target = sv(req.target());
  auto q = target.find('?');
  auto path = percent_decode(target.substr(0, q), false);
  std::optional<std::map<std::string, std::string>> query;
  if (q != std::string_view::npos) {
    query = parse_query_string(target.substr(q + 1));
  } else {
    query.emplace();
  }
  *bad_target = !path || !query || path->empty() || path->front() != '/';
  if (path) ctx.path = std::move(*path);
  if (query) ctx.query = std::move(*query);
  ctx.headers.reserve(8);
  for (const auto& f : req)
    ctx.headers.emplace_back(lower(sv(f.name_string())), std::string(sv(f.value())));
  return ctx;
}

Response Server::Impl::dispatch(const HttpRequest& req, const Conn& conn,
                                std::string* route_label) {
  bool bad_target = false;
  RequestContext ctx = make_context(req, conn, &bad_target);
  *route_label = "unmatched";
  if (bad_target) return problem_response(400, "malformed request target");
  RouteMatch m = router.match(ctx.method, ctx.path);
  if (m.route == nullptr) {
    if (!m.allowed_methods.empty()) {
      Response r = problem_response(405, "method not allowed");
      std::string allow;
      for (const auto& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
      r.headers.emplace_back("Allow", allow);
      return r;
    }
    if ((ctx.method == "GET" || ctx.method == "HEAD") && !ctx.path.starts_with("/api/")) {
      *route_label = "static";
      if (auto r = serve_static(options.static_dir, ctx.path)) return *r;
    }
    return problem_response(404, "no such resource");
  }
  const RouteSpec& spec = m.route->spec;
  *route_label = spec.path;
  ctx.route_pattern = spec.path;
  ctx.path_params = std::move(m.params);
  if (!spec.is_public) {
    std::string token = find_token(ctx, false);
    if (token.empty() || !authenticate) {
      Response r = problem_response(401, "authentication required");
      r.headers.emplace_back("WWW-Authenticate", "Bearer");
      return r;
    }
    auto who = authenticate(token);
    if (!who.ok()) {
      Response r = problem_response(401, "invalid or expired session");
      r.headers.emplace_back("WWW-Authenticate", "Bearer error=\"invalid_token\"");
      return r;
    }
    if (!Router::allowed(spec, *who)) {
      return problem_response(403,
                              "role '" + who->role + "' may not " + spec.method + " " + spec.path);
    }
    ctx.principal = std::move(who.value());
  }
  if (!spec.body_type.empty() && !req.body().empty()) {
    const std::string* ct = ctx.header("content-type");
    std::string media = ct != nullptr ? media_type(*ct) : "";
    bool json_route = spec.body_type == "application/json";
    if (json_route ? !is_json_media(media) : media != spec.body_type) {
      return problem_response(415, "expected Content-Type " + spec.body_type);
    }
    ctx.body = req.body();
    if (json_route) {
      auto parsed = parse_json_body(ctx.body);
      if (!parsed.ok()) return problem_response(parsed.error());
      ctx.json = std::move(parsed.value());
    }
  }
  try {
    return m.route->handler(ctx);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", spec.method, spec.path, e.what());
    return problem_response(500, "internal error");
  }
}

HttpResponse Server::Impl::to_http(Response r, unsigned version) {
  HttpResponse res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "kerf");
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) res.insert(k, v);
  if (r.content_type.starts_with("application/")) {
    res.set(http::field::cache_control, "no-store");
    res.set("X-Content-Type-Options", "nosniff");
  }
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

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
    auto conn = std::make_shared<Conn>(std::move(socket));
    auto ep = conn->stream->socket().remote_endpoint(ec);
    if (!ec) conn->remote = ep.address().to_string();
    asio::co_spawn(conn->ex, http_session(conn), asio::detached);
  }
}

asio::awaitable<void> Server::Impl::http_session(std::shared_ptr<Conn> conn) {
  ConnGuard guard(this, conn);
  Conn* c = conn.get();
  c->on_stop = [c] {
    if (!c->busy && c->stream) c->stream->cancel();
  };
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    if (stopping) break;
    http::request_parser<http::string_body> parser;
    parser.body_limit(options.max_body_bytes);
    c->stream->expires_after(options.idle_timeout);
    c->busy = false;
    co_await http::async_read(*c->stream, buffer, parser,
                              asio::redirect_error(asio::use_awaitable, ec));
    c->busy = true;
    if (ec == http::error::body_limit) {
      auto res =
          to_http(problem_response(413, "request body exceeds " +
                                            std::to_string(options.max_body_bytes) + " bytes"),
                  parser.get().version());
      res.keep_alive(false);
      metrics.observe(std::string(parser.get().method_string()), "unmatched", 413, 0);
      co_await http::async_write(*c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
      co_await linger_close(*c->stream, 2 * options.max_body_bytes);
      break;
    }
    if (ec) break;
    HttpRequest req = parser.release();
    if (websocket::is_upgrade(req)) {
      co_await ws_session(conn, std::move(req));
      co_return;
    }
    metrics.request_started();
    auto t0 = std::chrono::steady_clock::now();
    std::string route;
    HttpResponse res = to_http(dispatch(req, *c, &route), req.version());
    bool keep = req.keep_alive() && !stopping;
    res.keep_alive(keep);
    // Counted before the write so a client that saw the response also sees it in /metrics.
    double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    metrics.observe(std::string(req.method_string()), route, res.result_int(), secs);
    metrics.request_finished();
    co_await http::async_write(*c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
    if (ec || !keep) break;
  }
  if (c->stream) c->stream->socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Server::Impl::ws_reader(std::shared_ptr<Conn> conn) {
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    co_await conn->ws->async_read(buffer, asio::redirect_error(asio::use_awaitable, ec));
    if (ec) break;
    buffer.consume(buffer.size());  // client messages are ignored
  }
  conn->ws_closed = true;
  if (conn->wake) conn->wake->cancel();
}

asio::awaitable<void> Server::Impl::ws_session(std::shared_ptr<Conn> conn, HttpRequest req) {
  Conn* c = conn.get();
  beast::error_code ec;
  bool bad_target = false;
  RequestContext ctx = make_context(req, *c, &bad_target);
  std::optional<Response> refusal;
  std::optional<Principal> who;
  if (bad_target || bus == nullptr || ctx.path != "/api/v1/events") {
    refusal = problem_response(404, "no WebSocket endpoint here");
  } else {
    std::string token = find_token(ctx, true);
    auto r = token.empty() || !authenticate
                 ? Result<Principal>(Error::make(ErrorCode::kUnauthenticated, "no token"))
                 : authenticate(token);
    if (!r.ok()) {
      refusal = problem_response(401, "authentication required");
    } else {
      who = r.value();
    }
  }
  if (refusal) {
    auto res = to_http(std::move(*refusal), req.version());
    res.keep_alive(false);
    metrics.observe("GET", "/api/v1/events", res.result_int(), 0);
    co_await http::async_write(*c->stream, res, asio::redirect_error(asio::use_awaitable, ec));
    c->stream->socket().shutdown(tcp::socket::shutdown_send, ec);
    co_return;
  }
  c->stream->expires_never();
  c->ws.emplace(std::move(*c->stream));
  c->stream.reset();
  auto timeouts = websocket::stream_base::timeout::suggested(beast::role_type::server);
  timeouts.idle_timeout =
      std::chrono::duration_cast<std::chrono::seconds>(options.ws_ping_interval * 2);
  if (timeouts.idle_timeout < std::chrono::seconds(1))
    timeouts.idle_timeout = std::chrono::seconds(1);
  timeouts.keep_alive_pings = true;
  c->ws->set_option(timeouts);
  c->ws->set_option(websocket::stream_base::decorator(
      [](websocket::response_type& res) { res.set(http::field::server, "kerf"); }));
  co_await c->ws->async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
  metrics.observe("GET", "/api/v1/events", ec ? 400 : 101, 0);
  if (ec) co_return;
  metrics.websocket_opened();
  c->wake.emplace(c->ex);
  std::string topic;
  if (const auto* t = ctx.query_param("topic")) topic = *t;
  EventSubscription sub = bus->subscribe(topic, options.ws_queue_capacity);
  std::weak_ptr<Conn> weak = conn;
  sub.set_notify([weak, ex = c->ex] {
    asio::post(ex, [weak] {
      if (auto cc = weak.lock(); cc && cc->wake) cc->wake->cancel();
    });
  });
  c->on_stop = [c] {
    if (c->wake) c->wake->cancel();
  };
  asio::co_spawn(c->ex, ws_reader(conn), asio::detached);
  for (;;) {
    if (c->ws_closed) break;
    if (stopping) {
      co_await c->ws->async_close(websocket::close_reason(websocket::close_code::going_away),
                                  asio::redirect_error(asio::use_awaitable, ec));
      break;
    }
    auto events = sub.drain(64);
    if (!events.empty()) {
      bool failed = false;
      for (const auto& e : events) {
        std::string text = event_json(e);
        c->ws->text(true);
        co_await c->ws->async_write(asio::buffer(text),
                                    asio::redirect_error(asio::use_awaitable, ec));
        if (ec) {
          failed = true;
          break;
        }
        metrics.event_sent();
      }
      if (failed) break;
      continue;
    }
    c->wake->expires_at(asio::steady_timer::time_point::max());
    co_await c->wake->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  sub.reset();
  metrics.websocket_closed();
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router,
                                              Authenticator authenticate, EventBus* bus) {
  int threads = std::max(1, options.threads);
  auto impl = std::make_unique<Impl>(threads);
  impl->options = std::move(options);
  impl->router = std::move(router);
  impl->authenticate = std::move(authenticate);
  impl->bus = bus;
  impl->metrics.set_event_bus(bus);
  impl->add_builtin_routes();

  beast::error_code ec;
  auto address = asio::ip::make_address(impl->options.bind, ec);
  if (ec) return Error::invalid("bind", "not an IP address: " + impl->options.bind);
  tcp::endpoint endpoint(address, impl->options.port);
  impl->acceptor.emplace(asio::make_strand(impl->ioc));
  impl->acceptor->open(endpoint.protocol(), ec);
  if (!ec) impl->acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor->bind(endpoint, ec);
  if (!ec) impl->acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) {
    return Error::unavailable("cannot listen on " + impl->options.bind + ":" +
                              std::to_string(impl->options.port) + ": " + ec.message());
  }
  impl->port = impl->acceptor->local_endpoint().port();
  Impl* raw = impl.get();
  asio::co_spawn(impl->acceptor->get_executor(), raw->accept_loop(), asio::detached);
  for (int i = 0; i < threads; ++i) {
    impl->threads.emplace_back([raw] { raw->ioc.run(); });
  }
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

uint16_t Server::port() const { return impl_->port; }
Metrics& Server::metrics() { return impl_->metrics; }
const Router& Server::router() const { return impl_->router; }

void Server::stop(std::chrono::milliseconds grace) {
  if (!impl_ || impl_->stopped) return;
  impl_->stopped = true;
  impl_->stopping = true;
  Impl* s = impl_.get();
  asio::post(s->acceptor->get_executor(), [s] {
    beast::error_code ec;
    s->acceptor->close(ec);
  });
  {
    std::unique_lock lock(s->conn_mu);
    for (auto& [id, weak] : s->conns) {
      auto conn = weak.lock();
      if (!conn) continue;
      asio::post(conn->ex, [weak = std::weak_ptr<Conn>(conn)] {
        if (auto c = weak.lock(); c && c->on_stop) c->on_stop();
      });
    }
    s->conn_cv.wait_for(lock, grace, [s] { return s->conns.empty(); });
  }
  s->ioc.stop();
  for (auto& t : s->threads) t.join();
  s->threads.clear();
  // Connections that outlived the grace period are cut (the threads are gone, so this is safe).
  std::lock_guard lock(s->conn_mu);
  for (auto& [id, weak] : s->conns) {
    auto conn = weak.lock();
    if (!conn) continue;
    beast::error_code ec;
    if (conn->stream) conn->stream->socket().close(ec);
    if (conn->ws) beast::get_lowest_layer(*conn->ws).socket().close(ec);
  }
}

}  // namespace kerf::api
