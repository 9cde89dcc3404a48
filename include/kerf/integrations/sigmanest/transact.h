// SimTrans TransAct rows: the column catalogue (names, types, maximum lengths), the transaction
// codes kerf writes, and validation. docs/simtrans_format.md is the specification.
//
// A row is validated before it is queued: an unknown column, a value longer than its column, a
// non-numeric value in a numeric column or a missing required column is refused with the column
// named ("ItemName: 61 characters, the column holds 50"), never truncated.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"

namespace kerf::integrations::sigmanest {

// Column types of TransAct (SQL Server types on site).
enum class ColumnType { kText, kInt, kFloat, kDateTime, kBit };

struct ColumnSpec {
  std::string_view name;  // exact SimTrans spelling, e.g. "ItemName"
  ColumnType type = ColumnType::kText;
  int max_length = 50;    // for kText
};

// Every writable TransAct column (not AutoInc, AddedDate, ErrorTag), in the documented order.
const std::vector<ColumnSpec>& transact_columns();
// The spec of column `name` (exact, case-sensitive), or nullptr.
const ColumnSpec* find_column(std::string_view name);

// The codes kerf writes (docs/simtrans_format.md lists each code's required columns).
inline constexpr std::string_view kSN84 = "SN84";    // add/overwrite a part on a work order
inline constexpr std::string_view kSN81 = "SN81";    // modify part quantity
inline constexpr std::string_view kSN82 = "SN82";    // delete a part from a work order
inline constexpr std::string_view kSN87 = "SN87";    // work order header
inline constexpr std::string_view kSN89 = "SN89";    // cancel a work order
inline constexpr std::string_view kSN91A = "SN91A";  // set stock quantity (absolute)
inline constexpr std::string_view kSN94 = "SN94";    // add new stock
inline constexpr std::string_view kSN92 = "SN92";    // delete stock
inline constexpr std::string_view kSN97 = "SN97";    // add remnant
inline constexpr std::string_view kSN73N = "SN73N";  // program state (Param1 0/1/3)
inline constexpr std::string_view kSN73C = "SN73C";  // actual cut time
inline constexpr std::string_view kSN70 = "SN70";    // program done
inline constexpr std::string_view kSN78R = "SN78R";  // reject a part
inline constexpr std::string_view kSN74 = "SN74";    // delete program

// Columns a code requires (beyond TransType/District/TransID), e.g. SN84: OrderNo, ItemName,
// Qty. Empty for an unknown code.
const std::vector<std::string_view>& required_columns(std::string_view trans_type);
// True for the codes above.
bool is_known_trans_type(std::string_view trans_type);

// One TransAct row as kerf writes it. Values are text in the column's canonical form: integers
// and floats in C locale decimal, date-times as "YYYY-MM-DD HH:MM:SS" (plant local), bits 0/1.
struct TransActRow {
  std::string trans_type;  // e.g. "SN84"
  int32_t district = 0;
  std::string trans_id;    // <= 10 characters, unique per row (kerf: base-36 code)
  std::map<std::string, std::string> columns;  // column name -> value; absent = NULL
  friend bool operator==(const TransActRow&, const TransActRow&) = default;
};

// Ok, or kInvalidArgument with one FieldError per problem, the field being the column name
// ("TransID", "ItemName", ...): unknown code, unknown column, over-length, bad number/date/bit,
// missing required column.
Status validate(const TransActRow& row);

// A TransAct row as read back from SimTrans (the system columns included).
struct TransActState {
  int64_t auto_inc = 0;
  std::string trans_id;
  std::string trans_type;
  bool error_tag = false;
};

}  // namespace kerf::integrations::sigmanest
