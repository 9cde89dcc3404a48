#include "store/connection_pool.h"

namespace kerf::store::detail {

void ConnectionPool::add(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  ++open_;
  idle_.push_back(std::move(conn));
  cv_.notify_one();
}

Result<ConnectionPool::Lease> ConnectionPool::acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return !idle_.empty() || open_ < max_; });
  if (!idle_.empty()) {
    auto conn = std::move(idle_.back());
    idle_.pop_back();
    return Lease(this, std::move(conn));
  }
  ++open_;
  lock.unlock();
  auto made = factory_();
  if (!made.ok()) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    return made.error();
  }
  return Lease(this, std::move(made).value());
}

void ConnectionPool::release(std::unique_ptr<Connection> conn) {
  std::lock_guard lock(mu_);
  if (conn->broken()) {
    --open_;
  } else {
    idle_.push_back(std::move(conn));
  }
  cv_.notify_one();
}

}  // namespace kerf::store::detail
