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

// The first keyword of `sql`, upper-cased.
std::string first_keyword(const std::string& sql) {
  size_t i = 0;
  while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
  std::string out;
  while (i < sql.size() && std::isalpha(static_cast<unsigned char>(sql[i]))) {
    out += static_cast<char>(std::toupper(static_cast<unsigned char>(sql[i++])));
  }
  return out;
}

// Data-changing statements are cached; queries are not (a driver may keep the result columns
// it described at prepare time, which go stale when another connection changes the table).
bool cacheable(const std::string& keyword) {
  return keyword == "INSERT" || keyword == "UPDATE" || keyword == "DELETE";
}

bool is_ddl(const std::string& keyword) {
  return keyword == "CREATE" || keyword == "DROP" || keyword == "ALTER";
}

// Prepared statements kept per connection, keyed by SQL text, so that a statement run many
// times (one INSERT per TransAct row) is prepared once. Least recently used out at kCapacity.
class StmtCache {
 public:
  static constexpr size_t kCapacity = 32;
  struct Entry {
    std::string sql;
    SQLHSTMT h = SQL_NULL_HSTMT;
    uint64_t used = 0;
  };
  ~StmtCache() { clear(); }
  // The cached handle for `sql`, or null.
  SQLHSTMT find(const std::string& sql) {
    for (Entry& e : entries_) {
      if (e.sql == sql) {
        e.used = ++tick_;
        return e.h;
      }
    }
    return SQL_NULL_HSTMT;
  }
  // Keeps `h` (prepared with `sql`), evicting the least recently used entry when full.
  void put(const std::string& sql, SQLHSTMT h) {
    if (entries_.size() >= kCapacity) {
      auto lru = std::min_element(entries_.begin(), entries_.end(),
                                  [](const Entry& a, const Entry& b) { return a.used < b.used; });
      SQLFreeHandle(SQL_HANDLE_STMT, lru->h);
      entries_.erase(lru);
    }
    entries_.push_back({sql, h, ++tick_});
  }
  // Forgets `h` if cached (the caller frees it).
  void forget(SQLHSTMT h) {
    entries_.erase(
        std::remove_if(entries_.begin(), entries_.end(), [h](const Entry& e) { return e.h == h; }),
        entries_.end());
  }
  void clear() {
    for (Entry& e : entries_) SQLFreeHandle(SQL_HANDLE_STMT, e.h);
    entries_.clear();
  }

 private:
  std::vector<Entry> entries_;
  uint64_t tick_ = 0;
};

// One use of a statement handle. On destruction the cursor is closed and the parameters unbound;
// a handle that failed is freed (and dropped from the cache), a good one stays cached.
class Stmt {
 public:
  // `keep`: cache the handle once prepared.
  Stmt(StmtCache& cache, SQLHSTMT h, bool prepared, bool keep)
      : cache_(cache), h_(h), prepared_(prepared), keep_(keep) {}
  ~Stmt() {
    SQLFreeStmt(h_, SQL_CLOSE);
    SQLFreeStmt(h_, SQL_RESET_PARAMS);
    if (failed_ || !keep_) {
      cache_.forget(h_);
      SQLFreeHandle(SQL_HANDLE_STMT, h_);
    }
  }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;
  SQLHSTMT get() const { return h_; }
  bool prepared() const { return prepared_; }
  // Marks the handle prepared with `sql` and caches it.
  void mark_prepared(const std::string& sql) {
    prepared_ = true;
    if (keep_) cache_.put(sql, h_);
  }
  void mark_failed() { failed_ = true; }

 private:
  StmtCache& cache_;
  SQLHSTMT h_;
  bool prepared_;
  bool keep_;
  bool failed_ = false;
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
  StmtCache cache;

  ~Handles() {
    cache.clear();
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

  // The statement for `sql`: the cached prepared one, or a new handle with the query timeout set.
  // DDL run here empties the cache first.
  Result<std::unique_ptr<Stmt>> statement(const std::string& sql) {
    const std::string keyword = first_keyword(sql);
    if (is_ddl(keyword)) cache.clear();
    const bool keep = cacheable(keyword);
    if (SQLHSTMT cached = keep ? cache.find(sql) : SQL_NULL_HSTMT; cached != SQL_NULL_HSTMT) {
      return std::make_unique<Stmt>(cache, cached, true, true);
    }
    SQLHSTMT h = SQL_NULL_HSTMT;
    if (!SQL_SUCCEEDED(SQLAllocHandle(SQL_HANDLE_STMT, dbc, &h))) {
      auto records = read_diagnostics(SQL_HANDLE_DBC, dbc);
      Failure f = classify(records);
      return make_error("statement", f, records, "SQLAllocHandle(STMT) failed");
    }
    auto stmt = std::make_unique<Stmt>(cache, h, false, keep);
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

// Prepares `sql` on `st` unless it is a cached prepared statement, binds `params` and executes.
// SQL_NO_DATA (e.g. a DELETE that matched nothing) is success. A failure marks `st` failed.
Status run(Stmt& st, const std::string& sql, const std::vector<Value>& params) {
  SQLHSTMT stmt = st.get();
  if (!st.prepared()) {
    std::string text = sql;
    SQLRETURN rc = SQLPrepare(stmt, reinterpret_cast<SQLCHAR*>(text.data()),
                              static_cast<SQLINTEGER>(text.size()));
    if (!SQL_SUCCEEDED(rc)) {
      st.mark_failed();
      return stmt_error("prepare", stmt);
    }
    st.mark_prepared(sql);
  }
  std::vector<SQLLEN> lengths;
  if (Status s = bind_params(stmt, params, lengths); !s.ok()) {
    st.mark_failed();
    return s;
  }
  SQLRETURN rc = SQLExecute(stmt);
  if (rc == SQL_NO_DATA || SQL_SUCCEEDED(rc)) return ok_status();
  st.mark_failed();
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
  auto stmt = h_->statement(sql);
  if (!stmt.ok()) return stmt.error();
  if (Status s = run(**stmt, sql, params); !s.ok()) return s.error();
  SQLLEN count = -1;
  if (!SQL_SUCCEEDED(SQLRowCount((*stmt)->get(), &count))) count = -1;
  return static_cast<int64_t>(count);
}

Result<ResultSet> Connection::query(const std::string& sql, const std::vector<Value>& params) {
  auto stmt_r = h_->statement(sql);
  if (!stmt_r.ok()) return stmt_r.error();
  Stmt& st = **stmt_r;
  SQLHSTMT stmt = st.get();
  if (Status s = run(st, sql, params); !s.ok()) return s.error();
  auto fail = [&](std::string_view op) {
    st.mark_failed();
    return stmt_error(op, stmt);
  };
  ResultSet rs;
  SQLSMALLINT ncols = 0;
  if (!SQL_SUCCEEDED(SQLNumResultCols(stmt, &ncols))) return fail("describe");
  for (SQLSMALLINT c = 1; c <= ncols; ++c) {
    SQLCHAR name[256] = {0};
    SQLSMALLINT len = 0;
    if (!SQL_SUCCEEDED(SQLColAttribute(stmt, static_cast<SQLUSMALLINT>(c), SQL_DESC_LABEL, name,
                                       sizeof name, &len, nullptr))) {
      return fail("describe");
    }
    rs.columns.emplace_back(reinterpret_cast<const char*>(name));
  }
  if (ncols == 0) return rs;
  for (;;) {
    SQLRETURN rc = SQLFetch(stmt);
    if (rc == SQL_NO_DATA) break;
    if (!SQL_SUCCEEDED(rc)) return fail("fetch");
    Row row;
    row.values.reserve(static_cast<size_t>(ncols));
    for (SQLSMALLINT c = 1; c <= ncols; ++c) {
      auto v = read_column(stmt, static_cast<SQLUSMALLINT>(c));
      if (!v.ok()) {
        st.mark_failed();
        return v.error();
      }
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
