// Internal: the single SQLite writer. Callers of Database::transact queue their transaction
// closures on the one read-write connection, FIFO (fair: no busy retries between in-process
// writers). Group commit with a leader: the caller that finds nobody writing runs the queue's
// head (its own closure first, then up to max_batch - 1 queued behind it) in one
// BEGIN IMMEDIATE ... COMMIT, each closure inside its own savepoint, so a failing closure rolls
// back only itself; then it wakes the next queued caller to lead the following group. An
// uncontended writer therefore runs its closure on its own thread with no hand-off. A result is
// handed back only after the commit that made it durable (or after its own rollback and that
// commit): when the group commit fails, every closure of the group is re-run alone.
#pragma once

#include <chrono>
#include <deque>
#include <exception>
#include <functional>
#include <memory>
#include <mutex>
#include <semaphore>
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
  // Takes the writer connection. `max_retries` bounds the re-runs of a closure after transient
  // (busy) failures; `max_batch` the closures per group commit.
  WriteQueue(std::unique_ptr<SqliteConnection> conn, ClosureRunner runner, int max_retries,
             int max_batch);
  // Must not run while a caller is inside run().
  ~WriteQueue() = default;
  WriteQueue(const WriteQueue&) = delete;
  WriteQueue& operator=(const WriteQueue&) = delete;

  // Queues fn and waits for its outcome: ok once committed, fn's error (or the statement /
  // commit error) after rollback. An exception thrown by fn is rethrown here after rollback.
  // read_only runs fn alone in a deferred transaction (":memory:" databases, which have no
  // reader connections). Called from inside a closure of this queue (a transaction inside a
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
    bool finished = false;          // result final (set before `wake` is released)
    std::binary_semaphore wake{0};  // released when finished, or unfinished to hand the lead
  };
  // What running one closure inside the open transaction gave.
  enum class Outcome { kOk, kFailed, kRetry };

  // Runs groups from the queue head until `own` is finished, then passes the lead on.
  void lead_until_finished(Request& own);
  // Takes the next group from the queue head (never empty while leading).
  std::vector<Request*> next_group();
  void run_group(const std::vector<Request*>& group);
  void run_alone(Request& req);
  Outcome run_closure(Request& req, bool read_only);
  // Requeues `reqs` at the front, in order, to run alone.
  void requeue_alone(const std::vector<Request*>& reqs);
  // Retries req later when the failure was transient and attempts remain, else finishes it.
  void retry_or_finish(Request& req, Status failure, bool retryable);
  // Makes req's result final; wakes its caller unless that is the leader itself.
  void finish(Request& req);

  std::unique_ptr<SqliteConnection> conn_;
  const ClosureRunner runner_;
  const int max_retries_;
  const int max_batch_;
  std::mutex mu_;
  std::deque<Request*> queue_;  // guarded by mu_
  bool leading_ = false;        // guarded by mu_: some caller is running groups
  Request* leader_ = nullptr;   // the leading caller's own request (touched by the leader only)
};

}  // namespace kerf::store::detail
