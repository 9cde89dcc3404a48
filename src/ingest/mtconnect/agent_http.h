// Private to the MTConnect source: blocking HTTP/1.1 GETs to an agent over Boost.Beast, each
// operation bounded by a timeout and abortable from another thread (stop()). One connection per
// request (Connection: close), which is what agents expect of streaming requests anyway.
#pragma once

// Boost 1.74's asio needs std::exchange declared before it (keep <utility> first).
// clang-format off
#include <utility>
#include <boost/asio.hpp>
#include <boost/beast.hpp>
// clang-format on

#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::ingest::mtconnect {

struct HttpReply {
  int status = 0;
  std::string content_type;
  std::string body;
};

class AgentHttp {
 public:
  AgentHttp(std::string host, uint16_t port);
  ~AgentHttp();
  AgentHttp(const AgentHttp&) = delete;
  AgentHttp& operator=(const AgentHttp&) = delete;

  // GET `target`, the whole answer within `timeout`. Errors are kUnavailable (connect, I/O,
  // timeout, cancelled) with the reason.
  Result<HttpReply> get(const std::string& target, std::chrono::milliseconds timeout);

  // Streaming GET: `on_headers(status, content_type)` once, then `on_data(bytes)` with the
  // de-chunked body as it arrives; stops when a callback fails (its error is returned), the
  // body ends, no byte arrives within `idle_timeout` (kUnavailable "idle timeout"), or
  // cancel(). A non-2xx answer's whole body is passed to on_data once, then the call ends
  // with on_data's error or kUnavailable "HTTP <status>".
  Status stream(const std::string& target, std::chrono::milliseconds connect_timeout,
                std::chrono::milliseconds idle_timeout,
                const std::function<Status(int, std::string_view)>& on_headers,
                const std::function<Status(std::string_view)>& on_data);

  // Aborts the operation in progress (and the next one, until reset()); thread-safe.
  void cancel();
  bool cancelled() const { return cancelled_; }

 private:
  Status connect(std::chrono::milliseconds timeout);
  Status send_get(const std::string& target, std::chrono::milliseconds timeout);
  // Runs the io_context until the started asynchronous operation completes.
  void run();

  std::string host_;
  uint16_t port_;
  boost::asio::io_context ioc_;
  std::optional<boost::beast::tcp_stream> stream_;
  std::atomic<bool> cancelled_{false};
};

// True for the error AgentHttp::stream returns after `idle_timeout` without bytes.
bool is_idle_timeout(const Error& e);

}  // namespace kerf::ingest::mtconnect
