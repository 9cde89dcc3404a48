// SimTrans CSV files (docs/simtrans_format.md, "CSV file exchange"): RFC 4180 with a required
// header row, UTF-8 with an optional BOM, CRLF or LF line ends, quoted fields with doubled
// quotes and embedded line breaks. An unquoted empty field is NULL; a quoted empty field ("") is
// the empty string. Every error names the physical line and the column:
// "line 7, column ItemName: unterminated quote".
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/feedback.h"
#include "kerf/integrations/sigmanest/transact.h"

namespace kerf::integrations::sigmanest {

// Size guards of the reader. Exceeding max_file_bytes is kTooLarge; the others kInvalidArgument
// naming line and column.
struct CsvLimits {
  std::size_t max_file_bytes = 64u << 20;
  std::size_t max_row_bytes = 1u << 20;
  std::size_t max_field_bytes = 64u << 10;
  std::size_t max_fields = 512;
};

// A field: nullopt is NULL (unquoted empty), "" the empty string (quoted empty).
using CsvField = std::optional<std::string>;

// One data record and the 1-based physical line on which it starts.
struct CsvRecord {
  std::size_t line = 0;
  std::vector<CsvField> fields;  // exactly as many as the header
  friend bool operator==(const CsvRecord&, const CsvRecord&) = default;
};

// A CSV file: its header names and its data records.
struct CsvTable {
  std::vector<std::string> header;
  std::vector<CsvRecord> records;
  // Index of the header column `name` (ASCII case-insensitive), if any.
  std::optional<std::size_t> column(std::string_view name) const;
};

// Parses `text`. Fails (kInvalidArgument, message "line N, column C: reason", the FieldError's
// field being "line N, column C") on: no header row, an empty/NULL/duplicate header name, an
// unterminated quote, a character after a closing quote, a quote inside an unquoted field, a
// bare CR, invalid UTF-8, a field/row/field count above the limits, a record with more or fewer
// fields than the header. Lines that are completely empty are skipped. kTooLarge for a file
// above limits.max_file_bytes.
Result<CsvTable> read_csv_table(std::string_view text, const CsvLimits& limits = {});

// Appends one record to `out`, fields quoted when they contain a comma, quote, CR or LF or are
// the empty string; NULL fields are written empty. Ends with CRLF.
void append_csv_record(std::string& out, const std::vector<CsvField>& fields);

// A whole CSV file: the header then the records (no BOM, CRLF line ends).
std::string write_csv_table(const std::vector<std::string>& header,
                            const std::vector<std::vector<CsvField>>& records);

// TransAct rows as one CSV file: header TransType, District, TransID, then the union of the
// rows' columns in catalogue order (transact_columns()); a column a row lacks is NULL.
std::string write_transact_csv(const std::vector<TransActRow>& rows);

// Reads a file written by write_transact_csv (or by hand): requires TransType, District and
// TransID columns (error naming the missing one); other header names must be TransAct columns
// (exact spelling); District must be an integer. NULL fields are left out of `columns`. Rows are
// not validate()d: the caller decides.
Result<std::vector<TransActRow>> parse_transact_csv(std::string_view text,
                                                    const CsvLimits& limits = {});

// Reads one feedback table's CSV (an STxxArc export). Requires AutoID, ArchivePacketID and
// TransType columns (matched case-insensitively; kInvalidArgument naming the missing field);
// AutoID and ArchivePacketID must be integers > 0 and TransType SN100, SN101 or SN102 (errors
// name line and column). Every non-NULL field, the identity included, is in `columns`, named in
// the DDL's spelling (simtrans_columns()) when the header matches it case-insensitively, else
// as the header spells it.
Result<std::vector<FeedbackRow>> parse_feedback_csv(FeedbackTable table, std::string_view text,
                                                    const CsvLimits& limits = {});

// Feedback rows (all of `rows`, whatever their table) as one CSV file: header AutoID,
// ArchivePacketID, TransType, then the union of the other columns in name order.
std::string write_feedback_csv(const std::vector<FeedbackRow>& rows);

}  // namespace kerf::integrations::sigmanest
