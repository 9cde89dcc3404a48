// The HTTP/WebSocket server: Boost.Beast on Asio C++20 coroutines, N worker threads, keep-alive,
// request limits, authentication, RFC 9457 errors, /healthz, /metrics, OpenAPI, event streaming
// over WebSocket and static files. Handlers are synchronous and run on the I/O threads, except
// RouteSpec::blocking ones, which run on a bounded worker pool.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "kerf/api/event_access.h"
#include "kerf/api/http_types.h"
#include "kerf/api/metrics.h"
#include "kerf/api/router.h"
#include "kerf/core/event_bus.h"
#include "kerf/core/result.h"

namespace kerf::app {
class AgentsPort;
}

namespace kerf::api {

inline constexpr const char* kSessionCookie = "kerf_session";
inline constexpr std::size_t kMaxBodyBytes = 1024 * 1024;

struct ServerOptions {
  std::string bind = "127.0.0.1";
  uint16_t port = 0;  // 0 = ephemeral; see Server::port()
  int threads = 2;
  std::size_t max_body_bytes = kMaxBodyBytes;
  std::chrono::seconds idle_timeout{30};  // keep-alive connection idle limit
  std::chrono::milliseconds ws_ping_interval{20000};
  std::size_t ws_queue_capacity = 1024;  // per WebSocket client; overflow drops oldest
  std::string static_dir;                // serve files from here for non-API GETs; "" = off
  std::string title = "kerf API";        // OpenAPI info.title
  std::string version = "0.1.0";         // OpenAPI info.version
  // Which principal may receive which event topic over /api/v1/events.
  EventAccess event_access = default_event_access;
  // A WebSocket re-validates its session token before each batch of events and at least this
  // often; a logged-out or deactivated session is closed with 1008 (policy violation).
  std::chrono::milliseconds ws_session_check_interval{30000};
  // Bound on the close handshake with each WebSocket client when the server stops.
  std::chrono::milliseconds ws_close_timeout{1000};
  // Worker threads for RouteSpec::blocking handlers (password hashing), and how many such
  // requests may be queued or running at once before further ones get 503 + Retry-After.
  // HTTPS: PEM certificate chain and private key files (both or neither). With TLS, responses
  // carry Strict-Transport-Security and cookies are marked Secure; plain HTTP is not served.
  std::string tls_cert_file;
  std::string tls_key_file;
  int blocking_threads = 2;
  std::size_t blocking_queue_limit = 64;
  // The shop agents behind /api/v1/agents/ask and /status (kerf/app/agents_port.h; start_server
  // registers them); null = agents off, those routes answer 503.
  app::AgentsPort* agents = nullptr;
};

class Server {
 public:
  // Binds and starts serving `router` (built-in routes /healthz, /metrics,
  // /api/v1/openapi.json and /api/v1/events are added to it). `bus` may be null (no events
  // route). `authenticate` resolves tokens; required if any route is not public.
  static Result<std::unique_ptr<Server>> start(ServerOptions options, Router router,
                                               Authenticator authenticate, EventBus* bus);
  ~Server();  // stops if still running
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // The bound TCP port (the actual one when options.port was 0).
  uint16_t port() const;
  // Metrics registry (add gauges before or after start).
  Metrics& metrics();
  // The route table in effect (including built-ins), e.g. to check OpenAPI coverage.
  const Router& router() const;
  // Stops accepting, lets in-flight requests finish (up to `grace`), closes idle keep-alive
  // connections and WebSockets (close frame "going away"), joins the threads. Idempotent.
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(5000));

  struct Impl;

 private:
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::api
