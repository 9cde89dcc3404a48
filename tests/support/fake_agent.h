// The fake MTConnect agent (tests/fakes/mtconnect_agent/agent.mjs) as a child process on
// 127.0.0.1 and a free port, for the MTConnect client tests. Needs `node` on PATH; without it
// the constructor throws (the test fails saying so, it never skips).
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <string>
#include <vector>

namespace kerf::testing {

// ../shared/fixtures/mtconnect of the source tree (KERF_SHARED_DIR overrides ../shared).
std::string mtconnect_fixtures_dir();

struct HttpResult {
  int status = 0;
  std::string headers;
  std::string body;
};

// One blocking HTTP/1.1 request to 127.0.0.1:`port` (Connection: close); throws on I/O errors.
HttpResult http_request(uint16_t port, const std::string& method, const std::string& target);

class FakeAgent {
 public:
  // Starts `node agent.mjs --devices <fixtures>/Devices.xml --port 0 <args>` and waits (up to a
  // minute, a hang guard) for "listening on port N". Throws std::runtime_error with the log.
  explicit FakeAgent(std::vector<std::string> args = {});
  ~FakeAgent();  // SIGKILL
  FakeAgent(const FakeAgent&) = delete;
  FakeAgent& operator=(const FakeAgent&) = delete;

  uint16_t port() const { return port_; }
  std::string url() const;  // "http://127.0.0.1:<port>"
  HttpResult get(const std::string& target) const { return http_request(port_, "GET", target); }
  // PUT /<device>?<query> (query already URL-encoded); throws unless HTTP 200.
  void put(const std::string& device, const std::string& query) const;
  // New instanceId, buffer reset, every connection dropped (POST /_control/restart).
  void restart() const;
  // Drops every open connection, state kept (POST /_control/drop).
  void drop_connections() const;
  std::string log() const;

 private:
  std::string dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
};

}  // namespace kerf::testing
