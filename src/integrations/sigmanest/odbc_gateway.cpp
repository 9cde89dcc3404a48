#include "kerf/integrations/sigmanest/odbc_gateway.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <cstdlib>
#include <functional>
#include <map>
#include <set>

#include "kerf/integrations/sigmanest/simtrans_schema.h"

namespace kerf::integrations::sigmanest {

using odbc::Failure;
using odbc::Value;

namespace {

bool ident_char(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

// "?, ?, ?" with n placeholders.
std::string placeholders(size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += i == 0 ? "?" : ", ?";
  return out;
}

bool truthy(const Value& v) {
  return v && (*v == "1" || *v == "t" || *v == "true" || *v == "True");
}

std::optional<double> number(const Value& v) {
  if (!v || v->empty()) return std::nullopt;
  char* end = nullptr;
  double d = std::strtod(v->c_str(), &end);
  if (end == v->c_str() || *end != '\0') return std::nullopt;
  return d;
}

// Whether the texts hold the same number (1 == "1.0"), or both nothing.
bool same_number(const Value& a, const std::optional<std::string>& b) {
  auto x = number(a);
  auto y = number(b ? Value(*b) : Value());
  if (!x || !y) return !x && !y;
  return std::fabs(*x - *y) < 1e-9;
}

std::optional<std::string> column(const TransActRow& row, const std::string& name) {
  auto it = row.columns.find(name);
  if (it == row.columns.end()) return std::nullopt;
  return it->second;
}

// The canonical spelling of a fetched column label of `table`.
std::string canonical(std::string_view table, const std::string& label) {
  for (const std::string& c : simtrans_columns(table)) {
    if (c.size() == label.size() &&
        std::equal(c.begin(), c.end(), label.begin(), [](char a, char b) {
          return std::tolower(static_cast<unsigned char>(a)) ==
                 std::tolower(static_cast<unsigned char>(b));
        })) {
      return c;
    }
  }
  return label;
}

Result<int64_t> parse_id(const Value& v, std::string_view table, std::string_view field) {
  char* end = nullptr;
  if (v) {
    long long n = std::strtoll(v->c_str(), &end, 10);
    if (end != v->c_str() && *end == '\0' && n > 0) return static_cast<int64_t>(n);
  }
  return Error::invalid(std::string(field), std::string(table) + ": \"" + v.value_or("NULL") +
                                                "\" is not a positive integer");
}

}  // namespace

Status validate_qualifier(const std::string& q, const std::string& field) {
  if (q.empty()) return ok_status();
  size_t i = 0;
  while (i <= q.size()) {
    size_t dot = q.find('.', i);
    if (dot == std::string::npos) dot = q.size();
    std::string_view part(q.data() + i, dot - i);
    if (part.size() >= 2 && part.front() == '[' && part.back() == ']') {
      part = part.substr(1, part.size() - 2);
    }
    if (part.empty() || part.size() > 128 || !std::all_of(part.begin(), part.end(), ident_char)) {
      return Error::invalid(field, "\"" + q +
                                       "\" is not a qualifier: dot-separated names of letters, "
                                       "digits and '_' (optionally [bracketed])");
    }
    i = dot + 1;
  }
  return ok_status();
}

Result<std::unique_ptr<OdbcGateway>> OdbcGateway::create(OdbcGatewayOptions options) {
  if (Status s = validate_qualifier(options.transact_schema, "transact_schema"); !s.ok()) {
    return s.error();
  }
  if (Status s = validate_qualifier(options.feedback_schema, "feedback_schema"); !s.ok()) {
    return s.error();
  }
  if (options.states_chunk < 1) return Error::invalid("states_chunk", "must be at least 1");
  if (options.connect.connection_string.empty()) {
    return Error::invalid("connection_string", "must not be empty");
  }
  return std::unique_ptr<OdbcGateway>(new OdbcGateway(std::move(options)));
}

OdbcGateway::OdbcGateway(OdbcGatewayOptions options) : options_(std::move(options)) {}
OdbcGateway::~OdbcGateway() = default;

Result<odbc::Connection*> OdbcGateway::connection() {
  if (conn_) return conn_.get();
  auto c = odbc::Connection::open(options_.connect);
  if (!c.ok()) return c.error();
  conn_ = std::move(*c);
  return conn_.get();
}

Error OdbcGateway::after_failure(Error error) {
  Failure f = odbc::failure_of(error);
  if (f == Failure::kConnect || f == Failure::kRetryable) conn_.reset();
  return error;
}

std::string OdbcGateway::transact_table() const {
  return options_.transact_schema.empty() ? "TransAct" : options_.transact_schema + ".TransAct";
}

std::string OdbcGateway::feedback_table(std::string_view name) const {
  return options_.feedback_schema.empty() ? std::string(name)
                                          : options_.feedback_schema + "." + std::string(name);
}

Status OdbcGateway::submit(const std::vector<TransActRow>& rows) {
  if (rows.empty()) return ok_status();
  // Column names go into the SQL text: only catalogue columns are allowed.
  for (size_t i = 0; i < rows.size(); ++i) {
    for (const auto& [name, value] : rows[i].columns) {
      if (find_column(name) == nullptr) {
        return Error::invalid(name, "row " + std::to_string(i) + " (TransID " + rows[i].trans_id +
                                        "): not a TransAct column");
      }
    }
  }
  auto conn = connection();
  if (!conn.ok()) return after_failure(conn.error());
  odbc::Connection& c = **conn;
  Status s = odbc::in_transaction(c, [&]() -> Status {
    for (const TransActRow& row : rows) {
      std::string cols = "TransType, District, TransID";
      std::vector<Value> params = {row.trans_type, std::to_string(row.district), row.trans_id};
      for (const auto& [name, value] : row.columns) {
        cols += ", " + name;
        params.emplace_back(value);
      }
      auto n = c.execute("INSERT INTO " + transact_table() + " (" + cols + ") VALUES (" +
                             placeholders(params.size()) + ")",
                         params);
      if (!n.ok()) return n.error();
    }
    return ok_status();
  });
  if (!s.ok()) return after_failure(s.error());
  return ok_status();
}

Result<std::vector<RowState>> OdbcGateway::states(const std::vector<std::string>& trans_ids) {
  std::vector<RowState> out(trans_ids.size(), RowState::kGone);
  if (trans_ids.empty()) return out;
  auto conn = connection();
  if (!conn.ok()) return after_failure(conn.error());
  std::map<std::string, RowState> found;
  const size_t chunk = static_cast<size_t>(options_.states_chunk);
  for (size_t start = 0; start < trans_ids.size(); start += chunk) {
    size_t n = std::min(chunk, trans_ids.size() - start);
    std::vector<Value> params(trans_ids.begin() + static_cast<std::ptrdiff_t>(start),
                              trans_ids.begin() + static_cast<std::ptrdiff_t>(start + n));
    auto rs = (*conn)->query("SELECT TransID, ErrorTag FROM " + transact_table() +
                                 " WHERE TransID IN (" + placeholders(n) + ")",
                             params);
    if (!rs.ok()) return after_failure(rs.error());
    for (size_t r = 0; r < rs->rows.size(); ++r) {
      auto id = rs->get(r, "TransID");
      if (!id) continue;
      RowState st = truthy(rs->get(r, "ErrorTag")) ? RowState::kErrored : RowState::kWaiting;
      auto [it, inserted] = found.emplace(*id, st);
      // A TransID present twice: an errored copy wins (it needs attention).
      if (!inserted && st == RowState::kErrored) it->second = st;
    }
  }
  for (size_t i = 0; i < trans_ids.size(); ++i) {
    auto it = found.find(trans_ids[i]);
    if (it != found.end()) out[i] = it->second;
  }
  return out;
}

Result<std::optional<bool>> OdbcGateway::verify(const TransActRow& row) {
  // What each code checks in the SNDBase tables (docs/odbc.md, "verify").
  struct Check {
    std::string sql;
    std::vector<Value> params;
    // Given the result set, whether the effect is visible.
    std::function<bool(const odbc::ResultSet&)> holds;
  };
  const std::string& t = row.trans_type;
  auto order = column(row, "OrderNo");
  auto item = column(row, "ItemName");
  auto program = column(row, "ProgramName");
  auto qty = column(row, "Qty");
  auto exists = [](const odbc::ResultSet& rs) { return !rs.rows.empty(); };
  auto absent = [](const odbc::ResultSet& rs) { return rs.rows.empty(); };
  auto qty_is = [qty](std::string_view col) {
    return [qty, col = std::string(col)](const odbc::ResultSet& rs) {
      return !rs.rows.empty() && (!qty || same_number(rs.get(0, col), qty));
    };
  };
  std::optional<Check> check;
  const std::string part_sql =
      "SELECT QtyOrdered FROM " + feedback_table("Part") + " WHERE WONumber = ? AND PartName = ?";
  const std::string stock_sql =
      "SELECT Qty FROM " + feedback_table("Stock") + " WHERE SheetName = ?";
  const std::string program_sql =
      "SELECT State, ActualCutTime FROM " + feedback_table("Program") + " WHERE ProgramName = ?";
  if ((t == kSN84 || t == kSN81) && order && item) {
    check = Check{part_sql, {order, item}, qty_is("QtyOrdered")};
  } else if (t == kSN82 && order && item) {
    check = Check{part_sql, {order, item}, absent};
  } else if (t == kSN87 && order) {
    auto on_hold = column(row, "OnHold");
    check = Check{"SELECT OnHold FROM " + feedback_table("WO") + " WHERE WONumber = ?",
                  {order},
                  [on_hold](const odbc::ResultSet& rs) {
                    return !rs.rows.empty() &&
                           (!on_hold || truthy(rs.get(0, "OnHold")) == (*on_hold == "1"));
                  }};
  } else if (t == kSN89 && order) {
    check = Check{
        "SELECT WONumber FROM " + feedback_table("WO") + " WHERE WONumber = ?", {order}, absent};
  } else if (t == kSN91A && item) {
    check = Check{stock_sql, {item}, qty_is("Qty")};
  } else if (t == kSN94 && item) {
    check = Check{stock_sql, {item}, exists};
  } else if (t == kSN92 && item) {
    check = Check{"SELECT SheetName FROM " + feedback_table("Stock") +
                      " WHERE SheetName = ? UNION ALL SELECT RemnantName FROM " +
                      feedback_table("Remnant") + " WHERE RemnantName = ?",
                  {item, item},
                  absent};
  } else if (t == kSN97 && item) {
    check = Check{"SELECT RemnantName FROM " + feedback_table("Remnant") + " WHERE RemnantName = ?",
                  {item},
                  exists};
  } else if (t == kSN73N && program) {
    auto p1 = number(column(row, "Param1"));
    std::string want = !p1        ? ""
                       : *p1 == 0 ? "posted"
                       : *p1 == 1 ? "started"
                       : *p1 == 3 ? "stopped"
                                  : "";
    if (want.empty()) return std::optional<bool>{};
    check = Check{program_sql, {program}, [want](const odbc::ResultSet& rs) {
                    return !rs.rows.empty() && rs.get(0, "State") == want;
                  }};
  } else if (t == kSN73C && program) {
    auto secs = column(row, "Param3");
    check = Check{program_sql, {program}, [secs](const odbc::ResultSet& rs) {
                    auto have = number(rs.get(0, "ActualCutTime"));
                    auto want = number(secs ? Value(*secs) : Value());
                    return !rs.rows.empty() && have && want &&
                           std::llround(*have) == std::llround(*want);
                  }};
  } else if (t == kSN70 && program) {
    check = Check{program_sql, {program}, [](const odbc::ResultSet& rs) {
                    return rs.rows.empty() || rs.get(0, "State") == "cut";
                  }};
  } else if (t == kSN74 && program) {
    check = Check{program_sql, {program}, absent};
  }
  if (!check) return std::optional<bool>{};  // SN78R and rows without their key: cannot tell
  auto conn = connection();
  if (!conn.ok()) return after_failure(conn.error());
  auto rs = (*conn)->query(check->sql, check->params);
  if (!rs.ok()) return after_failure(rs.error());
  return std::optional<bool>{check->holds(*rs)};
}

Result<std::vector<FeedbackPacket>> OdbcGateway::read_feedback(int64_t after, int limit) {
  if (limit <= 0) return std::vector<FeedbackPacket>{};
  auto conn = connection();
  if (!conn.ok()) return after_failure(conn.error());
  odbc::Connection& c = **conn;
  auto dialect = dialect_of(c.dbms_name());
  if (!dialect.ok()) return dialect.error();
  // The complete packets: those with their STPrgArc row, oldest first, at most `limit`.
  const std::string n = std::to_string(limit);
  const std::string prg = feedback_table("STPrgArc");
  std::string sql = *dialect == Dialect::kSqlServer
                        ? "SELECT DISTINCT TOP (" + n + ") ArchivePacketID FROM " + prg +
                              " WHERE ArchivePacketID > ? ORDER BY ArchivePacketID"
                        : "SELECT DISTINCT ArchivePacketID FROM " + prg +
                              " WHERE ArchivePacketID > ? ORDER BY ArchivePacketID LIMIT " + n;
  auto ids = c.query(sql, {std::to_string(after)});
  if (!ids.ok()) return after_failure(ids.error());
  std::set<int64_t> complete;
  for (const odbc::Row& r : ids->rows) {
    auto id = parse_id(r.values.empty() ? Value() : r.values[0], "STPrgArc", "ArchivePacketID");
    if (!id.ok()) return id.error();
    complete.insert(*id);
  }
  if (complete.empty()) return std::vector<FeedbackPacket>{};
  const std::string hi = std::to_string(*complete.rbegin());
  std::vector<FeedbackRow> rows;
  for (FeedbackTable table : kAllFeedbackTables) {
    const std::string_view name = table_name(table);
    auto rs = c.query("SELECT * FROM " + feedback_table(name) +
                          " WHERE ArchivePacketID > ? AND ArchivePacketID <= ?"
                          " ORDER BY ArchivePacketID, AutoID",
                      {std::to_string(after), hi});
    if (!rs.ok()) return after_failure(rs.error());
    std::vector<std::string> labels;
    for (const std::string& l : rs->columns) labels.push_back(canonical(name, l));
    for (const odbc::Row& r : rs->rows) {
      FeedbackRow row;
      row.table = table;
      for (size_t i = 0; i < labels.size() && i < r.values.size(); ++i) {
        if (r.values[i]) row.columns[labels[i]] = *r.values[i];
      }
      auto packet = parse_id(row.get("ArchivePacketID"), name, "ArchivePacketID");
      if (!packet.ok()) return packet.error();
      if (complete.count(*packet) == 0) continue;  // still being written: next poll
      auto auto_id = parse_id(row.get("AutoID"), name, "AutoID");
      if (!auto_id.ok()) return auto_id.error();
      row.archive_packet_id = *packet;
      row.auto_id = *auto_id;
      row.trans_type = row.get("TransType").value_or("");
      rows.push_back(std::move(row));
    }
  }
  return group_packets(std::move(rows));
}

Status OdbcGateway::acknowledge(const std::vector<int64_t>& archive_packet_ids) {
  if (options_.ack_mode == AckMode::kHighWater || archive_packet_ids.empty()) {
    return ok_status();
  }
  auto conn = connection();
  if (!conn.ok()) return after_failure(conn.error());
  odbc::Connection& c = **conn;
  Status s = odbc::in_transaction(c, [&]() -> Status {
    for (FeedbackTable table : kAllFeedbackTables) {
      for (int64_t id : archive_packet_ids) {
        auto n = c.execute(
            "DELETE FROM " + feedback_table(table_name(table)) + " WHERE ArchivePacketID = ?",
            {std::to_string(id)});
        if (!n.ok()) return n.error();
      }
    }
    return ok_status();
  });
  if (!s.ok()) return after_failure(s.error());
  return ok_status();
}

}  // namespace kerf::integrations::sigmanest
