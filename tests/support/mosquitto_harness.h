// A real mosquitto broker for tests: /usr/sbin/mosquitto with a generated config on 127.0.0.1
// and a free port, persistence on (a temp dir) so a restart keeps persistent sessions and their
// queued QoS 1 messages. start/stop/restart keep the same port. Failure to start throws
// std::runtime_error carrying the broker log, so the calling test FAILS (never skips).
#pragma once

#include <sys/types.h>

#include <string>

namespace kerf::testing {

class MosquittoHarness {
 public:
  // Picks a free port and a temp dir; does not start the broker.
  MosquittoHarness();
  ~MosquittoHarness();  // stops the broker and removes the dir
  MosquittoHarness(const MosquittoHarness&) = delete;
  MosquittoHarness& operator=(const MosquittoHarness&) = delete;

  // Starts the broker and waits until it accepts TCP connections. Throws on failure (binary
  // missing, port taken, broker exited) with the log.
  void start();
  // Stops the broker (SIGTERM: it writes its persistence file) and waits for it to exit.
  void stop();
  // stop() then start() on the same port and persistence dir.
  void restart();

  bool running() const { return pid_ > 0; }
  int port() const { return port_; }
  // "tcp://127.0.0.1:<port>".
  std::string uri() const;
  const std::string& dir() const { return dir_; }
  // The broker's log so far (for failure messages).
  std::string log() const;

 private:
  std::string dir_;
  int port_ = 0;
  pid_t pid_ = -1;
  bool started_once_ = false;
  int port_retries_ = 0;
};

}  // namespace kerf::testing
