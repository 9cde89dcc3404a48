// Typed statement parameters and result rows shared by both database backends.
#pragma once

#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kerf/core/clock.h"

namespace kerf::store {

// One bound parameter. TimePoint binds as int64 microseconds since the Unix epoch (UTC), which
// sorts and range-filters identically on SQLite and PostgreSQL. bool binds as BOOLEAN on
// PostgreSQL and 0/1 on SQLite. std::optional<T> binds NULL when empty.
class Param {
 public:
  enum class Kind { kNull, kInt, kDouble, kText, kBool };

  Param() = default;
  Param(std::nullptr_t) {}  // NOLINT
  template <std::integral I>
  requires(!std::same_as<I, bool>) Param(I v)
      : kind_(Kind::kInt), int_(static_cast<int64_t>(v)) {}                      // NOLINT
  Param(bool v) : kind_(Kind::kBool), int_(v ? 1 : 0) {}                         // NOLINT
  Param(double v) : kind_(Kind::kDouble), double_(v) {}                          // NOLINT
  Param(std::string v) : kind_(Kind::kText), text_(std::move(v)) {}              // NOLINT
  Param(std::string_view v) : kind_(Kind::kText), text_(v) {}                    // NOLINT
  Param(const char* v) : kind_(Kind::kText), text_(v) {}                         // NOLINT
  Param(TimePoint t) : kind_(Kind::kInt), int_(t.time_since_epoch().count()) {}  // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) : Param(v ? Param(*v) : Param()) {}  // NOLINT

  Kind kind() const { return kind_; }
  bool is_null() const { return kind_ == Kind::kNull; }
  int64_t as_int() const { return int_; }
  double as_double() const { return double_; }
  bool as_bool() const { return int_ != 0; }
  const std::string& as_text() const { return text_; }

 private:
  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string text_;
};

// One cell of a result row: NULL, integer (also booleans as 0/1), floating point or text.
using Cell = std::variant<std::monostate, int64_t, double, std::string>;

// One materialised result row. Accessors by index or column name; reading a NULL or a
// mismatched type through a non-optional accessor is a programming error (throws
// std::logic_error); use the opt_* accessors for nullable columns.
class Row {
 public:
  Row(std::shared_ptr<const std::vector<std::string>> names, std::vector<Cell> cells)
      : names_(std::move(names)), cells_(std::move(cells)) {}

  std::size_t size() const { return cells_.size(); }
  const std::vector<std::string>& column_names() const { return *names_; }
  // Index of column `name`; throws std::logic_error when absent.
  std::size_t index_of(std::string_view name) const;
  const Cell& cell(std::size_t i) const { return cells_.at(i); }

  bool is_null(std::size_t i) const;
  int64_t get_int(std::size_t i) const;  // integers; doubles truncated; numeric text parsed
  double get_double(std::size_t i) const;
  bool get_bool(std::size_t i) const;
  std::string get_text(std::size_t i) const;  // numbers are formatted
  TimePoint get_time(std::size_t i) const;    // from int64 microseconds
  std::optional<int64_t> opt_int(std::size_t i) const;
  std::optional<double> opt_double(std::size_t i) const;
  std::optional<bool> opt_bool(std::size_t i) const;
  std::optional<std::string> opt_text(std::size_t i) const;
  std::optional<TimePoint> opt_time(std::size_t i) const;

  bool is_null(std::string_view c) const { return is_null(index_of(c)); }
  int64_t get_int(std::string_view c) const { return get_int(index_of(c)); }
  double get_double(std::string_view c) const { return get_double(index_of(c)); }
  bool get_bool(std::string_view c) const { return get_bool(index_of(c)); }
  std::string get_text(std::string_view c) const { return get_text(index_of(c)); }
  TimePoint get_time(std::string_view c) const { return get_time(index_of(c)); }
  std::optional<int64_t> opt_int(std::string_view c) const { return opt_int(index_of(c)); }
  std::optional<double> opt_double(std::string_view c) const { return opt_double(index_of(c)); }
  std::optional<bool> opt_bool(std::string_view c) const { return opt_bool(index_of(c)); }
  std::optional<std::string> opt_text(std::string_view c) const { return opt_text(index_of(c)); }
  std::optional<TimePoint> opt_time(std::string_view c) const { return opt_time(index_of(c)); }

 private:
  std::shared_ptr<const std::vector<std::string>> names_;
  std::vector<Cell> cells_;
};

using Rows = std::vector<Row>;

}  // namespace kerf::store
