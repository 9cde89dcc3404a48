// A thin, safe layer over unixODBC (sql.h/sqlext.h): one connection, parameterised statements
// only (every value is bound with SQLBindParameter, never spliced into SQL text), explicit
// transactions and rows read as nullable strings. Used by the Sigmanest SQL gateway against SQL
// Server (FreeTDS `tdsodbc` or Microsoft's driver on site) and by the SimTrans simulator and the
// tests against PostgreSQL (`odbc-postgresql`) and SQLite (`libsqliteodbc`).
//
// Not thread-safe: one Connection per thread (ODBC handles are not shared).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::integrations::odbc {

// A bound parameter or a fetched column: NULL or text. Numbers travel as their decimal text
// (the driver converts), so one type covers every column of the SimTrans tables.
using Value = std::optional<std::string>;

// One fetched row, in the statement's column order.
struct Row {
  std::vector<Value> values;
};

struct ResultSet {
  std::vector<std::string> columns;  // column labels as the driver reports them
  std::vector<Row> rows;
  // Index of the column named `name` (case-insensitive), or -1.
  int column(std::string_view name) const;
  // Row `r`'s value of column `name`; nullopt when NULL or when the column is absent.
  Value get(size_t r, std::string_view name) const;
};

// What went wrong, classified for retry decisions. The Error's message carries the driver's
// diagnostic records and the classification tag: "odbc <op> (<connect|retryable|constraint|
// other>): SQLSTATE 40001: ... [native 1205]; SQLSTATE ..." (docs/odbc.md).
enum class Failure {
  kConnect,    // cannot connect (08xxx) -> kUnavailable
  kRetryable,  // deadlock / serialization (40001, 40P01), timeout (HYT00, HYT01) -> kUnavailable
  kConstraint, // integrity constraint violation (23xxx) -> kConflict
  kOther,      // anything else -> kInternal
};

// The classification of an error produced by this layer (kOther for foreign errors).
Failure failure_of(const Error& error);

struct ConnectOptions {
  std::string connection_string;  // e.g. "Driver={PostgreSQL Unicode};Server=127.0.0.1;..." or
                                  // "Driver=SQLite3;Database=/var/lib/kerf/simtrans.db"
  int login_timeout_s = 10;
  int query_timeout_s = 30;       // SQL_ATTR_QUERY_TIMEOUT per statement (0 = none)
};

class Connection {
 public:
  // Connects (SQLDriverConnect, no prompt). kUnavailable with the driver's diagnostics when the
  // driver or server cannot be reached; the connection string's password is never logged.
  static Result<std::unique_ptr<Connection>> open(const ConnectOptions& options);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs a statement with `?` placeholders bound to `params` in order; returns the affected row
  // count (-1 when the driver does not know). Errors are classified (failure_of).
  Result<int64_t> execute(const std::string& sql, const std::vector<Value>& params = {});
  // Runs a query and fetches every row (columns as text, NULL as nullopt).
  Result<ResultSet> query(const std::string& sql, const std::vector<Value>& params = {});

  // Transactions: autocommit is on outside of begin()/commit()/rollback(). begin() while a
  // transaction is open is kFailedPrecondition. The destructor rolls back an open transaction.
  Status begin();
  Status commit();
  Status rollback();
  bool in_transaction() const;

  // The DBMS name the driver reports ("PostgreSQL", "SQLite", "Microsoft SQL Server").
  std::string dbms_name() const;

 private:
  struct Handles;
  explicit Connection(std::unique_ptr<Handles> handles);
  std::unique_ptr<Handles> h_;
};

// Runs `body` in a transaction: begin, body, commit; rollback when body or commit fails. Retries
// the whole transaction up to `attempts` times while the failure is kRetryable.
template <typename F>
Status in_transaction(Connection& c, F&& body, int attempts = 3);

}  // namespace kerf::integrations::odbc

#include "kerf/integrations/odbc/connection_inl.h"
