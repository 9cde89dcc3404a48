#include "kerf/integrations/odbc/connection.h"

#include <sql.h>
#include <sqlext.h>

#include <algorithm>
#include <cctype>
#include <string_view>

#include "integrations/odbc/diagnostics.h"

namespace kerf::integrations::odbc {

using detail::classify;
using detail::make_error;
using detail::read_diagnostics;

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

// Above this many bytes a parameter is bound as SQL_LONGVARCHAR (SQL Server's varchar stops at
// 8000; drivers accept long text as LONGVARCHAR everywhere).
constexpr size_t kLongParam = 4000;
// SQLGetData chunk size.
constexpr SQLLEN kChunk = 4096;

// Owns a statement handle.
class Stmt {
 public:
  explicit Stmt(SQLHSTMT h) : h_(h) {}
  ~Stmt() {
    if (h_ != SQL_NULL_HSTMT) {
      SQLFreeStmt(h_, SQL_CLOSE);
      SQLFreeHandle(SQL_HANDLE_STMT, h_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  SQLHSTMT get() const { return h_; }

 private:
  SQLHSTMT h_;
};

Error stmt_error(std::string_view op, SQLHSTMT stmt) {
  auto records = read_diagnostics(SQL_HANDLE_STMT, stmt);
  return make_error(op, classify(records), records);
}

}  // namespace

Failure failure_of(const Error& error) {
  std::string_view m = error.message;
  if (m.rfind("odbc ", 0) != 0) return Failure::kOther;
  size_t colon = m.find("): ");
  if (colon == std::string_view::npos) return Failure::kOther;
  size_t open = m.rfind(" (", colon);
  if (open == std::string_view::npos) return Failure::kOther;
  std::string_view tag = m.substr(open + 2, colon - open - 2);
  if (tag == "connect") return Failure::kConnect;
  if (tag == "retryable") return Failure::kRetryable;
  if (tag == "constraint") return Failure::kConstraint;
  return Failure::kOther;
}

int ResultSet::column(std::string_view name) const {
  for (size_t i = 0; i < columns.size(); ++i) {
    if (iequals(columns[i], name)) return static_cast<int>(i);
  }
  return -1;
}

Value ResultSet::get(size_t r, std::string_view name) const {
  int c = column(name);
  if (c < 0 || r >= rows.size()) return std::nullopt;
  const auto& values = rows[r].values;
  if (static_cast<size_t>(c) >= values.size()) return std::nullopt;
  return values[static_cast<size_t>(c)];
}

struct Connection::Handles {
  SQLHENV env = SQL_NULL_HENV;
  SQLHDBC dbc = SQL_NULL_HDBC;
  bool connected = false;
  bool in_tx = false;
  int query_timeout_s = 0;
  std::string dbms;

  ~Handles() {
    if (dbc != SQL_NULL_HDBC) {
      if (connected) {
        if (in_tx) {
          SQLEndTran(SQL_HANDLE_DBC, dbc, SQL_ROLLBACK);
          SQLSetConnectAttr(dbc, SQL_ATTR_AUTOCOMMIT,
                            reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), SQL_IS_UINTEGER);
        }
        SQLDisconnect(dbc);
      }
      SQLFreeHandle(SQL_HANDLE_DBC, dbc);
    }
    if (env != SQL_NULL_HENV) SQLFreeHandle(SQL_HANDLE_ENV, env);
  }

  Error dbc_error(std::string_view op) const {
    auto records = read_diagnostics(SQL_HANDLE_DBC, dbc);
    return make_error(op, classify(records), records);
  }

  // A new statement with the query timeout set.
  Result<std::unique_ptr<Stmt>> statement() {
    SQLHSTMT h = SQL_NULL_HSTMT;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &h))) {
      auto records = read_diagnostics(SQL_HANDLE_DBC, dbc);
      Failure f = classify(records);
      return make_error("statement", f, records, "SQLAllocHandle(STMT) failed");
    }
    auto stmt = std::make_unique<Stmt>(h);
    if (query_timeout_s > 0) {
      // Drivers that do not support it report 01S02/HYC00; a best effort, not an error.
      SQLSetStmtAttr(h, SQL_ATTR_QUERY_TIMEOUT,
                     reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(query_timeout_s)),
                     SQL_IS_UINTEGER);
    }
    return stmt;
  }
};

Connection::Connection(std::unique_ptr<Handles> handles) : h_(std::move(handles)) {}
Connection::~Connection() = default;

Result<std::unique_ptr<Connection>> Connection::open(const ConnectOptions& options) {
  auto h = std::make_unique<Handles>();
  h->query_timeout_s = options.query_timeout_s;
  const std::string where = detail::redact_connection_string(options.connection_string);
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_ENV, SQL_NULL_HANDLE, &h->env))) {
    return make_error("connect", Failure::kConnect, {}, "SQLAllocHandle(ENV) failed");
  }
  SQLSetEnvAttr(h->env, SQL_ATTR_ODBC_VERSION, reinterpret_cast<SQLPOINTER>(SQL_OV_ODBC3), 0);
  if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_DBC, h->env, &h->dbc))) {
    auto records = read_diagnostics(SQL_HANDLE_ENV, h->env);
    return make_error("connect", Failure::kConnect, records, "SQLAllocHandle(DBC) failed");
  }
  if (options.login_timeout_s > 0) {
    SQLSetConnectAttr(h->dbc, SQL_ATTR_LOGIN_TIMEOUT,
                      reinterpret_cast<SQLPOINTER>(static_cast<SQLULEN>(options.login_timeout_s)),
                      SQL_IS_UINTEGER);
  }
  std::string cs = options.connection_string;
  SQLCHAR out[1024];
  SQLSMALLINT out_len = 0;
  SQLRETURN rc = SQLDriverConnect(h->dbc, nullptr, reinterpret_cast<SQLCHAR*>(cs.data()),
                                  static_cast<SQLSMALLINT>(cs.size()), out, sizeof out, &out_len,
                                  SQL_DRIVER_NOPROMPT);
  if (!SQL_SUCCEEDED(rc)) {
    auto records = read_diagnostics(SQL_HANDLE_DBC, h->dbc);
    Error e = make_error("connect", Failure::kConnect, records, "SQLDriverConnect failed");
    e.message += " (connection string: " + where + ")";
    return e;
  }
  h->connected = true;
  SQLCHAR name[256] = {0};
  SQLSMALLINT name_len = 0;
  if (SQL_SUCCEEDED(SQLGetInfo(h->dbc, SQL_DBMS_NAME, name, sizeof name, &name_len))) {
    h->dbms.assign(reinterpret_cast<const char*>(name));
  }
  return std::unique_ptr<Connection>(new Connection(std::move(h)));
}

namespace {

// Binds `params` to `stmt`; `lengths` must outlive the execution (one indicator per parameter).
Status bind_params(SQLHSTMT stmt, const std::vector<Value>& params, std::vector<SQLLEN>& lengths) {
  lengths.assign(params.size(), 0);
  for (size_t i = 0; i < params.size(); ++i) {
    const Value& v = params[i];
    SQLUSMALLINT n = static_cast<SQLUSMALLINT>(i + 1);
    SQLRETURN rc;
    if (!v) {
      lengths[i] = SQL_NULL_DATA;
      rc = SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_CHAR, SQL_VARCHAR, 1, 0, nullptr, 0,
                            &lengths[i]);
    } else {
      lengths[i] = static_cast<SQLLEN>(v->size());
      SQLSMALLINT sql_type = v->size() > kLongParam ? SQL_LONGVARCHAR : SQL_VARCHAR;
      SQLULEN size = std::max<SQLULEN>(1, v->size());
      rc = SQLBindParameter(stmt, n, SQL_PARAM_INPUT, SQL_C_CHAR, sql_type, size, 0,
                            const_cast<char*>(v->data()), static_cast<SQLLEN>(v->size()),
                            &lengths[i]);
    }
    if (!SQL_SUCCEEDED(rc)) return stmt_error("bind parameter " + std::to_string(n), stmt);
  }
  return ok_status();
}

// Prepares and executes `sql` on `stmt` with `params`. SQL_NO_DATA (e.g. a DELETE that matched
// nothing) is success.
Status run(SQLHSTMT stmt, const std::string& sql, const std::vector<Value>& params) {
  std::string text = sql;
  SQLRETURN rc = SQLPrepare(stmt, reinterpret_cast<SQLCHAR*>(text.data()),
                            static_cast<SQLINTEGER>(text.size()));
  if (!SQL_SUCCEEDED(rc)) return stmt_error("prepare", stmt);
  std::vector<SQLLEN> lengths;
  if (Status s = bind_params(stmt, params, lengths); !s.ok()) return s;
  rc = SQLExecute(stmt);
  if (rc == SQL_NO_DATA || SQL_SUCCEEDED(rc)) return ok_status();
  return stmt_error("execute", stmt);
}

// Reads column `col` of the current row as text (NULL -> nullopt), in chunks.
Result<Value> read_column(SQLHSTMT stmt, SQLUSMALLINT col) {
  std::string out;
  char buf[kChunk];
  for (;;) {
    SQLLEN ind = 0;
    SQLRETURN rc = SQLGetData(stmt, col, SQL_C_CHAR, buf, sizeof buf, &ind);
    if (rc == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(rc)) return stmt_error("fetch", stmt);
    if (ind == SQL_NULL_DATA) return Value{};
    // With SQL_SUCCESS_WITH_INFO (01004) the buffer is full: all but the terminator is data.
    size_t got;
    if (rc == SQL_SUCCESS_WITH_INFO && (ind == SQL_NO_TOTAL || ind >= kChunk)) {
      got = sizeof buf - 1;
    } else {
      got = static_cast<size_t>(std::min<SQLLEN>(ind, kChunk - 1));
    }
    out.append(buf, got);
    if (rc == SQL_SUCCESS) break;
  }
  return Value{std::move(out)};
}

}  // namespace

Result<int64_t> Connection::execute(const std::string& sql, const std::vector<Value>& params) {
  auto stmt = h_->statement();
  if (!stmt.ok()) return stmt.error();
  if (Status s = run((*stmt)->get(), sql, params); !s.ok()) return s.error();
  SQLLEN count = -1;
  if (!SQL_SUCCEEDED(SQLRowCount((*stmt)->get(), &count))) count = -1;
  return static_cast<int64_t>(count);
}

Result<ResultSet> Connection::query(const std::string& sql, const std::vector<Value>& params) {
  auto stmt_r = h_->statement();
  if (!stmt_r.ok()) return stmt_r.error();
  SQLHSTMT stmt = (*stmt_r)->get();
  if (Status s = run(stmt, sql, params); !s.ok()) return s.error();
  ResultSet rs;
  SQLSMALLINT ncols = 0;
  if (!SQL_SUCCEEDED(SQLNumResultCols(stmt, &ncols))) return stmt_error("describe", stmt);
  for (SQLSMALLINT c = 1; c <= ncols; ++c) {
    SQLCHAR name[256] = {0};
    SQLSMALLINT len = 0;
    if (!SQL_SUCCEEDED(SQLColAttribute(stmt, static_cast<SQLUSMALLINT>(c), SQL_DESC_LABEL, name,
                                       sizeof name, &len, nullptr))) {
      return stmt_error("describe", stmt);
    }
    rs.columns.emplace_back(reinterpret_cast<const char*>(name));
  }
  if (ncols == 0) return rs;
  for (;;) {
    SQLRETURN rc = SQLFetch(stmt);
    if (rc == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(rc)) return stmt_error("fetch", stmt);
    Row row;
    row.values.reserve(static_cast<size_t>(ncols));
    for (SQLSMALLINT c = 1; c <= ncols; ++c) {
      auto v = read_column(stmt, static_cast<SQLUSMALLINT>(c));
      if (!v.ok()) return v.error();
      row.values.push_back(std::move(*v));
    }
    rs.rows.push_back(std::move(row));
  }
  return rs;
}

Status Connection::begin() {
  if (h_->in_tx) return Error::precondition("odbc begin: a transaction is already open");
  SQLRETURN rc =
      SQLSetConnectAttr(h_->dbc, SQL_ATTR_AUTOCOMMIT,
                        reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_OFF), SQL_IS_UINTEGER);
  if (!SQL_SUCCEEDED(rc)) return h_->dbc_error("begin");
  h_->in_tx = true;
  return ok_status();
}

namespace {

Status end_transaction(SQLHDBC dbc, bool& in_tx, SQLSMALLINT completion, std::string_view op) {
  if (!in_tx) return Error::precondition("odbc " + std::string(op) + ": no open transaction");
  SQLRETURN rc = SQLEndTran(SQL_HANDLE_DBC, dbc, completion);
  Status result = ok_status();
  if (!SQL_SUCCEEDED(rc)) {
    auto records = read_diagnostics(SQL_HANDLE_DBC, dbc);
    result = make_error(op, classify(records), records);
  }
  // Whatever the outcome the transaction is over: the driver rolled back a failed commit.
  in_tx = false;
  SQLRETURN ac = SQLSetConnectAttr(
      dbc, SQL_ATTR_AUTOCOMMIT, reinterpret_cast<SQLPOINTER>(SQL_AUTOCOMMIT_ON), SQL_IS_UINTEGER);
  if (result.ok() && !SQL_SUCCEEDED(ac)) {
    auto records = read_diagnostics(SQL_HANDLE_DBC, dbc);
    result = make_error(op, classify(records), records);
  }
  return result;
}

}  // namespace

Status Connection::commit() { return end_transaction(h_->dbc, h_->in_tx, SQL_COMMIT, "commit"); }

Status Connection::rollback() {
  return end_transaction(h_->dbc, h_->in_tx, SQL_ROLLBACK, "rollback");
}

bool Connection::in_transaction() const { return h_->in_tx; }

std::string Connection::dbms_name() const { return h_->dbms; }

}  // namespace kerf::integrations::odbc
