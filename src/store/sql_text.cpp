#include <string>

#include "store/connection.h"

namespace kerf::store::detail {

std::string to_dollar_placeholders(std::string_view sql) {
  std::string out;
  out.reserve(sql.size() + 16);
  int n = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char c = sql[i];
    if (c == '\'' || c == '"') {  // copy a quoted literal/identifier verbatim ('' escapes)
      std::size_t j = i + 1;
      while (j < sql.size()) {
        if (sql[j] == c) {
          if (j + 1 < sql.size() && sql[j + 1] == c) {
            j += 2;
            continue;
          }
          break;
        }
        ++j;
      }
      std::size_t end = j < sql.size() ? j + 1 : sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '-' && i + 1 < sql.size() && sql[i + 1] == '-') {
      std::size_t end = sql.find('\n', i);
      if (end == std::string_view::npos) end = sql.size();
      out.append(sql.substr(i, end - i));
      i = end - 1;
    } else if (c == '?') {
      out += '$';
      out += std::to_string(++n);
    } else {
      out += c;
    }
  }
  return out;
}

Error constraint_error(char kind, const std::string& table, const std::string& column,
                       const std::string& detail) {
  std::string what = table.empty() ? std::string("record") : table;
  switch (kind) {
    case 'u': {
      Error e = Error::conflict(
          column.empty() ? what + ": a record with the same key already exists"
                         : what + "." + column + " must be unique; the value is already used");
      if (!column.empty()) e.fields.push_back({column, "already used"});
      return e;
    }
    case 'f': {
      Error e = Error::precondition(what +
                                    ": a referenced record does not exist or is still "
                                    "referenced (" +
                                    detail + ")");
      if (!column.empty()) e.fields.push_back({column, "invalid reference"});
      return e;
    }
    case 'n': {
      Error e = Error::invalid(column.empty() ? "value" : column, "is required");
      e.message = what + "." + column + " is required";
      return e;
    }
    default: {
      Error e = Error::invalid(column.empty() ? "value" : column, "violates a constraint");
      e.message = what + ": constraint violated (" + detail + ")";
      return e;
    }
  }
}

}  // namespace kerf::store::detail
