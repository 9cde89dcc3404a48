// Server start/stop, the built-in routes and request dispatch (routing, authentication, CSRF,
// body checks, blocking handlers on the worker pool). Connections: http_session.cpp and
// ws_session.cpp.
#include "kerf/api/server.h"

#include <spdlog/spdlog.h>

#include "json_parse.h"
#include "kerf/api/openapi.h"
#include "request_checks.h"
#include "server_impl.h"
#include "static_files.h"

namespace kerf::api {

namespace {

std::string_view sv(beast::string_view s) { return {s.data(), s.size()}; }

Response unauthenticated(std::string_view detail, std::string_view challenge) {
  Response r = problem_response(401, detail);
  r.headers.emplace_back("WWW-Authenticate", std::string(challenge));
  return r;
}

// A TLS server context with the PEM certificate chain and private key; TLS 1.2 or later.
Result<asio::ssl::context> load_tls_context(const std::string& cert_file,
                                            const std::string& key_file) {
  if (cert_file.empty())
    return Error::invalid("server.tls_cert", "required when server.tls_key is set");
  if (key_file.empty())
    return Error::invalid("server.tls_key", "required when server.tls_cert is set");
  asio::ssl::context ctx(asio::ssl::context::tls_server);
  ctx.set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                  asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                  asio::ssl::context::no_tlsv1_1 | asio::ssl::context::single_dh_use);
  beast::error_code ec;
  ctx.use_certificate_chain_file(cert_file, ec);
  if (ec)
    return Error::invalid("server.tls_cert", "cannot load " + cert_file + ": " + ec.message());
  ctx.use_private_key_file(key_file, asio::ssl::context::pem, ec);
  if (ec) return Error::invalid("server.tls_key", "cannot load " + key_file + ": " + ec.message());
  return ctx;
}

}  // namespace

void Server::Impl::add_builtin_routes() {
  // Specs: builtin_route_spec (openapi.cpp), so that server_openapi documents the same routes.
  router.add(builtin_route_spec(BuiltinRoute::kHealth), [](RequestContext&) {
    return json_response({{"status", "ok"}});
  });
  router.add(builtin_route_spec(BuiltinRoute::kMetrics), [this](RequestContext&) {
    Response r;
    r.content_type = "text/plain; version=0.0.4; charset=utf-8";
    r.body = metrics.render();
    return r;
  });
  router.add(builtin_route_spec(BuiltinRoute::kOpenApi), [this](RequestContext&) {
    Response r;
    r.body = openapi_text;
    return r;
  });
  if (bus != nullptr) {
    router.add(builtin_route_spec(BuiltinRoute::kEvents), [](RequestContext&) {
      return problem_response(426, "this endpoint requires a WebSocket upgrade");
    });
  }
  openapi_text = build_openapi(router, options.title, options.version).dump();
}

RequestContext Server::Impl::make_context(const HttpRequest& req, const ConnBase& conn,
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
    ctx.headers.emplace_back(ascii_lower(sv(f.name_string())), std::string(sv(f.value())));
  return ctx;
}

Prepared Server::Impl::prepare(const HttpRequest& req, const ConnBase& conn) {
  Prepared p;
  bool bad_target = false;
  p.ctx = make_context(req, conn, &bad_target);
  RequestContext& ctx = p.ctx;
  if (bad_target) {
    p.response = problem_response(400, "malformed request target");
    return p;
  }
  RouteMatch m = router.match(ctx.method, ctx.path);
  if (m.route == nullptr) {
    if (!m.allowed_methods.empty()) {
      Response r = problem_response(405, "method not allowed");
      std::string allow;
      for (const auto& a : m.allowed_methods) allow += (allow.empty() ? "" : ", ") + a;
      r.headers.emplace_back("Allow", allow);
      p.response = std::move(r);
      return p;
    }
    if ((ctx.method == "GET" || ctx.method == "HEAD") && !ctx.path.starts_with("/api/")) {
      p.route_label = "static";
      if (auto r = serve_static(options.static_dir, ctx.path)) {
        p.response = std::move(*r);
        return p;
      }
    }
    p.response = problem_response(404, "no such resource");
    return p;
  }
  const RouteSpec& spec = m.route->spec;
  p.route_label = spec.path;
  ctx.route_pattern = spec.path;
  ctx.path_params = std::move(m.params);
  if (!spec.is_public) {
    FoundToken token = find_token(ctx, kSessionCookie, false);
    if (token.token.empty() || !authenticate) {
      p.response = unauthenticated("authentication required", "Bearer");
      return p;
    }
    auto who = authenticate(token.token);
    if (!who.ok()) {
      p.response = unauthenticated("invalid or expired session", "Bearer error=\"invalid_token\"");
      return p;
    }
    if (token.source == TokenSource::kCookie) {
      if (auto why = csrf_refusal(ctx, tls.has_value())) {
        p.response = problem_response(403, *why);
        return p;
      }
    }
    if (auto denied = Router::authorize(spec, *who); !denied.ok()) {
      p.response = problem_response(denied.error());
      return p;
    }
    ctx.principal = std::move(who.value());
  }
  // Content-Type: a body route refuses any other type even with an empty body, and no route
  // accepts a form type (what a cross-site HTML form can send without a preflight).
  const std::string* ct = ctx.header("content-type");
  std::string media = ct != nullptr ? media_type(*ct) : "";
  bool json_route = spec.body_type == "application/json";
  if (!spec.body_type.empty() && (ct != nullptr || !req.body().empty())) {
    if (json_route ? !is_json_media(media) : media != spec.body_type) {
      p.response = problem_response(415, "expected Content-Type " + spec.body_type);
      return p;
    }
  } else if (ct != nullptr && is_form_media(media) && is_state_changing(ctx.method)) {
    p.response = problem_response(415, "Content-Type " + media + " is not accepted here");
    return p;
  }
  if (!spec.body_type.empty() && !req.body().empty()) {
    ctx.body = req.body();
    if (json_route) {
      auto parsed = parse_json_body(ctx.body);
      if (!parsed.ok()) {
        p.response = problem_response(parsed.error());
        return p;
      }
      ctx.json = std::move(parsed.value());
    }
  }
  p.route = m.route;
  return p;
}

Response Server::Impl::run_handler(Prepared& p) {
  try {
    return p.route->handler(p.ctx);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", p.route->spec.method, p.route->spec.path, e.what());
    return problem_response(500, "internal error");
  }
}

asio::awaitable<Response> Server::Impl::dispatch(const HttpRequest& req, const ConnBase& conn,
                                                 std::string* route_label) {
  Prepared p = prepare(req, conn);
  *route_label = p.route_label;
  if (p.response) co_return std::move(*p.response);
  if (!p.route->spec.blocking) co_return run_handler(p);
  if (blocking_jobs.fetch_add(1) >= static_cast<int64_t>(options.blocking_queue_limit)) {
    blocking_jobs.fetch_sub(1);
    Response r = problem_response(503, "server busy: too many requests waiting for a worker");
    r.headers.emplace_back("Retry-After", "1");
    co_return r;
  }
  // The handler runs on the pool; this coroutine resumes on the connection's strand.
  Response r = co_await asio::co_spawn(
      blocking_pool->get_executor(),
      [&p]() -> asio::awaitable<Response> { co_return run_handler(p); }, asio::use_awaitable);
  blocking_jobs.fetch_sub(1);
  co_return r;
}

namespace {

// The web UI loads everything from this origin; inline styles only (React style props), images
// and media from blobs/data URLs (camera capture, generated labels), workers from blobs.
constexpr const char* kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; "
    "media-src 'self' blob:; worker-src 'self' blob:; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'";

}  // namespace

HttpResponse Server::Impl::to_http(Response r, unsigned version) {
  HttpResponse res{static_cast<http::status>(r.status), version};
  res.set(http::field::server, "kerf");
  if (!r.content_type.empty()) res.set(http::field::content_type, r.content_type);
  for (auto& [k, v] : r.headers) {
    bool insecure_cookie = tls && ascii_lower(k) == "set-cookie" &&
                           ascii_lower(v).find("; secure") == std::string::npos;
    res.insert(k, insecure_cookie ? v + "; Secure" : v);
  }
  if (r.content_type.starts_with("application/")) {
    res.set(http::field::cache_control, "no-store");
  }
  // Security headers on every response, API and static alike.
  res.set("Content-Security-Policy", kContentSecurityPolicy);
  res.set("X-Content-Type-Options", "nosniff");
  res.set("X-Frame-Options", "DENY");
  res.set("Referrer-Policy", "same-origin");
  res.set("Permissions-Policy", "camera=(self), microphone=(), geolocation=()");
  if (tls) res.set(http::field::strict_transport_security, "max-age=31536000");
  res.body() = std::move(r.body);
  res.prepare_payload();
  return res;
}

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

Result<std::unique_ptr<Server>> Server::start(ServerOptions options, Router router,
                                              Authenticator authenticate, EventBus* bus) {
  int threads = std::max(1, options.threads);
  auto impl = std::make_unique<Impl>(threads);
  impl->options = std::move(options);
  if (!impl->options.event_access) impl->options.event_access = default_event_access;
  impl->router = std::move(router);
  impl->authenticate = std::move(authenticate);
  impl->bus = bus;
  impl->metrics.set_event_bus(bus);
  impl->add_builtin_routes();
  if (!impl->options.tls_cert_file.empty() || !impl->options.tls_key_file.empty()) {
    auto ctx = load_tls_context(impl->options.tls_cert_file, impl->options.tls_key_file);
    if (!ctx.ok()) return ctx.error();
    impl->tls.emplace(std::move(ctx.value()));
  }
  impl->blocking_pool.emplace(std::max(1, impl->options.blocking_threads));
  Impl* raw = impl.get();
  impl->metrics.add_gauge("kerf_blocking_requests",
                          "Requests queued or running on the blocking worker pool.",
                          [raw] { return static_cast<double>(raw->blocking_jobs.load()); });

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
  // Runs `f` on the strand of every live connection.
  auto each_conn = [s](auto f) {
    for (auto& [id, weak] : s->conns) {
      auto conn = weak.lock();
      if (!conn) continue;
      asio::post(conn->ex, [weak = std::weak_ptr<ConnBase>(conn), f] {
        if (auto c = weak.lock()) f(*c);
      });
    }
  };
  {
    std::unique_lock lock(s->conn_mu);
    each_conn([](ConnBase& c) {
      if (c.on_stop) c.on_stop();
    });
    s->conn_cv.wait_for(lock, grace, [s] { return s->conns.empty(); });
    // Connections that outlived the grace period are cut on their strands, so that their
    // coroutines finish (with operation_aborted) while the I/O threads still run them.
    each_conn([](ConnBase& c) { c.close_socket(); });
    s->conn_cv.wait_for(lock, s->options.ws_close_timeout + std::chrono::seconds(1),
                        [s] { return s->conns.empty(); });
  }
  if (s->blocking_pool) s->blocking_pool->join();  // its completions need the I/O threads
  s->ioc.stop();
  for (auto& t : s->threads) t.join();
  s->threads.clear();
  // Anything still suspended is destroyed with the io_context, on this one thread, while every
  // member it may touch is alive (see the member order of Impl).
}

}  // namespace kerf::api
