#include "kerf/integrations/sigmanest/transact.h"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <string>

namespace kerf::integrations::sigmanest {

namespace {

using CT = ColumnType;

std::vector<ColumnSpec> build_columns() {
  std::vector<ColumnSpec> c = {
      {"OrderNo", CT::kText, 50},   {"ItemName", CT::kText, 100}, {"Qty", CT::kInt, 0},
      {"Material", CT::kText, 50},  {"Thickness", CT::kFloat, 0}, {"DueDate", CT::kDateTime, 0},
      {"Customer", CT::kText, 50},  {"DwgNumber", CT::kText, 50}, {"Priority", CT::kInt, 0},
      {"FileName", CT::kText, 50},  {"Remark", CT::kText, 80},    {"RevNumber", CT::kText, 50},
      {"OnHold", CT::kBit, 0},      {"ItemType", CT::kText, 50},  {"Process", CT::kText, 50},
      {"Length", CT::kFloat, 0},    {"Width", CT::kFloat, 0},     {"HeatNumber", CT::kText, 50},
      {"BinNumber", CT::kText, 50}, {"Location", CT::kText, 50},  {"Mill", CT::kText, 50},
      {"PrimeCode", CT::kText, 50}, {"Cost", CT::kFloat, 0},
  };
  static constexpr std::array<std::string_view, 18> kItemData = {
      "ItemData1",  "ItemData2",  "ItemData3",  "ItemData4",  "ItemData5",  "ItemData6",
      "ItemData7",  "ItemData8",  "ItemData9",  "ItemData10", "ItemData11", "ItemData12",
      "ItemData13", "ItemData14", "ItemData15", "ItemData16", "ItemData17", "ItemData18"};
  for (std::string_view n : kItemData) c.push_back({n, CT::kText, 50});
  c.push_back({"ProgramName", CT::kText, 50});
  c.push_back({"ProgramRepeat", CT::kInt, 0});
  for (std::string_view n : {"StringData1", "StringData2", "StringData3", "StringData4"}) {
    c.push_back({n, CT::kText, 50});
  }
  for (std::string_view n : {"Param1", "Param2", "Param3", "Param4", "Param5"}) {
    c.push_back({n, CT::kText, 50});
  }
  c.push_back({"StartDate", CT::kDateTime, 0});
  c.push_back({"EndDate", CT::kDateTime, 0});
  return c;
}

struct CodeSpec {
  std::string_view code;
  std::vector<std::string_view> required;
  bool stock = false;  // ItemName names a stock item: varchar(50)
};

const std::vector<CodeSpec>& codes() {
  static const std::vector<CodeSpec> kCodes = {
      {kSN84, {"OrderNo", "ItemName", "Qty"}},
      {kSN81, {"OrderNo", "ItemName", "Qty"}},
      {kSN82, {"OrderNo", "ItemName"}},
      {kSN87, {"OrderNo"}},
      {kSN89, {"OrderNo"}},
      {kSN91A, {"ItemName", "Qty", "Material", "Thickness"}, true},
      {kSN94, {"ItemName", "Qty", "Material", "Thickness", "Length", "Width"}, true},
      {kSN92, {"ItemName"}, true},
      {kSN97, {"ItemName", "Material", "Thickness", "Length", "Width"}, true},
      {kSN73N, {"ProgramName", "Param1"}},
      {kSN73C, {"ProgramName", "Param3"}},
      {kSN70, {"ProgramName"}},
      {kSN78R, {"ProgramName", "ItemName", "StringData4"}},
      {kSN74, {"ProgramName"}},
  };
  return kCodes;
}

const CodeSpec* find_code(std::string_view code) {
  for (const CodeSpec& c : codes()) {
    if (c.code == code) return &c;
  }
  return nullptr;
}

// Number of UTF-8 code points in `s`, or -1 when `s` is not valid UTF-8.
long utf8_length(std::string_view s) {
  long n = 0;
  for (size_t i = 0; i < s.size();) {
    auto b = static_cast<unsigned char>(s[i]);
    size_t len = b < 0x80           ? 1
                 : (b >> 5) == 0x6  ? 2
                 : (b >> 4) == 0xE  ? 3
                 : (b >> 3) == 0x1E ? 4
                                    : 0;
    if (len == 0 || i + len > s.size()) return -1;
    for (size_t k = 1; k < len; ++k) {
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return -1;
    }
    if (len == 2 && b < 0xC2) return -1;  // overlong
    i += len;
    ++n;
  }
  return n;
}

bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char ch : s) {
    if (ch < '0' || ch > '9') return false;
  }
  return true;
}

bool valid_int(std::string_view s) {
  std::string_view digits = s;
  if (!digits.empty() && digits.front() == '-') digits.remove_prefix(1);
  if (!all_digits(digits) || digits.size() > 10) return false;
  long long v = std::strtoll(std::string(s).c_str(), nullptr, 10);
  return v >= INT32_MIN && v <= INT32_MAX;
}

bool valid_float(std::string_view s) {
  if (!s.empty() && s.front() == '-') s.remove_prefix(1);
  size_t dot = s.find('.');
  if (dot == std::string_view::npos) return all_digits(s) && s.size() <= 15;
  return all_digits(s.substr(0, dot)) && all_digits(s.substr(dot + 1)) && s.size() <= 30;
}

int to_int(std::string_view s) {
  int v = 0;
  for (char ch : s) v = v * 10 + (ch - '0');
  return v;
}

bool valid_datetime(std::string_view s) {
  // YYYY-MM-DD HH:MM:SS
  if (s.size() != 19 || s[4] != '-' || s[7] != '-' || s[10] != ' ' || s[13] != ':' ||
      s[16] != ':') {
    return false;
  }
  for (size_t i : {0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18}) {
    if (s[i] < '0' || s[i] > '9') return false;
  }
  int year = to_int(s.substr(0, 4)), month = to_int(s.substr(5, 2)), day = to_int(s.substr(8, 2));
  int hour = to_int(s.substr(11, 2)), minute = to_int(s.substr(14, 2));
  int second = to_int(s.substr(17, 2));
  if (year < 1753 || month < 1 || month > 12 || day < 1) return false;  // SQL Server datetime
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
  int max_day = kDays[month - 1] + (month == 2 && leap ? 1 : 0);
  return day <= max_day && hour < 24 && minute < 60 && second < 60;
}

// Appends the problem of `value` in column `spec` (max_length overrides the spec's), if any.
void check_value(const ColumnSpec& spec, int max_length, std::string_view value,
                 std::vector<FieldError>& errors) {
  std::string field(spec.name);
  switch (spec.type) {
    case ColumnType::kText: {
      long n = utf8_length(value);
      if (n < 0) {
        errors.push_back({field, "not valid UTF-8"});
      } else if (n > max_length) {
        errors.push_back({field, std::to_string(n) + " characters, the column holds " +
                                     std::to_string(max_length)});
      } else if (value.find('\0') != std::string_view::npos) {
        errors.push_back({field, "contains a NUL character"});
      }
      return;
    }
    case ColumnType::kInt:
      if (!valid_int(value)) {
        errors.push_back({field, "\"" + std::string(value.substr(0, 40)) +
                                     "\" is not an integer (C locale, 32 bits)"});
      }
      return;
    case ColumnType::kFloat:
      if (!valid_float(value)) {
        errors.push_back({field, "\"" + std::string(value.substr(0, 40)) +
                                     "\" is not a decimal number (C locale, e.g. 2.5)"});
      }
      return;
    case ColumnType::kDateTime:
      if (!valid_datetime(value)) {
        errors.push_back({field, "\"" + std::string(value.substr(0, 40)) +
                                     "\" is not a date-time YYYY-MM-DD HH:MM:SS"});
      }
      return;
    case ColumnType::kBit:
      if (value != "0" && value != "1") {
        errors.push_back(
            {field, "\"" + std::string(value.substr(0, 40)) + "\" is not a bit (0 or 1)"});
      }
      return;
  }
}

}  // namespace

const std::vector<ColumnSpec>& transact_columns() {
  static const std::vector<ColumnSpec> kColumns = build_columns();
  return kColumns;
}

const ColumnSpec* find_column(std::string_view name) {
  for (const ColumnSpec& c : transact_columns()) {
    if (c.name == name) return &c;
  }
  return nullptr;
}

const std::vector<std::string_view>& required_columns(std::string_view trans_type) {
  static const std::vector<std::string_view> kNone;
  const CodeSpec* code = find_code(trans_type);
  return code == nullptr ? kNone : code->required;
}

bool is_known_trans_type(std::string_view trans_type) { return find_code(trans_type) != nullptr; }

Status validate(const TransActRow& row) {
  std::vector<FieldError> errors;
  const CodeSpec* code = find_code(row.trans_type);
  if (code == nullptr) {
    errors.push_back({"TransType", "unknown transaction code \"" +
                                       std::string(std::string_view(row.trans_type).substr(0, 40)) +
                                       "\""});
  }
  if (row.district < 0) {
    errors.push_back({"District", std::to_string(row.district) + " is negative"});
  }
  long id_length = utf8_length(row.trans_id);
  if (row.trans_id.empty()) {
    errors.push_back({"TransID", "empty"});
  } else if (id_length < 0) {
    errors.push_back({"TransID", "not valid UTF-8"});
  } else if (id_length > 10) {
    errors.push_back({"TransID", std::to_string(id_length) + " characters, the column holds 10"});
  }
  for (const auto& [name, value] : row.columns) {
    const ColumnSpec* spec = find_column(name);
    if (spec == nullptr) {
      bool system = name == "TransType" || name == "District" || name == "TransID";
      errors.push_back({name.substr(0, 60), system ? "a separate field of the row, not a column"
                                                   : "not a TransAct column"});
      continue;
    }
    int max_length = spec->max_length;
    if (code != nullptr && code->stock && spec->name == "ItemName") max_length = 50;
    check_value(*spec, max_length, value, errors);
  }
  if (code != nullptr) {
    for (std::string_view required : code->required) {
      auto it = row.columns.find(std::string(required));
      bool reported = std::any_of(errors.begin(), errors.end(),
                                  [&](const FieldError& e) { return e.field == required; });
      if (!reported && (it == row.columns.end() || it->second.empty())) {
        errors.push_back({std::string(required), "required by " + std::string(code->code)});
      }
    }
  }
  if (errors.empty()) return ok_status();
  return Error::invalid(std::move(errors));
}

}  // namespace kerf::integrations::sigmanest
