// Internal: the single SQLite writer. Callers of Database::transact queue their transaction
// closures; one writer thread owns the only read-write connection and runs them in arrival
// order (fair: no busy retries between in-process writers). Closures queued together are group
// committed: one BEGIN IMMEDIATE ... COMMIT around several closures, each inside its own
// savepoint, so a failing closure rolls back only itself. A closure's result is handed back only
// after the commit that made it durable (or after its own rollback and that commit): when the
// group commit fails, every closure of the group is re-run alone in its own transaction.
#pragma once

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
#include <thread>
#include <vector>

#include "kerf/store/database.h"
#include "store/sqlite_connection.h"

namespace kerf::store::detail {

// What running one closure inside an open transaction gave: its status (the first statement
// failure when the closure itself returned ok) and whether a failure is transient.
struct ClosureResult {
  Status status;
  bool retryable = false;
};
// Runs a closure on `conn` inside the transaction already open there (Database builds the Tx).
// Exceptions thrown by the closure propagate.
using ClosureRunner = std::function<ClosureResult(
    Connection& conn, const std::function<Status(Tx&)>& fn, bool read_only)>;

class WriteQueue {
 public:
  // Takes the writer connection and starts the writer thread. `max_retries` bounds the re-runs
  // of a closure after transient (busy) failures; `max_batch` the closures per group commit.
  WriteQueue(std::unique_ptr<SqliteConnection> conn, ClosureRunner runner, int max_retries,
             int max_batch);
  // Runs every queued closure, then stops the writer thread.
  ~WriteQueue();
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues fn and waits for its outcome: ok once committed, fn's error (or the statement /
  // commit error) after rollback. An exception thrown by fn is rethrown here after rollback.
  // read_only runs fn alone in a deferred transaction (":memory:" databases, which have no
  // reader connections). Called from the writer thread itself (a transaction inside a
  // transaction) it fails with kInternal instead of deadlocking.
  Status run(const std::function<Status(Tx&)>& fn, bool read_only);

 private:
  struct Request {
    const std::function<Status(Tx&)>* fn = nullptr;
    bool read_only = false;
    bool solo = false;  // run alone in its own transaction (after a failed group commit)
    int attempts = 0;
    Status result;
    std::exception_ptr exception;
    std::binary_semaphore done{0};
  };
  // What running one closure inside the open transaction gave.
  enum class Outcome { kOk, kFailed, kRetry };

  void writer_loop();
  // Takes the next group from the queue (waits); empty when stopping with nothing queued.
  std::vector<Request*> next_group();
  void run_group(const std::vector<Request*>& group);
  void run_alone(Request& req);
  Outcome run_closure(Request& req, bool read_only);
  // Requeues `reqs` at the front, in order, to run alone.
  void requeue_alone(const std::vector<Request*>& reqs);
  // Retries req later when the failure was transient and attempts remain, else finishes it.
  void retry_or_finish(Request& req, Status failure, bool retryable);
  static void finish(Request& req) { req.done.release(); }

  std::unique_ptr<SqliteConnection> conn_;
  const ClosureRunner runner_;
  const int max_retries_;
  const int max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Request*> queue_;
  bool stopping_ = false;
  std::thread thread_;  // last: started after everything above is ready
};

}  // namespace kerf::store::detail
