// Internal: SQLite implementation of detail::Connection with a prepared-statement cache.
#pragma once

#include <sqlite3.h>

#include <chrono>
#include <memory>
#include <string>
#include <unordered_map>
#include <vector>

#include "store/connection.h"

namespace kerf::store::detail {

class SqliteConnection final : public Connection {
 public:
  // Opens `path` (read-write and created, or read-only). Sets WAL and a 64 MiB page cache
  // (writer only), foreign_keys, synchronous=NORMAL, temp_store=MEMORY and busy_timeout.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, bool read_only,
                                                        std::chrono::milliseconds busy_timeout);
  ~SqliteConnection() override;

  Result<StatementResult> execute(std::string_view sql, std::span<const Param> params) override;
  Status exec_script(const std::string& sql) override;
  Status begin(bool read_only) override;
  Status commit() override;
  void rollback() override;
  // The SQLite handle, for the WAL checkpointer's commit hook.
  sqlite3* handle() const { return db_; }
  // True while a transaction is open (false after SQLite rolled one back on its own).
  bool in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

 private:
  struct Cached {
    sqlite3_stmt* stmt = nullptr;
    std::shared_ptr<const std::vector<std::string>> names;
  };
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Error make_error(int rc, std::string_view sql);

  sqlite3* db_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace kerf::store::detail
