#include "store/pg_connection.h"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace kerf::store::detail {
namespace {

constexpr Oid kBoolOid = 16;
constexpr Oid kInt8Oid = 20;
constexpr Oid kInt2Oid = 21;
constexpr Oid kInt4Oid = 23;
constexpr Oid kOidOid = 26;
constexpr Oid kTextOid = 25;
constexpr Oid kFloat4Oid = 700;
constexpr Oid kFloat8Oid = 701;
constexpr Oid kNumericOid = 1700;

struct ResultGuard {
  PGresult* r;
  ~ResultGuard() { PQclear(r); }
};

std::string field(PGresult* res, int code) {
  const char* v = PQresultErrorField(res, code);
  return v ? v : "";
}

// "Key (code)=(X) already exists." / "Key (a, b)=(..)" -> "code" / "b".
std::string key_column(const std::string& detail) {
  auto open = detail.find("Key (");
  if (open == std::string::npos) return "";
  auto close = detail.find(")=", open);
  if (close == std::string::npos) return "";
  std::string cols = detail.substr(open + 5, close - open - 5);
  auto comma = cols.rfind(", ");
  return comma == std::string::npos ? cols : cols.substr(comma + 2);
}

void ignore_notice(void*, const char*) {}

}  // namespace

Result<std::unique_ptr<PgConnection>> PgConnection::open(const std::string& conninfo) {
  PGconn* conn = PQconnectdb(conninfo.c_str());
  if (conn == nullptr || PQstatus(conn) != CONNECTION_OK) {
    std::string msg = conn ? PQerrorMessage(conn) : "out of memory";
    PQfinish(conn);
    while (!msg.empty() && msg.back() == '\n') msg.pop_back();
    return Error::unavailable("cannot connect to PostgreSQL: " + msg);
  }
  PQsetNoticeProcessor(conn, ignore_notice, nullptr);
  std::unique_ptr<PgConnection> c(new PgConnection(conn));
  if (Status s = c->exec_script("SET TIME ZONE 'UTC'"); !s.ok()) return s.error();
  return c;
}

PgConnection::~PgConnection() { PQfinish(conn_); }

bool PgConnection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

Error PgConnection::make_error(PGresult* res, std::string_view sql) {
  if (res == nullptr || PQstatus(conn_) != CONNECTION_OK) {
    last_retryable_ = false;
    std::string msg = PQerrorMessage(conn_);
    return Error::unavailable("PostgreSQL connection failed: " + msg);
  }
  std::string state = field(res, PG_DIAG_SQLSTATE);
  std::string msg = field(res, PG_DIAG_MESSAGE_PRIMARY);
  std::string detail = field(res, PG_DIAG_MESSAGE_DETAIL);
  std::string table = field(res, PG_DIAG_TABLE_NAME);
  last_retryable_ = state == "40001" || state == "40P01" || state == "55P03";
  if (last_retryable_) return Error::unavailable("transaction conflict, retry: " + msg);
  if (state == "23505") return constraint_error('u', table, key_column(detail), detail);
  if (state == "23503") return constraint_error('f', table, "", detail);
  if (state == "23502") return constraint_error('n', table, field(res, PG_DIAG_COLUMN_NAME), msg);
  if (state == "23514") return constraint_error('c', table, "", msg);
  if (state.rfind("08", 0) == 0) return Error::unavailable("PostgreSQL connection: " + msg);
  return Error::internal("PostgreSQL error " + state + ": " + msg + " [" +
                         std::string(sql.substr(0, 200)) + "]");
}

Result<StatementResult> PgConnection::execute(std::string_view sql, std::span<const Param> params) {
  last_retryable_ = false;
  const int n = static_cast<int>(params.size());
  std::vector<Oid> types(n);
  std::string key(sql);
  key += '\x1f';
  for (int i = 0; i < n; ++i) {
    switch (params[i].kind()) {
      case Param::Kind::kNull:
        types[i] = 0;
        key += 'n';
        break;
      case Param::Kind::kInt:
        types[i] = kInt8Oid;
        key += 'i';
        break;
      case Param::Kind::kDouble:
        types[i] = kFloat8Oid;
        key += 'd';
        break;
      case Param::Kind::kText:
        types[i] = kTextOid;
        key += 't';
        break;
      case Param::Kind::kBool:
        types[i] = kBoolOid;
        key += 'b';
        break;
    }
  }
  auto it = cache_.find(key);
  if (it == cache_.end()) {
    std::string name = "k" + std::to_string(next_statement_++);
    std::string text = to_dollar_placeholders(sql);
    ResultGuard prep{PQprepare(conn_, name.c_str(), text.c_str(), n, types.data())};
    if (PQresultStatus(prep.r) != PGRES_COMMAND_OK) return make_error(prep.r, sql);
    it = cache_.emplace(std::move(key), Prepared{std::move(name)}).first;
  }

  std::vector<std::string> storage(n);
  std::vector<const char*> values(n, nullptr);
  for (int i = 0; i < n; ++i) {
    const Param& p = params[i];
    switch (p.kind()) {
      case Param::Kind::kNull:
        continue;
      case Param::Kind::kInt:
        storage[i] = std::to_string(p.as_int());
        break;
      case Param::Kind::kBool:
        storage[i] = p.as_bool() ? "t" : "f";
        break;
      case Param::Kind::kDouble: {
        char buf[40];
        std::snprintf(buf, sizeof buf, "%.17g", p.as_double());
        storage[i] = buf;
        break;
      }
      case Param::Kind::kText:
        storage[i] = p.as_text();
        break;
    }
    values[i] = storage[i].c_str();
  }
  ResultGuard res{
      PQexecPrepared(conn_, it->second.name.c_str(), n, values.data(), nullptr, nullptr, 0)};
  ExecStatusType st = PQresultStatus(res.r);
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return make_error(res.r, sql);

  StatementResult out;
  const int ncols = PQnfields(res.r);
  const int nrows = PQntuples(res.r);
  auto names = std::make_shared<std::vector<std::string>>();
  std::vector<Oid> col_types(ncols);
  for (int c = 0; c < ncols; ++c) {
    names->push_back(PQfname(res.r, c));
    col_types[c] = PQftype(res.r, c);
  }
  out.rows.reserve(nrows);
  for (int r = 0; r < nrows; ++r) {
    std::vector<Cell> cells;
    cells.reserve(ncols);
    for (int c = 0; c < ncols; ++c) {
      if (PQgetisnull(res.r, r, c)) {
        cells.emplace_back(std::monostate{});
        continue;
      }
      const char* v = PQgetvalue(res.r, r, c);
      switch (col_types[c]) {
        case kInt8Oid:
        case kInt2Oid:
        case kInt4Oid:
        case kOidOid:
          cells.emplace_back(int64_t{std::strtoll(v, nullptr, 10)});
          break;
        case kBoolOid:
          cells.emplace_back(int64_t{v[0] == 't' ? 1 : 0});
          break;
        case kFloat4Oid:
        case kFloat8Oid:
        case kNumericOid:
          cells.emplace_back(std::strtod(v, nullptr));
          break;
        default:
          cells.emplace_back(std::string(v, PQgetlength(res.r, r, c)));
      }
    }
    out.rows.emplace_back(names, std::move(cells));
  }
  const char* tuples = PQcmdTuples(res.r);
  out.changes = (tuples && *tuples) ? std::strtoll(tuples, nullptr, 10) : 0;
  return out;
}

Status PgConnection::exec_script(const std::string& sql) {
  last_retryable_ = false;
  ResultGuard res{PQexec(conn_, sql.c_str())};
  ExecStatusType st = PQresultStatus(res.r);
  if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_EMPTY_QUERY) {
    return ok_status();
  }
  return make_error(res.r, sql);
}

Status PgConnection::begin(bool read_only) {
  return exec_script(read_only ? "BEGIN READ ONLY" : "BEGIN");
}

Status PgConnection::commit() {
  last_retryable_ = false;
  ResultGuard res{PQexec(conn_, "COMMIT")};
  if (PQresultStatus(res.r) != PGRES_COMMAND_OK) return make_error(res.r, "COMMIT");
  if (std::strcmp(PQcmdStatus(res.r), "COMMIT") != 0) {
    return Error::internal("PostgreSQL rolled the transaction back instead of committing");
  }
  return ok_status();
}

void PgConnection::rollback() {
  if (PQtransactionStatus(conn_) == PQTRANS_IDLE) return;
  PQclear(PQexec(conn_, "ROLLBACK"));
}

}  // namespace kerf::store::detail
