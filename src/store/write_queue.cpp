#include "store/write_queue.h"

#include <algorithm>

namespace kerf::store::detail {
namespace {

constexpr std::string_view kSavepoint = "SAVEPOINT kerf_group";
constexpr std::string_view kRelease = "RELEASE kerf_group";
constexpr std::string_view kRollbackTo = "ROLLBACK TO kerf_group";

// The queue whose closure the current thread is running (nested transactions are refused).
thread_local const WriteQueue* tls_running = nullptr;

}  // namespace

WriteQueue::WriteQueue(std::unique_ptr<SqliteConnection> conn, ClosureRunner runner,
                       int max_retries, int max_batch)
    : conn_(std::move(conn)),
      runner_(std::move(runner)),
      max_retries_(std::max(0, max_retries)),
      max_batch_(std::max(1, max_batch)) {}

Status WriteQueue::run(const std::function<Status(Tx&)>& fn, bool read_only) {
  if (tls_running == this) {
    return Error::internal("a transaction was started inside a SQLite write transaction");
  }
  Request req;
  req.fn = &fn;
  req.read_only = read_only;
  bool lead_now = false;
  {
    std::lock_guard lock(mu_);
    queue_.push_back(&req);
    lead_now = !leading_;
    leading_ = true;
  }
  if (!lead_now) req.wake.acquire();  // finished by a leader, or handed the lead
  if (!req.finished) lead_until_finished(req);
  if (req.exception) std::rethrow_exception(req.exception);
  return req.result;
}

void WriteQueue::lead_until_finished(Request& own) {
  leader_ = &own;
  tls_running = this;
  while (!own.finished) {
    std::vector<Request*> group = next_group();
    if (group.size() == 1) {
      run_alone(*group.front());
    } else {
      run_group(group);
    }
  }
  tls_running = nullptr;
  leader_ = nullptr;
  std::lock_guard lock(mu_);
  if (queue_.empty()) {
    leading_ = false;
    return;
  }
  queue_.front()->wake.release();  // woken unfinished: it leads, heading the next group
}

void WriteQueue::finish(Request& req) {
  req.finished = true;
  if (&req != leader_) req.wake.release();
}

std::vector<WriteQueue::Request*> WriteQueue::next_group() {
  std::lock_guard lock(mu_);
  std::vector<Request*> group;
  group.push_back(queue_.front());
  queue_.pop_front();
  if (group.front()->solo || group.front()->read_only) return group;
  while (!queue_.empty() && static_cast<int>(group.size()) < max_batch_ && !queue_.front()->solo &&
         !queue_.front()->read_only) {
    group.push_back(queue_.front());
    queue_.pop_front();
  }
  return group;
}

WriteQueue::Outcome WriteQueue::run_closure(Request& req, bool read_only) {
  req.exception = nullptr;
  ClosureResult r;
  try {
    r = runner_(*conn_, *req.fn, read_only);
  } catch (...) {
    req.exception = std::current_exception();
    req.result = Error::internal("transaction closure threw");
    return Outcome::kFailed;
  }
  req.result = std::move(r.status);
  if (req.result.ok()) return Outcome::kOk;
  return r.retryable ? Outcome::kRetry : Outcome::kFailed;
}

void WriteQueue::run_alone(Request& req) {
  if (Status b = conn_->begin(req.read_only); !b.ok()) {
    const bool retryable = conn_->last_retryable();
    conn_->rollback();
    retry_or_finish(req, b, retryable);
    return;
  }
  const Outcome outcome = run_closure(req, req.read_only);
  if (outcome != Outcome::kOk) {
    conn_->rollback();
    if (outcome == Outcome::kRetry) {
      retry_or_finish(req, req.result, true);
    } else {
      finish(req);
    }
    return;
  }
  if (Status c = conn_->commit(); !c.ok()) {
    const bool retryable = conn_->last_retryable();
    conn_->rollback();
    retry_or_finish(req, c, retryable);
    return;
  }
  finish(req);
}

void WriteQueue::run_group(const std::vector<Request*>& group) {
  if (Status b = conn_->begin(false); !b.ok()) {
    // Nothing ran: the whole group goes back to the front, each to run alone.
    conn_->rollback();
    requeue_alone(group);
    return;
  }
  std::vector<Request*> retry;  // transient failures of single closures, run again later
  bool lost = false;            // the open transaction can no longer be committed as a whole
  for (Request* req : group) {
    if (!conn_->execute(kSavepoint, {}).ok()) {
      lost = true;
      break;
    }
    const Outcome outcome = run_closure(*req, false);
    if (!conn_->in_transaction()) {  // SQLite rolled everything back on its own (full, I/O)
      lost = true;
      break;
    }
    if (outcome != Outcome::kOk && !conn_->execute(kRollbackTo, {}).ok()) {
      lost = true;
      break;
    }
    if (!conn_->execute(kRelease, {}).ok()) {
      lost = true;
      break;
    }
    if (outcome == Outcome::kRetry) retry.push_back(req);
  }
  if (!lost && conn_->commit().ok()) {
    for (Request* req : group) {
      if (std::find(retry.begin(), retry.end(), req) == retry.end()) finish(*req);
    }
    for (auto it = retry.rbegin(); it != retry.rend(); ++it) {
      retry_or_finish(**it, (*it)->result, true);
    }
    return;
  }
  // Nothing of the group is committed and no caller has seen a result: every closure runs
  // again alone, so each result reflects its own commit.
  conn_->rollback();
  requeue_alone(group);
}

void WriteQueue::requeue_alone(const std::vector<Request*>& reqs) {
  std::lock_guard lock(mu_);
  for (auto it = reqs.rbegin(); it != reqs.rend(); ++it) {
    (*it)->solo = true;
    (*it)->exception = nullptr;
    queue_.push_front(*it);
  }
}

void WriteQueue::retry_or_finish(Request& req, Status failure, bool retryable) {
  if (retryable && req.attempts < max_retries_) {
    ++req.attempts;
    std::this_thread::sleep_for(std::chrono::microseconds(100 << std::min(req.attempts, 7)));
    requeue_alone({&req});
    return;
  }
  req.result = std::move(failure);
  req.exception = nullptr;
  finish(req);
}

}  // namespace kerf::store::detail
