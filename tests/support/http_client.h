// A small synchronous HTTP/1.1 client for tests and benchmarks: keep-alive (reconnects when the
// server closed the connection), a cookie jar, an optional bearer token. Plus a WebSocket client
// with read timeouts so a missing event fails a test instead of hanging it.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace kerf::testing {

struct HttpResponse {
  int status = 0;
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case

  // The first header named `name` (lower-case), or "".
  std::string header(const std::string& name) const;
  // Parses the body as JSON (throws nlohmann::json::parse_error if it is not).
  nlohmann::json json() const;
};

class HttpClient {
 public:
  // `local_address` (optional) binds the client's socket before connecting, so a test can come
  // from another loopback address (Linux routes all of 127.0.0.0/8 to lo): "127.0.0.2".
  explicit HttpClient(uint16_t port, std::string host = "127.0.0.1",
                      std::string local_address = "");
  ~HttpClient();
  HttpClient(const HttpClient&) = delete;
  HttpClient& operator=(const HttpClient&) = delete;

  // Sends one request and reads the response. `headers` are added as given. Throws
  // std::runtime_error when the server cannot be reached.
  HttpResponse request(const std::string& method, const std::string& target,
                       const std::string& body = "", const std::string& content_type = "",
                       const std::vector<std::pair<std::string, std::string>>& headers = {});
  HttpResponse get(const std::string& target) { return request("GET", target); }
  HttpResponse del(const std::string& target) { return request("DELETE", target); }
  HttpResponse post_json(const std::string& target, const nlohmann::json& body) {
    return request("POST", target, body.dump(), "application/json");
  }
  HttpResponse put_json(const std::string& target, const nlohmann::json& body) {
    return request("PUT", target, body.dump(), "application/json");
  }

  // Sends "Authorization: Bearer <token>" from now on ("" = stop sending it).
  void set_bearer(std::string token) { bearer_ = std::move(token); }
  // Cookies received via Set-Cookie (name -> value) and sent back on later requests.
  std::map<std::string, std::string>& cookies() { return cookies_; }
  // Number of TCP connections opened so far (1 for a kept-alive series).
  int connections_opened() const { return connections_; }

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
  std::string bearer_;
  std::map<std::string, std::string> cookies_;
  int connections_ = 0;
};

class WsClient {
 public:
  // Connects and performs the upgrade handshake for `target`. On refusal, throws
  // std::runtime_error whose message contains the HTTP status.
  WsClient(uint16_t port, const std::string& target,
           const std::vector<std::pair<std::string, std::string>>& headers = {});
  ~WsClient();
  // Next text message, or nullopt if none arrives within `timeout` or the peer closed.
  std::optional<std::string> read(std::chrono::milliseconds timeout);
  // True once the server sent a close frame (after a read returned nullopt).
  bool closed_by_server() const;
  // Close code the server sent (0 if none).
  int close_code() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::testing
