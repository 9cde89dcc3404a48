// Cross-node notifications: PostgreSQL LISTEN/NOTIFY. A notification sent inside a transaction
// is delivered to every listener when (and only if) the transaction commits. On SQLite (one node
// by construction) sending is a no-op and there is nothing to listen to.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

// Queues `payload` (at most 7999 bytes) on `channel`, delivered at commit (PostgreSQL);
// kInvalidArgument "payload" when too long. No-op on SQLite.
Status notify(Tx& tx, std::string_view channel, std::string_view payload);

// A dedicated PostgreSQL connection LISTENing on one channel.
class Listener {
 public:
  // Connects to the PostgreSQL database at `url` and LISTENs on `channel` (a plain identifier).
  // kInvalidArgument for a SQLite URL or a bad channel name; kUnavailable when unreachable.
  static Result<std::unique_ptr<Listener>> open(const std::string& url, const std::string& channel);
  ~Listener();
  Listener(const Listener&) = delete;
  Listener& operator=(const Listener&) = delete;

  // Waits up to `timeout` for notifications and returns their payloads in arrival order (empty
  // after a quiet timeout). kUnavailable when the connection is lost: open a new Listener
  // (notifications sent meanwhile are not replayed).
  Result<std::vector<std::string>> wait(std::chrono::milliseconds timeout);

 private:
  struct Impl;
  explicit Listener(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::store
