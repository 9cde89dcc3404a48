// Private helpers of the ODBC layer: reading diagnostic records, classifying them and turning
// them into kerf Errors, and redacting connection strings.
//
// Error message format (docs/odbc.md): "odbc <op> (<failure>): SQLSTATE <5 chars>: <text>
// [native <n>]; SQLSTATE ..." where <failure> is connect | retryable | constraint | other.
// failure_of() reads the "(<failure>)" tag; the SQLSTATEs stay in the text for people.
#pragma once

#include <sql.h>
#include <sqlext.h>

#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/integrations/odbc/connection.h"

namespace kerf::integrations::odbc::detail {

struct DiagRecord {
  std::string sqlstate;  // 5 characters
  int32_t native = 0;
  std::string text;
};

// Every diagnostic record of `handle` (of `type`), in order; empty when there is none.
std::vector<DiagRecord> read_diagnostics(SQLSMALLINT type, SQLHANDLE handle);

// Classifies records: 08xxx -> kConnect, 23xxx -> kConstraint, 40001/40P01/HYT00/HYT01/57014 and
// SQLite's "database is locked" -> kRetryable, else kOther. The first classifying record wins.
Failure classify(const std::vector<DiagRecord>& records);

// The Error for a failed `op`: code from the failure (kUnavailable, kConflict, kInternal) and
// the tagged message described above. `fallback` is used when there are no records.
Error make_error(std::string_view op, Failure failure, const std::vector<DiagRecord>& records,
                 std::string_view fallback = "");

// `connection_string` with the values of PWD / Password keys replaced by "***".
std::string redact_connection_string(std::string_view connection_string);

}  // namespace kerf::integrations::odbc::detail
