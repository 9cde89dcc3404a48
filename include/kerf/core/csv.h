// RFC 4180 CSV reader: quoted fields with "" escapes and embedded line breaks, CRLF or LF line
// ends, an optional UTF-8 BOM, a header row mapped to column indexes, and a size guard.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"

namespace kerf {

struct CsvOptions {
  char delimiter = ',';
  std::size_t max_bytes = 64u << 20;  // larger input fails with kTooLarge
  std::size_t max_fields = 4096;      // per record; more fails with kInvalidArgument
};

// One record: its fields and the 1-based physical line on which it starts.
struct CsvRow {
  std::size_t line = 0;
  std::vector<std::string> fields;
  friend bool operator==(const CsvRow&, const CsvRow&) = default;
};

// Splits `text` into records. Blank lines are skipped; a final line break is optional; a quote
// inside an unquoted field is kept literally. Fails (kInvalidArgument, message starting with
// "line N: ") on an unterminated quoted field, a character after a closing quote, or too many
// fields; fails with kTooLarge when text is longer than options.max_bytes.
Result<std::vector<CsvRow>> parse_csv_records(std::string_view text,
                                              const CsvOptions& options = {});

// A CSV file with a header row: every data row has exactly as many fields as the header.
class CsvDocument {
 public:
  const std::vector<std::string>& header() const { return header_; }
  const std::vector<CsvRow>& rows() const { return rows_; }
  // Index of the header column named `name` (trimmed, ASCII case-insensitive), if any.
  std::optional<std::size_t> column(std::string_view name) const;
  // The field of `row` in column `name`, or "" if there is no such column.
  std::string_view field(const CsvRow& row, std::string_view name) const;

 private:
  friend Result<CsvDocument> read_csv(std::string_view text, const CsvOptions& options);
  std::vector<std::string> header_;  // trimmed names
  std::vector<CsvRow> rows_;
};

// Parses `text` whose first record is the header. Fails like parse_csv_records, and also on an
// empty input ("missing header row"), an empty or duplicate header name, or a ragged row
// ("line 7: expected 5 fields, got 4").
Result<CsvDocument> read_csv(std::string_view text, const CsvOptions& options = {});

}  // namespace kerf
