#include "kerf/store/database.h"

#include <thread>

#include "store/connection_pool.h"
#include "store/pg_connection.h"
#include "store/sqlite_connection.h"
#include "store/wal_checkpointer.h"
#include "store/write_queue.h"

namespace kerf::store {

const char* backend_name(Backend b) { return b == Backend::kSqlite ? "sqlite" : "postgresql"; }

class Database::Impl {
 public:
  DatabaseOptions options;
  std::unique_ptr<detail::ConnectionPool> pool;           // PostgreSQL: reads and writes
  std::unique_ptr<detail::ConnectionPool> readers;        // SQLite file: read-only connections
  std::unique_ptr<detail::WalCheckpointer> checkpointer;  // SQLite file; outlives `writer`
  std::unique_ptr<detail::WriteQueue> writer;  // SQLite: the one writer (":memory:" reads)

  detail::ConnectionPool& pool_for(bool read_only) {
    return read_only && readers ? *readers : *pool;
  }
};

namespace {

bool starts_with(std::string_view s, std::string_view p) { return s.substr(0, p.size()) == p; }

// SQLite write transactions queued together and group-committed at most (docs/store.md).
constexpr int kMaxWriteBatch = 32;

}  // namespace

Database::Database(Backend backend, std::unique_ptr<Impl> impl)
    : backend_(backend), impl_(std::move(impl)) {}

Database::~Database() = default;

Result<std::unique_ptr<Database>> Database::open(std::string_view url,
                                                 const DatabaseOptions& options) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  const int pool_size = std::max(1, options.pool_size);
  if (starts_with(url, "postgresql://") || starts_with(url, "postgres://")) {
    std::string conninfo(url);
    auto first = detail::PgConnection::open(conninfo);
    if (!first.ok()) return first.error();
    impl->pool = std::make_unique<detail::ConnectionPool>(
        [conninfo]() -> Result<std::unique_ptr<detail::Connection>> {
          auto c = detail::PgConnection::open(conninfo);
          if (!c.ok()) return c.error();
          return std::unique_ptr<detail::Connection>(std::move(c).value());
        },
        pool_size);
    impl->pool->add(std::move(first).value());
    return std::unique_ptr<Database>(new Database(Backend::kPostgres, std::move(impl)));
  }

  std::string path(url);
  if (starts_with(path, "sqlite://")) {
    path = path.substr(9);
  } else if (starts_with(path, "sqlite:")) {
    path = path.substr(7);
  }
  if (path.empty()) return Error::invalid("database_url", "empty SQLite path");
  const bool memory = path == ":memory:";
  auto busy = options.busy_timeout;
  auto writer = detail::SqliteConnection::open(path, false, busy);
  if (!writer.ok()) return writer.error();
  if (!memory) {
    auto checkpointer = detail::WalCheckpointer::open(path);
    if (!checkpointer.ok()) return checkpointer.error();
    impl->checkpointer = std::move(checkpointer).value();
    impl->checkpointer->attach((*writer)->handle());
  }
  // The writer thread runs each closure in a Tx of its connection, with the same failure rule
  // as run_status (the first failing statement decides).
  detail::ClosureRunner runner = [](detail::Connection& conn, const std::function<Status(Tx&)>& fn,
                                    bool read_only) -> detail::ClosureResult {
    Tx tx(conn, Backend::kSqlite, read_only);
    Status s = fn(tx);
    if (s.ok() && tx.failure_) s = *tx.failure_;
    const bool retryable = !s.ok() && tx.retryable_;
    return {std::move(s), retryable};
  };
  impl->writer = std::make_unique<detail::WriteQueue>(std::move(writer).value(), std::move(runner),
                                                      options.max_retries, kMaxWriteBatch);
  if (!memory) {
    impl->readers = std::make_unique<detail::ConnectionPool>(
        [path, busy]() -> Result<std::unique_ptr<detail::Connection>> {
          auto c = detail::SqliteConnection::open(path, true, busy);
          if (!c.ok()) return c.error();
          return std::unique_ptr<detail::Connection>(std::move(c).value());
        },
        pool_size);
  }
  return std::unique_ptr<Database>(new Database(Backend::kSqlite, std::move(impl)));
}

Status Database::transact_status(const std::function<Status(Tx&)>& fn) {
  return run_status(fn, false);
}

Status Database::read_status(const std::function<Status(Tx&)>& fn) { return run_status(fn, true); }

Status Database::run_status(const std::function<Status(Tx&)>& fn, bool read_only) {
  // SQLite writes (and ":memory:" reads) go through the writer thread (docs/store.md).
  if (impl_->writer && (!read_only || !impl_->readers)) return impl_->writer->run(fn, read_only);
  detail::ConnectionPool& pool = impl_->pool_for(read_only);
  const int max_retries = std::max(0, impl_->options.max_retries);
  for (int attempt = 0;; ++attempt) {
    const bool may_retry = attempt < max_retries;
    auto backoff = [&] {
      std::this_thread::sleep_for(std::chrono::microseconds(100 << std::min(attempt, 7)));
    };
    auto lease = pool.acquire();
    if (!lease.ok()) return lease.error();
    detail::Connection& conn = **lease;
    if (Status b = conn.begin(read_only); !b.ok()) {
      conn.rollback();
      if (conn.last_retryable() && may_retry) {
        backoff();
        continue;
      }
      return b;
    }
    Tx tx(conn, backend_, read_only);
    Status result;
    try {
      result = fn(tx);
    } catch (...) {
      conn.rollback();
      throw;
    }
    if (result.ok() && tx.failure_) result = *tx.failure_;
    if (!result.ok()) {
      conn.rollback();
      if (tx.retryable_ && may_retry) {
        backoff();
        continue;
      }
      return result;
    }
    if (Status c = conn.commit(); !c.ok()) {
      conn.rollback();
      if (conn.last_retryable() && may_retry) {
        backoff();
        continue;
      }
      return c;
    }
    return ok_status();
  }
}

// ---- Tx -------------------------------------------------------------------------------------

Result<Rows> Tx::query(std::string_view sql, std::span<const Param> params) {
  if (failure_) return *failure_;
  auto r = conn_->execute(sql, params);
  if (!r.ok()) {
    failure_ = r.error();
    retryable_ = conn_->last_retryable();
    return r.error();
  }
  return std::move(r.value().rows);
}

Result<Rows> Tx::query(std::string_view sql, std::initializer_list<Param> params) {
  return query(sql, std::span<const Param>(params.begin(), params.size()));
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql, std::span<const Param> params) {
  auto rows = query(sql, params);
  if (!rows.ok()) return rows.error();
  if (rows->empty()) return std::optional<Row>();
  return std::optional<Row>(std::move(rows->front()));
}

Result<std::optional<Row>> Tx::query_one(std::string_view sql,
                                         std::initializer_list<Param> params) {
  return query_one(sql, std::span<const Param>(params.begin(), params.size()));
}

Result<int64_t> Tx::exec(std::string_view sql, std::span<const Param> params) {
  if (failure_) return *failure_;
  auto r = conn_->execute(sql, params);
  if (!r.ok()) {
    failure_ = r.error();
    retryable_ = conn_->last_retryable();
    return r.error();
  }
  return r->changes;
}

Result<int64_t> Tx::exec(std::string_view sql, std::initializer_list<Param> params) {
  return exec(sql, std::span<const Param>(params.begin(), params.size()));
}

Status Tx::run_script(const std::string& sql) {
  if (failure_) return *failure_;
  Status s = conn_->exec_script(sql);
  if (!s.ok()) {
    failure_ = s.error();
    retryable_ = conn_->last_retryable();
  }
  return s;
}

Result<int64_t> Tx::insert_returning_id(std::string_view sql, std::span<const Param> params) {
  auto row = query_one(sql, params);
  if (!row.ok()) return row.error();
  if (!row->has_value()) return Error::internal("INSERT returned no id");
  return (*row)->get_int(0);
}

Result<int64_t> Tx::insert_returning_id(std::string_view sql, std::initializer_list<Param> params) {
  return insert_returning_id(sql, std::span<const Param>(params.begin(), params.size()));
}

}  // namespace kerf::store
