// The real `kerf` executable as a child process, for end-to-end tests that may only talk to it
// over HTTP and the WebSocket: started with `serve --port 0`, ready once it prints the address it
// listens on, stopped with a signal. Its stdout and stderr go to a log file the test can read.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace kerf::testing {

class KerfProcess {
 public:
  // Runs `kerf serve <args> --port 0` with the extra environment `env` and waits (up to two
  // minutes, a hang guard) until it listens. Throws std::runtime_error carrying the log when it
  // exits or never becomes ready, so the calling test fails.
  explicit KerfProcess(std::vector<std::string> args, std::map<std::string, std::string> env = {});
  // Kills the process (SIGKILL) if it still runs.
  ~KerfProcess();
  KerfProcess(const KerfProcess&) = delete;
  KerfProcess& operator=(const KerfProcess&) = delete;

  uint16_t port() const { return port_; }
  pid_t pid() const { return pid_; }
  // Sends `sig` (SIGTERM, SIGKILL, ...) to the process.
  void signal(int sig);
  // Waits up to `timeout` for the process to end; its wait status (see WIFEXITED), or nullopt
  // if it is still running.
  std::optional<int> wait_exit(std::chrono::milliseconds timeout);
  bool running() const { return !exited_; }
  // Everything the process wrote to stdout and stderr so far.
  std::string log() const;

 private:
  std::string dir_;
  std::string log_path_;
  pid_t pid_ = -1;
  uint16_t port_ = 0;
  bool exited_ = false;
  int status_ = 0;
};

// Describes a wait status for test messages: "exit code 0", "killed by signal 6 (Aborted)".
std::string describe_wait_status(int status);

}  // namespace kerf::testing
