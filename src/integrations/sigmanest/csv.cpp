#include "kerf/integrations/sigmanest/csv.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

#include "kerf/integrations/sigmanest/simtrans_schema.h"

namespace kerf::integrations::sigmanest {

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

bool valid_utf8(std::string_view s) {
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size() || (len == 2 && b < 0xC2)) return false;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    }
    i += len;
  }
  return true;
}

std::string where(size_t line, std::string_view column) {
  return "line " + std::to_string(line) + ", column " + std::string(column);
}

// The reader's position and the header known so far (for naming columns in errors).
class Parser {
 public:
  Parser(std::string_view text, const CsvLimits& limits) : text_(text), limits_(limits) {}

  Result<CsvTable> run() {
    if (text_.size() > limits_.max_file_bytes) {
      return Error::make(ErrorCode::kTooLarge, "file: " + std::to_string(text_.size()) +
                                                   " bytes, the limit is " +
                                                   std::to_string(limits_.max_file_bytes));
    }
    if (text_.substr(0, 3) == "\xEF\xBB\xBF") pos_ = 3;
    CsvTable table;
    bool have_header = false;
    while (true) {
      skip_blank_lines();
      if (pos_ >= text_.size()) break;
      size_t line = line_;
      std::vector<CsvField> fields;
      fields.reserve(header_.size());
      if (Status s = record(fields); !s.ok()) return s.error();
      if (!have_header) {
        if (Status s = take_header(line, fields, table.header); !s.ok()) return s.error();
        have_header = true;
        continue;
      }
      if (fields.size() < header_.size()) {
        return fail(line, header_[fields.size()],
                    "missing (" + std::to_string(fields.size()) + " fields, the header has " +
                        std::to_string(header_.size()) + ")");
      }
      table.records.push_back({line, std::move(fields)});
    }
    if (!have_header) return Error::invalid("line 1", "missing header row");
    return table;
  }

 private:
  Error fail(size_t line, std::string_view column, std::string message) const {
    return Error::invalid(where(line, column), std::move(message));
  }

  // The name of field `index` for errors: the header's name, or "N" (1-based) beyond it.
  std::string column_name(size_t index) const {
    if (index < header_.size() && !header_[index].empty()) return header_[index];
    return std::to_string(index + 1);
  }

  void skip_blank_lines() {
    while (pos_ < text_.size()) {
      if (text_[pos_] == '\n') {
        ++pos_;
        ++line_;
      } else if (text_.substr(pos_, 2) == "\r\n") {
        pos_ += 2;
        ++line_;
      } else {
        return;
      }
    }
  }

  // Reads one record up to and including its line end (or the end of text).
  Status record(std::vector<CsvField>& fields) {
    size_t start = pos_;
    size_t record_line = line_;
    while (true) {
      size_t index = fields.size();
      if (index >= limits_.max_fields) {
        return fail(line_, column_name(index),
                    "more than " + std::to_string(limits_.max_fields) + " fields");
      }
      if (!header_.empty() && index >= header_.size()) {
        return fail(line_, column_name(index),
                    "extra field (the header has " + std::to_string(header_.size()) + ")");
      }
      CsvField field;
      if (Status s = one_field(index, field); !s.ok()) return s;
      if (pos_ - start > limits_.max_row_bytes) {
        return fail(record_line, column_name(index),
                    "row longer than " + std::to_string(limits_.max_row_bytes) + " bytes");
      }
      fields.push_back(std::move(field));
      if (pos_ >= text_.size()) return ok_status();
      char c = text_[pos_];
      if (c == ',') {
        ++pos_;
        continue;
      }
      // one_field stops only at ',', a line end or the end of text.
      pos_ += c == '\r' ? 2 : 1;
      ++line_;
      return ok_status();
    }
  }

  Status field_size(size_t line, size_t index, size_t size) const {
    if (size <= limits_.max_field_bytes) return ok_status();
    return fail(line, column_name(index),
                "field longer than " + std::to_string(limits_.max_field_bytes) + " bytes");
  }

  Status one_field(size_t index, CsvField& out) {
    size_t field_line = line_;
    std::string value;
    if (pos_ < text_.size() && text_[pos_] == '"') {
      ++pos_;
      while (true) {
        if (pos_ >= text_.size()) return fail(field_line, column_name(index), "unterminated quote");
        char c = text_[pos_];
        if (c == '"') {
          if (pos_ + 1 < text_.size() && text_[pos_ + 1] == '"') {
            value += '"';
            pos_ += 2;
            continue;
          }
          ++pos_;
          break;
        }
        if (c == '\n') ++line_;
        value += c;
        ++pos_;
        if (Status s = field_size(field_line, index, value.size()); !s.ok()) return s;
      }
      if (pos_ < text_.size() && text_[pos_] != ',' && text_[pos_] != '\n' &&
          text_.substr(pos_, 2) != "\r\n") {
        return fail(line_, column_name(index), "character after closing quote");
      }
    } else {
      size_t begin = pos_;
      while (pos_ < text_.size()) {
        char c = text_[pos_];
        if (c == ',' || c == '\n') break;
        if (c == '\r') {
          if (text_.substr(pos_, 2) == "\r\n") break;
          return fail(line_, column_name(index), "carriage return outside quotes");
        }
        if (c == '"') return fail(line_, column_name(index), "quote inside an unquoted field");
        ++pos_;
      }
      if (Status s = field_size(field_line, index, pos_ - begin); !s.ok()) return s;
      if (pos_ == begin) {
        out = std::nullopt;
        return ok_status();
      }
      value.assign(text_.substr(begin, pos_ - begin));
    }
    if (!valid_utf8(value)) return fail(field_line, column_name(index), "not valid UTF-8");
    out = std::move(value);
    return ok_status();
  }

  Status take_header(size_t line, std::vector<CsvField>& fields, std::vector<std::string>& out) {
    for (size_t i = 0; i < fields.size(); ++i) {
      if (!fields[i].has_value() || fields[i]->empty()) {
        return fail(line, std::to_string(i + 1), "empty header name");
      }
      for (size_t j = 0; j < i; ++j) {
        if (iequals(*fields[i], *fields[j])) {
          return fail(line, *fields[i], "duplicate header name");
        }
      }
    }
    for (CsvField& f : fields) out.push_back(std::move(*f));
    header_ = out;
    return ok_status();
  }

  std::string_view text_;
  const CsvLimits& limits_;
  size_t pos_ = 0;
  size_t line_ = 1;
  std::vector<std::string> header_;
};

bool needs_quotes(std::string_view s) {
  return s.empty() || s.find_first_of(",\"\r\n") != std::string_view::npos;
}

// A strictly decimal 64-bit integer (optional '-'), or nullopt.
std::optional<int64_t> parse_int64(std::string_view s) {
  bool negative = !s.empty() && s.front() == '-';
  if (negative) s.remove_prefix(1);
  if (s.empty() || s.size() > 18) return std::nullopt;
  int64_t v = 0;
  for (char c : s) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  return negative ? -v : v;
}

}  // namespace

std::optional<std::size_t> CsvTable::column(std::string_view name) const {
  for (size_t i = 0; i < header.size(); ++i) {
    if (iequals(header[i], name)) return i;
  }
  return std::nullopt;
}

Result<CsvTable> read_csv_table(std::string_view text, const CsvLimits& limits) {
  return Parser(text, limits).run();
}

void append_csv_record(std::string& out, const std::vector<CsvField>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) out += ',';
    if (!fields[i].has_value()) continue;
    const std::string& v = *fields[i];
    if (!needs_quotes(v)) {
      out += v;
      continue;
    }
    out += '"';
    for (char c : v) {
      if (c == '"') out += '"';
      out += c;
    }
    out += '"';
  }
  out += "\r\n";
}

std::string write_csv_table(const std::vector<std::string>& header,
                            const std::vector<std::vector<CsvField>>& records) {
  std::string out;
  append_csv_record(out, std::vector<CsvField>(header.begin(), header.end()));
  for (const auto& r : records) append_csv_record(out, r);
  return out;
}

std::string write_transact_csv(const std::vector<TransActRow>& rows) {
  std::set<std::string_view> used;
  for (const TransActRow& r : rows) {
    for (const auto& [name, value] : r.columns) used.insert(name);
  }
  std::vector<std::string> header = {"TransType", "District", "TransID"};
  for (const ColumnSpec& c : transact_columns()) {
    if (used.count(c.name)) header.emplace_back(c.name);
  }
  // Columns outside the catalogue (validate() refuses them) still go out, after the others.
  for (std::string_view name : used) {
    if (find_column(name) == nullptr) header.emplace_back(name);
  }
  std::string out;
  append_csv_record(out, std::vector<CsvField>(header.begin(), header.end()));
  for (const TransActRow& r : rows) {
    std::vector<CsvField> fields = {r.trans_type, std::to_string(r.district), r.trans_id};
    for (size_t i = 3; i < header.size(); ++i) {
      auto it = r.columns.find(header[i]);
      fields.push_back(it == r.columns.end() ? CsvField() : CsvField(it->second));
    }
    append_csv_record(out, fields);
  }
  return out;
}

Result<std::vector<TransActRow>> parse_transact_csv(std::string_view text,
                                                    const CsvLimits& limits) {
  auto table = read_csv_table(text, limits);
  if (!table.ok()) return table.error();
  const std::vector<std::string>& header = table->header;
  std::optional<size_t> type_col, district_col, id_col;
  for (size_t i = 0; i < header.size(); ++i) {
    if (header[i] == "TransType") {
      type_col = i;
    } else if (header[i] == "District") {
      district_col = i;
    } else if (header[i] == "TransID") {
      id_col = i;
    } else if (find_column(header[i]) == nullptr) {
      return Error::invalid(where(1, header[i]), "not a TransAct column");
    }
  }
  for (auto [col, name] : {std::pair{type_col, "TransType"}, std::pair{district_col, "District"},
                           std::pair{id_col, "TransID"}}) {
    if (!col) return Error::invalid(name, "missing column " + std::string(name));
  }
  std::vector<TransActRow> rows;
  rows.reserve(table->records.size());
  for (const CsvRecord& rec : table->records) {
    TransActRow row;
    row.trans_type = rec.fields[*type_col].value_or("");
    row.trans_id = rec.fields[*id_col].value_or("");
    std::optional<int64_t> district = parse_int64(rec.fields[*district_col].value_or(""));
    if (!district || *district < INT32_MIN || *district > INT32_MAX) {
      return Error::invalid(where(rec.line, "District"), "not an integer");
    }
    row.district = static_cast<int32_t>(*district);
    for (size_t i = 0; i < header.size(); ++i) {
      if (i == *type_col || i == *district_col || i == *id_col) continue;
      if (rec.fields[i].has_value()) row.columns[header[i]] = *rec.fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<std::vector<FeedbackRow>> parse_feedback_csv(FeedbackTable table, std::string_view text,
                                                    const CsvLimits& limits) {
  auto csv = read_csv_table(text, limits);
  if (!csv.ok()) return csv.error();
  std::optional<size_t> auto_col = csv->column("AutoID");
  std::optional<size_t> packet_col = csv->column("ArchivePacketID");
  std::optional<size_t> type_col = csv->column("TransType");
  for (auto [col, name] : {std::pair{auto_col, "AutoID"}, std::pair{packet_col, "ArchivePacketID"},
                           std::pair{type_col, "TransType"}}) {
    if (!col) {
      return Error::invalid(
          name, "missing column " + std::string(name) + " in " + std::string(table_name(table)));
    }
  }
  // Column names in the DDL's spelling (docs/simtrans_tables.md) when they match it
  // case-insensitively, as the ODBC gateway reports them; other names as the file has them.
  std::vector<std::string> header = csv->header;
  for (std::string& name : header) {
    for (const std::string& canonical : simtrans_columns(table_name(table))) {
      if (iequals(name, canonical)) name = canonical;
    }
  }
  std::vector<FeedbackRow> rows;
  rows.reserve(csv->records.size());
  for (const CsvRecord& rec : csv->records) {
    FeedbackRow row;
    row.table = table;
    for (auto [col, target] :
         {std::pair{*auto_col, &row.auto_id}, std::pair{*packet_col, &row.archive_packet_id}}) {
      std::optional<int64_t> v = parse_int64(rec.fields[col].value_or(""));
      if (!v || *v <= 0) {
        return Error::invalid(
            where(rec.line, header[col]),
            "\"" + rec.fields[col].value_or("").substr(0, 40) + "\" is not a positive integer");
      }
      *target = *v;
    }
    row.trans_type = rec.fields[*type_col].value_or("");
    if (row.trans_type != kSN100 && row.trans_type != kSN101 && row.trans_type != kSN102) {
      return Error::invalid(
          where(rec.line, header[*type_col]),
          "\"" + row.trans_type.substr(0, 40) + "\" is not SN100, SN101 or SN102");
    }
    for (size_t i = 0; i < header.size(); ++i) {
      if (rec.fields[i].has_value()) row.columns[header[i]] = *rec.fields[i];
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::string write_feedback_csv(const std::vector<FeedbackRow>& rows) {
  std::set<std::string> names;
  for (const FeedbackRow& r : rows) {
    for (const auto& [name, value] : r.columns) {
      if (!iequals(name, "AutoID") && !iequals(name, "ArchivePacketID") &&
          !iequals(name, "TransType")) {
        names.insert(name);
      }
    }
  }
  std::vector<std::string> header = {"AutoID", "ArchivePacketID", "TransType"};
  header.insert(header.end(), names.begin(), names.end());
  std::string out;
  append_csv_record(out, std::vector<CsvField>(header.begin(), header.end()));
  for (const FeedbackRow& r : rows) {
    std::vector<CsvField> fields = {std::to_string(r.auto_id), std::to_string(r.archive_packet_id),
                                    r.trans_type};
    for (size_t i = 3; i < header.size(); ++i) {
      auto it = r.columns.find(header[i]);
      fields.push_back(it == r.columns.end() ? CsvField() : CsvField(it->second));
    }
    append_csv_record(out, fields);
  }
  return out;
}

}  // namespace kerf::integrations::sigmanest
