// Internal: a blocking pool of backend connections, created lazily up to a maximum.
#pragma once

#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "store/connection.h"

namespace kerf::store::detail {

class ConnectionPool {
 public:
  using Factory = std::function<Result<std::unique_ptr<Connection>>()>;

  // RAII lease: returns the connection to the pool (or drops it when broken).
  class Lease {
   public:
    Lease(ConnectionPool* pool, std::unique_ptr<Connection> conn)
        : pool_(pool), conn_(std::move(conn)) {}
    Lease(Lease&& o) noexcept = default;
    Lease& operator=(Lease&&) = delete;
    ~Lease() {
      if (conn_) pool_->release(std::move(conn_));
    }
    Connection& operator*() { return *conn_; }
    Connection* operator->() { return conn_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> conn_;
  };

  ConnectionPool(Factory factory, int max_size) : factory_(std::move(factory)), max_(max_size) {}

  // Adds an already open connection (counts towards the maximum).
  void add(std::unique_ptr<Connection> conn);
  // Waits for an idle connection, opening a new one while below the maximum.
  Result<Lease> acquire();

 private:
  void release(std::unique_ptr<Connection> conn);

  Factory factory_;
  int max_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;
};

}  // namespace kerf::store::detail
