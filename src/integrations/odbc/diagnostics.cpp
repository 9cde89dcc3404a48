#include "integrations/odbc/diagnostics.h"

#include <algorithm>
#include <cctype>

namespace kerf::integrations::odbc::detail {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view failure_tag(Failure f) {
  switch (f) {
    case Failure::kConnect:
      return "connect";
    case Failure::kRetryable:
      return "retryable";
    case Failure::kConstraint:
      return "constraint";
    case Failure::kOther:
      return "other";
  }
  return "other";
}

ErrorCode code_of(Failure f) {
  switch (f) {
    case Failure::kConnect:
    case Failure::kRetryable:
      return ErrorCode::kUnavailable;
    case Failure::kConstraint:
      return ErrorCode::kConflict;
    case Failure::kOther:
      return ErrorCode::kInternal;
  }
  return ErrorCode::kInternal;
}

}  // namespace

std::vector<DiagRecord> read_diagnostics(SQLSMALLINT type, SQLHANDLE handle) {
  std::vector<DiagRecord> out;
  if (handle == SQL_NULL_HANDLE) return out;
  for (SQLSMALLINT i = 1; i <= 20; ++i) {
    SQLCHAR state[6] = {0};
    SQLINTEGER native = 0;
    SQLSMALLINT len = 0;
    std::vector<SQLCHAR> text(1024);
    SQLRETURN rc = SQLGetDiagRec(type, handle, i, state, &native, text.data(),
                                 static_cast<SQLSMALLINT>(text.size()), &len);
    if (rc == SQL_SUCCESS_WITH_INFO && len >= static_cast<SQLSMALLINT>(text.size())) {
      text.resize(static_cast<size_t>(len) + 1);
      rc = SQLGetDiagRec(type, handle, i, state, &native, text.data(),
                         static_cast<SQLSMALLINT>(text.size()), &len);
    }
    if (!SQL_SUCCEEDED(rc)) break;
    DiagRecord r;
    r.sqlstate.assign(reinterpret_cast<const char*>(state), 5);
    r.native = native;
    r.text.assign(
        reinterpret_cast<const char*>(text.data()),
        std::min<size_t>(static_cast<size_t>(std::max<SQLSMALLINT>(len, 0)), text.size() - 1));
    while (!r.text.empty() && (r.text.back() == '\n' || r.text.back() == '\r')) {
      r.text.pop_back();
    }
    out.push_back(std::move(r));
  }
  return out;
}

Failure classify(const std::vector<DiagRecord>& records) {
  for (const DiagRecord& r : records) {
    const std::string& s = r.sqlstate;
    if (s.rfind("08", 0) == 0) return Failure::kConnect;
    if (s.rfind("23", 0) == 0) return Failure::kConstraint;
    // Serialization failure, deadlock, timeouts (PostgreSQL reports a statement timeout as
    // 57014 query_canceled).
    if (s == "40001" || s == "40P01" || s == "HYT00" || s == "HYT01" || s == "57014") {
      return Failure::kRetryable;
    }
    const std::string t = lower(r.text);
    // SQLite's driver reports most engine errors as HY000/S1000 with the engine's text.
    if (t.find("database is locked") != std::string::npos) return Failure::kRetryable;
    if (t.find("constraint failed") != std::string::npos ||
        t.find("unique constraint") != std::string::npos) {
      return Failure::kConstraint;
    }
    // psqlodbc reports a dropped server connection as HY000 / 08S01 depending on the version.
    if (t.find("server closed the connection") != std::string::npos ||
        t.find("could not send query") != std::string::npos ||
        t.find("connection to the server was lost") != std::string::npos ||
        t.find("terminating connection") != std::string::npos ||
        t.find("no connection to the server") != std::string::npos) {
      return Failure::kConnect;
    }
  }
  return Failure::kOther;
}

Error make_error(std::string_view op, Failure failure, const std::vector<DiagRecord>& records,
                 std::string_view fallback) {
  std::string msg = "odbc ";
  msg += op;
  msg += " (";
  msg += failure_tag(failure);
  msg += "): ";
  if (records.empty()) {
    msg += fallback.empty() ? std::string_view("no diagnostics") : fallback;
  }
  for (size_t i = 0; i < records.size(); ++i) {
    if (i > 0) msg += "; ";
    msg += "SQLSTATE " + records[i].sqlstate + ": " + records[i].text + " [native " +
           std::to_string(records[i].native) + "]";
  }
  return Error::make(code_of(failure), std::move(msg));
}

std::string redact_connection_string(std::string_view cs) {
  std::string out;
  size_t i = 0;
  while (i < cs.size()) {
    size_t eq = cs.find('=', i);
    if (eq == std::string_view::npos) {
      out.append(cs.substr(i));
      break;
    }
    std::string key = lower(cs.substr(i, eq - i));
    key.erase(
        std::remove_if(key.begin(), key.end(), [](unsigned char c) { return std::isspace(c); }),
        key.end());
    // The value runs to the next ';' unless it is braced ({...} may contain ';').
    size_t v = eq + 1;
    size_t end;
    if (v < cs.size() && cs[v] == '{') {
      size_t close = cs.find('}', v);
      end = close == std::string_view::npos ? cs.size() : cs.find(';', close);
    } else {
      end = cs.find(';', v);
    }
    if (end == std::string_view::npos) end = cs.size();
    out.append(cs.substr(i, v - i));
    if (key == "pwd" || key == "password") {
      out += "***";
    } else {
      out.append(cs.substr(v, end - v));
    }
    if (end < cs.size()) out += ';';
    i = end + 1;
  }
  return out;
}

}  // namespace kerf::integrations::odbc::detail
