#include "store/sqlite_connection.h"

#include <string>

namespace kerf::store::detail {
namespace {

// Splits "table.column[, table.column]" (SQLite constraint messages) into table and columns.
void parse_target(const std::string& msg, std::string& table, std::string& column) {
  auto colon = msg.find(": ");
  if (colon == std::string::npos) return;
  std::string rest = msg.substr(colon + 2);
  std::string first = rest.substr(0, rest.find(','));
  auto dot = first.find('.');
  if (dot == std::string::npos) {
    column = first;
    return;
  }
  table = first.substr(0, dot);
  column = first.substr(dot + 1);
  // Composite keys: report the last column ("bom_lines.parent_id, bom_lines.child_id").
  auto last = rest.rfind('.');
  if (rest.find(',') != std::string::npos && last != std::string::npos) {
    column = rest.substr(last + 1);
  }
}

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(
    const std::string& path, bool read_only, std::chrono::milliseconds busy_timeout) {
  sqlite3* db = nullptr;
  int flags = SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_URI |
              (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close_v2(db);
    return Error::unavailable("cannot open SQLite database '" + path + "': " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, static_cast<int>(busy_timeout.count()));
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  // Statement journals and savepoints (every closure of a group commit) in memory, not in
  // temporary files; the writer keeps the hot index pages of machine_metrics in its cache.
  std::string pragmas =
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=NORMAL; PRAGMA temp_store=MEMORY;";
  if (!read_only) pragmas = "PRAGMA journal_mode=WAL; PRAGMA cache_size=-65536; " + pragmas;
  if (Status s = conn->exec_script(pragmas); !s.ok()) {
    return Error::unavailable("cannot configure SQLite database '" + path +
                              "': " + s.error().message);
  }
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, c] : cache_) sqlite3_finalize(c.stmt);
  sqlite3_close_v2(db_);
}

Error SqliteConnection::make_error(int rc, std::string_view sql) {
  std::string msg = sqlite3_errmsg(db_);
  int primary = rc & 0xff;
  last_retryable_ = primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
  if (last_retryable_) return Error::unavailable("database is busy: " + msg);
  if (primary == SQLITE_CONSTRAINT) {
    std::string table, column;
    parse_target(msg, table, column);
    switch (rc) {
      case SQLITE_CONSTRAINT_UNIQUE:
      case SQLITE_CONSTRAINT_PRIMARYKEY:
        return constraint_error('u', table, column, msg);
      case SQLITE_CONSTRAINT_FOREIGNKEY:
        return constraint_error('f', table, "", msg);
      case SQLITE_CONSTRAINT_NOTNULL:
        return constraint_error('n', table, column, msg);
      default:
        return constraint_error('c', "", "", msg);
    }
  }
  return Error::internal("SQLite error " + std::to_string(rc) + ": " + msg + " [" +
                         std::string(sql.substr(0, 200)) + "]");
}

Result<StatementResult> SqliteConnection::execute(std::string_view sql,
                                                  std::span<const Param> params) {
  last_retryable_ = false;
  auto it = cache_.find(std::string(sql));
  if (it == cache_.end()) {
    Cached c;
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &c.stmt, nullptr);
    if (rc != SQLITE_OK) return make_error(rc, sql);
    if (c.stmt == nullptr) return Error::internal("empty SQL statement");
    auto names = std::make_shared<std::vector<std::string>>();
    for (int i = 0; i < sqlite3_column_count(c.stmt); ++i) {
      names->push_back(sqlite3_column_name(c.stmt, i));
    }
    c.names = std::move(names);
    it = cache_.emplace(std::string(sql), std::move(c)).first;
  }
  sqlite3_stmt* stmt = it->second.stmt;
  struct Resetter {
    sqlite3_stmt* s;
    ~Resetter() {
      sqlite3_reset(s);
      sqlite3_clear_bindings(s);
    }
  } resetter{stmt};

  if (static_cast<int>(params.size()) != sqlite3_bind_parameter_count(stmt)) {
    return Error::internal("statement expects " +
                           std::to_string(sqlite3_bind_parameter_count(stmt)) + " parameters, " +
                           std::to_string(params.size()) + " given [" + std::string(sql) + "]");
  }
  for (std::size_t i = 0; i < params.size(); ++i) {
    const Param& p = params[i];
    int idx = static_cast<int>(i) + 1;
    int rc = SQLITE_OK;
    switch (p.kind()) {
      case Param::Kind::kNull:
        rc = sqlite3_bind_null(stmt, idx);
        break;
      case Param::Kind::kInt:
      case Param::Kind::kBool:
        rc = sqlite3_bind_int64(stmt, idx, p.as_int());
        break;
      case Param::Kind::kDouble:
        rc = sqlite3_bind_double(stmt, idx, p.as_double());
        break;
      case Param::Kind::kText:
        rc = sqlite3_bind_text(stmt, idx, p.as_text().data(), static_cast<int>(p.as_text().size()),
                               SQLITE_STATIC);
        break;
    }
    if (rc != SQLITE_OK) return make_error(rc, sql);
  }

  StatementResult out;
  const int ncols = sqlite3_column_count(stmt);
  for (;;) {
    int rc = sqlite3_step(stmt);
    if (rc == SQLITE_DONE) break;
    if (rc != SQLITE_ROW) return make_error(sqlite3_extended_errcode(db_), sql);
    std::vector<Cell> cells;
    cells.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
      switch (sqlite3_column_type(stmt, c)) {
        case SQLITE_INTEGER:
          cells.emplace_back(int64_t{sqlite3_column_int64(stmt, c)});
          break;
        case SQLITE_FLOAT:
          cells.emplace_back(sqlite3_column_double(stmt, c));
          break;
        case SQLITE_NULL:
          cells.emplace_back(std::monostate{});
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_text(stmt, c));
          cells.emplace_back(std::string(text, sqlite3_column_bytes(stmt, c)));
        }
      }
    }
    out.rows.emplace_back(it->second.names, std::move(cells));
  }
  out.changes = sqlite3_changes64(db_);
  return out;
}

Status SqliteConnection::exec_script(const std::string& sql) {
  last_retryable_ = false;
  char* err = nullptr;
  int rc = sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return ok_status();
  sqlite3_free(err);
  return make_error(sqlite3_extended_errcode(db_), sql);
}

Status SqliteConnection::begin(bool read_only) {
  return exec_script(read_only ? "BEGIN DEFERRED" : "BEGIN IMMEDIATE");
}

Status SqliteConnection::commit() { return exec_script("COMMIT"); }

void SqliteConnection::rollback() {
  if (!sqlite3_get_autocommit(db_)) sqlite3_exec(db_, "ROLLBACK", nullptr, nullptr, nullptr);
}

}  // namespace kerf::store::detail
