// A helper program run as a child process (the demo's peers: mosquitto, the fake MTConnect
// agent, the OPC UA punch simulator). Its stdout and stderr go to a log file; readiness is a
// line in that log. The child is stopped (SIGTERM, then SIGKILL) when the object goes.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/result.h"

namespace kerf {

class ChildProcess {
 public:
  // Starts argv[0] (looked up in PATH when it has no '/') with `argv`, in `work_dir` (the
  // current directory when empty), logging to `log_path`; with `pipe_stdin` its standard input
  // is a pipe fed by write_line() (else /dev/null). Unavailable when the program cannot be
  // found or started.
  static Result<std::unique_ptr<ChildProcess>> start(std::vector<std::string> argv,
                                                     std::string log_path,
                                                     std::string work_dir = "",
                                                     bool pipe_stdin = false);
  ~ChildProcess();
  ChildProcess(const ChildProcess&) = delete;
  ChildProcess& operator=(const ChildProcess&) = delete;

  // Waits up to `timeout` for a log line for which `match` returns a value; that value, or an
  // unavailable error carrying the log's tail when the child exits or the time runs out.
  Result<std::string> wait_for_line(const std::function<std::optional<std::string>(
                                        const std::string& line)>& match,
                                    std::chrono::milliseconds timeout);
  // Writes `line` and a newline to the child's standard input (thread-safe). Unavailable when
  // stdin is not a pipe or the child stopped reading.
  Status write_line(const std::string& line);
  // True while the child has not exited.
  bool running();
  // SIGTERM, up to `grace` to exit, then SIGKILL (idempotent).
  void stop(std::chrono::milliseconds grace = std::chrono::milliseconds(3000));
  pid_t pid() const { return pid_; }
  const std::string& log_path() const { return log_path_; }
  // The last `max_bytes` of the log.
  std::string log_tail(size_t max_bytes = 2000) const;

 private:
  ChildProcess(pid_t pid, std::string log_path, int stdin_fd)
      : pid_(pid), log_path_(std::move(log_path)), stdin_fd_(stdin_fd) {}
  pid_t pid_ = -1;
  std::string log_path_;
  int stdin_fd_ = -1;
  std::mutex write_mu_;
  bool exited_ = false;
};

// The absolute path of `program` found in PATH (or `program` itself when it contains '/' and
// is executable); nullopt when there is none.
std::optional<std::string> find_program(const std::string& program);

}  // namespace kerf
