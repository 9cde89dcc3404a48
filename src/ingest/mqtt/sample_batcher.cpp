#include "ingest/mqtt/sample_batcher.h"

#include <spdlog/spdlog.h>

#include <algorithm>

namespace kerf::ingest::mqtt {

SampleBatcher::SampleBatcher(std::string name, SampleBatching options, Source::Handler handler,
                             Backoff backoff)
    : name_(std::move(name)),
      options_(options),
      handler_(std::move(handler)),
      backoff_(std::move(backoff)),
      thread_([this] { run(); }) {}

SampleBatcher::~SampleBatcher() { stop(); }

bool SampleBatcher::add(std::vector<Sample> samples) {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return pending_.size() < options_.max_pending || stopping_; });
  if (stopping_) return false;
  for (auto& s : samples) pending_.push_back(std::move(s));
  cv_.notify_all();
  return true;
}

void SampleBatcher::stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string SampleBatcher::last_error() const {
  std::lock_guard lock(mu_);
  return last_error_;
}

void SampleBatcher::run() {
  std::unique_lock lock(mu_);
  while (true) {
    cv_.wait(lock, [&] { return !pending_.empty() || stopping_; });
    if (pending_.empty()) return;  // stopping with nothing left
    // Linger so that a burst becomes one batch.
    cv_.wait_for(lock, options_.linger,
                 [&] { return pending_.size() >= options_.max_batch || stopping_; });
    const size_t n = std::min(pending_.size(), options_.max_batch);
    std::vector<Sample> batch(std::make_move_iterator(pending_.begin()),
                              std::make_move_iterator(pending_.begin() + static_cast<long>(n)));
    pending_.erase(pending_.begin(), pending_.begin() + static_cast<long>(n));
    cv_.notify_all();  // room for the receive thread
    lock.unlock();
    for (int attempt = 0;; ++attempt) {
      Status st = handler_(batch);
      if (st.ok()) {
        delivered_.fetch_add(batch.size());
        break;
      }
      {
        std::lock_guard error_lock(mu_);
        last_error_ = "handler: " + st.error().message;
      }
      spdlog::warn("{}: handler failed ({}), retrying", name_, st.error().message);
      if (!backoff_(std::min(attempt, 16))) break;
    }
    lock.lock();
  }
}

}  // namespace kerf::ingest::mqtt
