#include "kerf/core/csv.h"

#include <cctype>

namespace kerf {
namespace {

Error at_line(std::size_t line, const std::string& what) {
  return Error::make(ErrorCode::kInvalidArgument, "line " + std::to_string(line) + ": " + what);
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

Result<std::vector<CsvRow>> parse_csv_records(std::string_view text, const CsvOptions& options) {
  if (text.size() > options.max_bytes) {
    return Error::make(ErrorCode::kTooLarge, "CSV input of " + std::to_string(text.size()) +
                                                 " bytes exceeds the limit of " +
                                                 std::to_string(options.max_bytes));
  }
  if (text.substr(0, 3) == "\xEF\xBB\xBF") text.remove_prefix(3);

  std::vector<CsvRow> rows;
  const char delim = options.delimiter;
  std::size_t line = 1;
  std::size_t i = 0;
  const std::size_t n = text.size();
  while (i < n) {
    // Skip blank lines (CRLF, LF or lone CR).
    if (text[i] == '\n' || text[i] == '\r') {
      if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
      ++i;
      ++line;
      continue;
    }
    CsvRow row;
    row.line = line;
    bool end_of_record = false;
    while (!end_of_record) {
      if (row.fields.size() >= options.max_fields) {
        return at_line(row.line, "more than " + std::to_string(options.max_fields) + " fields");
      }
      std::string field;
      if (i < n && text[i] == '"') {
        std::size_t quote_line = line;
        ++i;
        bool closed = false;
        while (i < n) {
          char c = text[i];
          if (c == '"') {
            if (i + 1 < n && text[i + 1] == '"') {
              field.push_back('"');
              i += 2;
              continue;
            }
            ++i;
            closed = true;
            break;
          }
          if (c == '\n') ++line;
          if (c == '\r' && !(i + 1 < n && text[i + 1] == '\n')) ++line;
          field.push_back(c);
          ++i;
        }
        if (!closed) return at_line(quote_line, "unterminated quoted field");
        if (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') {
          return at_line(line, "unexpected character after closing quote");
        }
      } else {
        std::size_t start = i;
        while (i < n && text[i] != delim && text[i] != '\n' && text[i] != '\r') ++i;
        field.assign(text.substr(start, i - start));
      }
      row.fields.push_back(std::move(field));
      if (i >= n) {
        end_of_record = true;
      } else if (text[i] == delim) {
        ++i;
        // A delimiter at the very end of the input or line still ends with an empty field.
        if (i >= n || text[i] == '\n' || text[i] == '\r') {
          if (row.fields.size() >= options.max_fields) {
            return at_line(row.line, "more than " + std::to_string(options.max_fields) + " fields");
          }
          row.fields.emplace_back();
        } else {
          continue;
        }
        end_of_record = true;
      } else {
        end_of_record = true;
      }
      if (end_of_record && i < n) {
        if (text[i] == '\r' && i + 1 < n && text[i + 1] == '\n') ++i;
        ++i;  // the line break
        ++line;
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::optional<std::size_t> CsvDocument::column(std::string_view name) const {
  name = trim(name);
  for (std::size_t c = 0; c < header_.size(); ++c) {
    if (iequals(header_[c], name)) return c;
  }
  return std::nullopt;
}

std::string_view CsvDocument::field(const CsvRow& row, std::string_view name) const {
  std::optional<std::size_t> c = column(name);
  if (!c || *c >= row.fields.size()) return {};
  return row.fields[*c];
}

Result<CsvDocument> read_csv(std::string_view text, const CsvOptions& options) {
  Result<std::vector<CsvRow>> records = parse_csv_records(text, options);
  if (!records.ok()) return records.error();
  std::vector<CsvRow>& all = records.value();
  if (all.empty()) return Error::make(ErrorCode::kInvalidArgument, "missing header row");
  CsvDocument doc;
  const CsvRow& head = all.front();
  for (std::size_t c = 0; c < head.fields.size(); ++c) {
    std::string name(trim(head.fields[c]));
    if (name.empty()) {
      return at_line(head.line, "header column " + std::to_string(c + 1) + " has no name");
    }
    if (doc.column(name)) return at_line(head.line, "duplicate header column '" + name + "'");
    doc.header_.push_back(std::move(name));
  }
  for (std::size_t r = 1; r < all.size(); ++r) {
    if (all[r].fields.size() != doc.header_.size()) {
      return at_line(all[r].line, "expected " + std::to_string(doc.header_.size()) +
                                      " fields, got " + std::to_string(all[r].fields.size()));
    }
    doc.rows_.push_back(std::move(all[r]));
  }
  return doc;
}

}  // namespace kerf
