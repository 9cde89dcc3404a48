// store::Database: one handle over SQLite (embedded default) or PostgreSQL, selected by URL.
// SQL is written once with `?` placeholders; transactions retry on SQLITE_BUSY and PostgreSQL
// serialization failures/deadlocks, commit when the callback succeeds and roll back otherwise.
#pragma once

#include <chrono>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>

#include "kerf/core/result.h"
#include "kerf/store/value.h"

namespace kerf::store {

enum class Backend { kSqlite, kPostgres };

// "sqlite" or "postgresql".
const char* backend_name(Backend b);

namespace detail {
class Connection;
}

// A transaction handle, valid only inside the Database::transact / Database::read callback that
// received it. Not thread-safe; use it from the callback's thread only.
//
// Portable failure rule: once a statement fails inside a transaction the transaction is
// poisoned (PostgreSQL aborts it anyway) - further statements return the same error and the
// transaction is rolled back even if the callback returns ok; transact then returns that error.
class Tx {
 public:
  Tx(const Tx&) = delete;
  Tx& operator=(const Tx&) = delete;

  Backend backend() const { return backend_; }
  bool read_only() const { return read_only_; }

  // Runs `sql` (one statement, `?` placeholders) and returns all rows. Constraint violations
  // map to kConflict (unique; field = column), kInvalidArgument (check/not null) or
  // kFailedPrecondition (foreign key); other failures to kInternal/kUnavailable.
  Result<Rows> query(std::string_view sql, std::span<const Param> params);
  Result<Rows> query(std::string_view sql, std::initializer_list<Param> params = {});
  // Like query, but returns the first row or nullopt.
  Result<std::optional<Row>> query_one(std::string_view sql, std::span<const Param> params);
  Result<std::optional<Row>> query_one(std::string_view sql,
                                       std::initializer_list<Param> params = {});
  // Runs a statement and returns the number of rows it changed.
  Result<int64_t> exec(std::string_view sql, std::span<const Param> params);
  Result<int64_t> exec(std::string_view sql, std::initializer_list<Param> params = {});
  // Runs `INSERT ... RETURNING id`-style SQL and returns the int64 in the first column.
  Result<int64_t> insert_returning_id(std::string_view sql, std::span<const Param> params);
  Result<int64_t> insert_returning_id(std::string_view sql,
                                      std::initializer_list<Param> params = {});

  // Runs a parameterless multi-statement script (migrations, DDL). Same failure rule.
  Status run_script(const std::string& sql);

  // The first statement error of this transaction, if any (see the failure rule above).
  const std::optional<Error>& failure() const { return failure_; }
  // True when the failure is transient (busy / serialization / deadlock) and worth a retry.
  bool retryable() const { return retryable_; }

 private:
  friend class Database;
  Tx(detail::Connection& conn, Backend backend, bool read_only)
      : conn_(&conn), backend_(backend), read_only_(read_only) {}

  detail::Connection* conn_;
  Backend backend_;
  bool read_only_;
  std::optional<Error> failure_;
  bool retryable_ = false;
};

struct DatabaseOptions {
  // PostgreSQL: connections in the pool. SQLite: read-only connections (plus one writer).
  int pool_size = 8;
  // Extra attempts of a transaction after a busy/serialization/deadlock failure.
  int max_retries = 8;
  // SQLite busy_timeout.
  std::chrono::milliseconds busy_timeout{5000};
};

// Thread-safe database handle. Create with Database::open.
class Database {
 public:
  // Opens `url`: "postgresql://..." / "postgres://..." (libpq URI) or "sqlite:PATH",
  // "sqlite://PATH", ":memory:" or a plain filesystem path (SQLite; the file is created).
  // SQLite connections use WAL, foreign_keys=ON, synchronous=NORMAL and busy_timeout.
  // Fails with kUnavailable when the database cannot be reached.
  static Result<std::unique_ptr<Database>> open(std::string_view url,
                                                const DatabaseOptions& options = {});
  ~Database();
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  Backend backend() const { return backend_; }

  // Runs fn in a read-write transaction (BEGIN IMMEDIATE on SQLite). Commits when fn returns
  // ok, rolls back otherwise (and when fn throws; the exception propagates). Retries the whole
  // transaction, calling fn again, on transient failures up to options.max_retries times.
  Status transact_status(const std::function<Status(Tx&)>& fn);
  // Runs fn in a read-only transaction (a consistent snapshot); same return contract.
  Status read_status(const std::function<Status(Tx&)>& fn);

  // Generic forms: fn returns Status or Result<T>; the result is passed through.
  template <typename F>
  auto transact(F&& fn) -> std::invoke_result_t<F, Tx&> {
    return run(std::forward<F>(fn), false);
  }
  template <typename F>
  auto read(F&& fn) -> std::invoke_result_t<F, Tx&> {
    return run(std::forward<F>(fn), true);
  }

  class Impl;

 private:
  Database(Backend backend, std::unique_ptr<Impl> impl);
  Status run_status(const std::function<Status(Tx&)>& fn, bool read_only);

  template <typename F>
  auto run(F&& fn, bool read_only) -> std::invoke_result_t<F, Tx&> {
    using R = std::invoke_result_t<F, Tx&>;
    if constexpr (std::is_same_v<R, Status>) {
      return run_status(fn, read_only);
    } else {
      std::optional<R> out;
      Status s = run_status(
          [&](Tx& tx) -> Status {
            out.reset();
            out.emplace(fn(tx));
            if (!out->ok()) return out->error();
            return ok_status();
          },
          read_only);
      if (!s.ok()) return s.error();
      return std::move(*out);
    }
  }

  Backend backend_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::store
