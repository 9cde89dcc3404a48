// The /api/v1/events WebSocket stream: upgrade checks (path, Origin, session), per-topic access
// rule, session re-validation, bounded close on stop.
#include "kerf/core/time_format.h"
#include "request_checks.h"
#include "server_impl.h"

namespace kerf::api {

namespace {

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

template <class Stream>
asio::awaitable<void> Server::Impl::ws_reader(std::shared_ptr<Conn<Stream>> conn) {
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

template <class Stream>
asio::awaitable<void> Server::Impl::ws_session(std::shared_ptr<Conn<Stream>> conn,
                                               HttpRequest req) {
  Conn<Stream>* c = conn.get();
  beast::error_code ec;
  bool bad_target = false;
  RequestContext ctx = make_context(req, *c, &bad_target);
  std::optional<Response> refusal;
  std::optional<Principal> who;
  std::string token;
  if (bad_target || bus == nullptr || ctx.path != "/api/v1/events") {
    refusal = problem_response(404, "no WebSocket endpoint here");
  } else if (auto why = websocket_origin_refusal(ctx, tls.has_value())) {
    refusal = problem_response(403, *why);
  } else {
    token = find_token(ctx, kSessionCookie, true).token;
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
    beast::get_lowest_layer(*c->stream).socket().shutdown(tcp::socket::shutdown_send, ec);
    co_return;
  }
  beast::get_lowest_layer(*c->stream).expires_never();
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
  // Subscribed before the handshake answer leaves: an event committed by a request the client
  // sends right after its upgrade completed is never missed.
  std::string topic;
  if (const auto* t = ctx.query_param("topic")) topic = *t;
  EventSubscription sub = bus->subscribe(topic, options.ws_queue_capacity);
  co_await c->ws->async_accept(req, asio::redirect_error(asio::use_awaitable, ec));
  metrics.observe("GET", "/api/v1/events", ec ? 400 : 101, 0);
  if (ec) co_return;
  metrics.websocket_opened();
  c->wake.emplace(c->ex);
  std::weak_ptr<Conn<Stream>> weak = conn;
  sub.set_notify([weak, ex = c->ex] {
    asio::post(ex, [weak] {
      if (auto cc = weak.lock(); cc && cc->wake) cc->wake->cancel();
    });
  });
  c->on_stop = [c] {
    if (c->wake) c->wake->cancel();
  };
  asio::co_spawn(c->ex, ws_reader(conn), asio::detached);
  auto next_check = std::chrono::steady_clock::now() + options.ws_session_check_interval;
  // Closes with `code`; a client that never answers the close frame is cut after
  // ws_close_timeout.
  auto close = [&](websocket::close_code code, const char* reason) -> asio::awaitable<void> {
    auto t = timeouts;
    t.handshake_timeout =
        std::chrono::duration_cast<std::chrono::steady_clock::duration>(options.ws_close_timeout);
    c->ws->set_option(t);
    co_await c->ws->async_close(websocket::close_reason(code, reason),
                                asio::redirect_error(asio::use_awaitable, ec));
  };
  for (;;) {
    if (c->ws_closed) break;
    if (stopping) {
      co_await close(websocket::close_code::going_away, "server stopping");
      break;
    }
    auto events = sub.drain(64);
    // The session is re-validated before anything is sent and at least every check interval,
    // so a logout or deactivation ends the stream and role changes apply to the topic rule.
    if (!events.empty() || std::chrono::steady_clock::now() >= next_check) {
      auto again = authenticate(token);
      if (!again.ok()) {
        co_await close(websocket::close_code::policy_error, "session ended");
        break;
      }
      who = std::move(again.value());
      next_check = std::chrono::steady_clock::now() + options.ws_session_check_interval;
    }
    if (!events.empty()) {
      bool failed = false;
      for (const auto& e : events) {
        if (!options.event_access(*who, e.topic)) continue;
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
    c->wake->expires_at(next_check);
    co_await c->wake->async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  sub.reset();
  metrics.websocket_closed();
}

template asio::awaitable<void> Server::Impl::ws_session(std::shared_ptr<Conn<PlainStream>>,
                                                        HttpRequest);
template asio::awaitable<void> Server::Impl::ws_session(std::shared_ptr<Conn<TlsStream>>,
                                                        HttpRequest);

}  // namespace kerf::api
