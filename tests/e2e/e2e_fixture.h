// Shared pieces of the end-to-end suite: the real `kerf` executable (support/kerf_process.h)
// driven only over HTTP and the WebSocket, as a shop-floor client would.
#pragma once

#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <chrono>
#include <functional>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <thread>

#include "kerf/app/seed.h"
#include "support/http_client.h"
#include "support/kerf_process.h"

namespace kerf::e2e {

using kerf::testing::HttpClient;
using kerf::testing::KerfProcess;
using kerf::testing::WsClient;
using nlohmann::json;

// A client of `port` logged in as `username` (bearer token); the token is in `token`.
inline std::unique_ptr<HttpClient> login(uint16_t port, const std::string& username,
                                         std::string* token = nullptr,
                                         const std::string& password = app::kDemoPassword) {
  auto c = std::make_unique<HttpClient>(port);
  auto r = c->post_json("/api/v1/auth/login", {{"username", username}, {"password", password}});
  EXPECT_EQ(r.status, 200) << r.body;
  if (r.status == 200) {
    c->set_bearer(r.json()["token"]);
    if (token != nullptr) *token = r.json()["token"];
  }
  return c;
}

// Reads events from `ws` until one satisfies `match` or `timeout` (a hang guard) passes.
inline std::optional<json> read_until(WsClient& ws, const std::function<bool(const json&)>& match,
                                      std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    auto text = ws.read(std::max(left, std::chrono::milliseconds(1)));
    if (!text) return std::nullopt;
    json event = json::parse(*text);
    if (match(event)) return event;
  }
  return std::nullopt;
}

// Ends `p` with SIGTERM and expects a clean exit (code 0) within `grace` (a hang guard).
inline void expect_clean_stop(KerfProcess& p,
                              std::chrono::seconds grace = std::chrono::seconds(30)) {
  p.signal(SIGTERM);
  auto status = p.wait_exit(grace);
  ASSERT_TRUE(status.has_value()) << "kerf still running after SIGTERM:\n" << p.log();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0)
      << kerf::testing::describe_wait_status(*status) << "\n"
      << p.log();
}

}  // namespace kerf::e2e
