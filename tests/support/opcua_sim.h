// The node-opcua turret punch simulator (tests/fakes/opcua_punch/server.mjs) as a child process
// for the OPC UA tests: started on 127.0.0.1 with a free port, driven over its stdin control
// channel (JSON lines), killed on destruction. Fails loudly (throws std::runtime_error with the
// reason and the simulator's log) when node or the npm dependencies are missing.
#pragma once

#include <sys/types.h>

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace kerf::testing {

class OpcUaSim {
 public:
  // Starts `node server.mjs --port 0 <args>` and waits (up to 90 s, a hang guard) for "ready".
  explicit OpcUaSim(std::vector<std::string> args = {});
  ~OpcUaSim();
  OpcUaSim(const OpcUaSim&) = delete;
  OpcUaSim& operator=(const OpcUaSim&) = delete;

  uint16_t port() const { return port_; }
  std::string endpoint() const { return "opc.tcp://127.0.0.1:" + std::to_string(port_); }
  // Sends one control command and returns its reply; throws when the reply has ok=false.
  nlohmann::json command(const nlohmann::json& cmd);
  // Everything the simulator wrote to stderr so far.
  std::string log() const;

 private:
  std::string read_line(int timeout_ms);

  std::string dir_;
  pid_t pid_ = -1;
  int in_fd_ = -1;   // our end of its stdin
  int out_fd_ = -1;  // our end of its stdout
  std::string buffer_;
  uint16_t port_ = 0;
};

}  // namespace kerf::testing
