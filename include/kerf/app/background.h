// The one owner of a node's background work: periodic tasks (outbox relay, session and event
// retention, the scheduler's sweep of stopped nodes' runs, its machine-down listener, later
// machine ingestion and Sigmanest sync). `kerf serve` builds one, starts it after the server
// listens and stops it before the database closes; tests build their own.
//
// Every failure of a task is logged (task name, error code, message) and counted; stats() feeds
// /metrics (kerf_background_runs_total, kerf_background_failures_total by task).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::app {

// Counters of one task since start.
struct BackgroundTaskStats {
  std::string name;
  uint64_t runs = 0;
  uint64_t failures = 0;
  std::string last_error;  // "" until a run fails
};

class Background {
 public:
  // After a failed run a task waits at least this long, whatever its period.
  static constexpr std::chrono::milliseconds kRetryAfterFailure{1000};

  Background() = default;
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  // Registers `run` to be called every `period` (real time) on its own thread from start() on;
  // the first call happens at once; after a failure the next comes kRetryAfterFailure later at
  // the soonest. A returned error is logged and counted, never rethrown; an
  // exception escaping `run` is a bug: it is logged as such and counted too. Must be called
  // before start(). `name` is a short dotted label such as "outbox.relay".
  void add_periodic(std::string name, std::chrono::milliseconds period,
                    std::function<Status()> run);

  // Starts every task (idempotent).
  void start();
  // Stops every task and waits for a run in progress to end (idempotent; also the destructor).
  void stop();
  bool running() const { return started_; }

  // Counters of every task in registration order (thread-safe).
  std::vector<BackgroundTaskStats> stats() const;

 private:
  struct Task {
    std::string name;
    std::chrono::milliseconds period{};
    std::function<Status()> run;
    uint64_t runs = 0;
    uint64_t failures = 0;
    std::string last_error;
    std::thread thread;
  };
  void loop(Task& task);
  void record(Task& task, const Status& outcome);

  mutable std::mutex mu_;
  std::condition_variable wake_;
  std::vector<std::unique_ptr<Task>> tasks_;
  bool stop_ = false;
  bool started_ = false;
};

}  // namespace kerf::app
