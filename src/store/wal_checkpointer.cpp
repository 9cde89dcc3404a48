#include "store/wal_checkpointer.h"

#include <spdlog/spdlog.h>

namespace kerf::store::detail {

Result<std::unique_ptr<WalCheckpointer>> WalCheckpointer::open(const std::string& path,
                                                               WalThresholds thresholds) {
  sqlite3* db = nullptr;
  const int rc = sqlite3_open_v2(
      path.c_str(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open SQLite database '" + path + "' to checkpoint: " + msg);
  }
  // A fresh connection has not opened the WAL yet, and checkpointing there would do nothing.
  char* err = nullptr;
  if (sqlite3_exec(db, "PRAGMA journal_mode=WAL", nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err != nullptr ? err : sqlite3_errmsg(db);
    sqlite3_free(err);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open the WAL of '" + path + "' to checkpoint: " + msg);
  }
  return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(db, thresholds));
}

WalCheckpointer::WalCheckpointer(sqlite3* db, WalThresholds thresholds)
    : db_(db), thresholds_(thresholds), thread_([this] { run(); }) {}

WalCheckpointer::~WalCheckpointer() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  cv_.notify_one();
  thread_.join();
  sqlite3_close_v2(db_);
}

void WalCheckpointer::attach(sqlite3* writer) { sqlite3_wal_hook(writer, &on_commit, this); }

int WalCheckpointer::on_commit(void* arg, sqlite3* writer, const char* schema, int wal_pages) {
  auto* self = static_cast<WalCheckpointer*>(arg);
  if (wal_pages >= self->thresholds_.inline_pages) {
    sqlite3_wal_checkpoint_v2(writer, schema, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    std::lock_guard lock(self->mu_);
    ++self->inline_runs_;
    return SQLITE_OK;
  }
  if (wal_pages >= self->thresholds_.background_pages) {
    {
      std::lock_guard lock(self->mu_);
      self->requested_ = true;
    }
    self->cv_.notify_one();
  }
  return SQLITE_OK;
}

void WalCheckpointer::run() {
  std::unique_lock lock(mu_);
  for (;;) {
    cv_.wait(lock, [this] { return requested_ || stop_; });
    if (stop_) return;
    requested_ = false;
    lock.unlock();
    const int rc =
        sqlite3_wal_checkpoint_v2(db_, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
    if (rc != SQLITE_OK && rc != SQLITE_BUSY) {
      spdlog::warn("SQLite checkpoint failed: {}", sqlite3_errmsg(db_));
    }
    lock.lock();
    ++background_runs_;
  }
}

int64_t WalCheckpointer::background_runs() const {
  std::lock_guard lock(mu_);
  return background_runs_;
}

int64_t WalCheckpointer::inline_runs() const {
  std::lock_guard lock(mu_);
  return inline_runs_;
}

}  // namespace kerf::store::detail
