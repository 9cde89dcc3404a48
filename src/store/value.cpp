#include "kerf/store/value.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <stdexcept>

namespace kerf::store {
namespace {

[[noreturn]] void type_error(const Row& row, std::size_t i, const char* wanted) {
  std::string col = i < row.column_names().size() ? row.column_names()[i] : std::to_string(i);
  throw std::logic_error("store::Row: column '" + col + "' is not " + wanted);
}

}  // namespace

std::size_t Row::index_of(std::string_view name) const {
  for (std::size_t i = 0; i < names_->size(); ++i) {
    if ((*names_)[i] == name) return i;
  }
  throw std::logic_error("store::Row: no column '" + std::string(name) + "'");
}

bool Row::is_null(std::size_t i) const {
  return std::holds_alternative<std::monostate>(cells_.at(i));
}

int64_t Row::get_int(std::size_t i) const {
  const Cell& c = cells_.at(i);
  if (auto* v = std::get_if<int64_t>(&c)) return *v;
  if (auto* d = std::get_if<double>(&c)) return static_cast<int64_t>(std::llround(*d));
  if (auto* s = std::get_if<std::string>(&c)) {
    int64_t v = 0;
    auto [p, ec] = std::from_chars(s->data(), s->data() + s->size(), v);
    if (ec == std::errc() && p == s->data() + s->size()) return v;
  }
  type_error(*this, i, "an integer");
}

double Row::get_double(std::size_t i) const {
  const Cell& c = cells_.at(i);
  if (auto* d = std::get_if<double>(&c)) return *d;
  if (auto* v = std::get_if<int64_t>(&c)) return static_cast<double>(*v);
  if (auto* s = std::get_if<std::string>(&c)) {
    try {
      std::size_t used = 0;
      double d = std::stod(*s, &used);
      if (used == s->size()) return d;
    } catch (const std::exception&) {
    }
  }
  type_error(*this, i, "a number");
}

bool Row::get_bool(std::size_t i) const {
  const Cell& c = cells_.at(i);
  if (auto* v = std::get_if<int64_t>(&c)) return *v != 0;
  if (auto* s = std::get_if<std::string>(&c)) {
    if (*s == "t" || *s == "true" || *s == "1") return true;
    if (*s == "f" || *s == "false" || *s == "0") return false;
  }
  type_error(*this, i, "a boolean");
}

std::string Row::get_text(std::size_t i) const {
  const Cell& c = cells_.at(i);
  if (auto* s = std::get_if<std::string>(&c)) return *s;
  if (auto* v = std::get_if<int64_t>(&c)) return std::to_string(*v);
  if (auto* d = std::get_if<double>(&c)) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.17g", *d);
    return buf;
  }
  type_error(*this, i, "text");
}

TimePoint Row::get_time(std::size_t i) const { return TimePoint(Micros(get_int(i))); }

std::optional<int64_t> Row::opt_int(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_int(i);
}
std::optional<double> Row::opt_double(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_double(i);
}
std::optional<bool> Row::opt_bool(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_bool(i);
}
std::optional<std::string> Row::opt_text(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_text(i);
}
std::optional<TimePoint> Row::opt_time(std::size_t i) const {
  if (is_null(i)) return std::nullopt;
  return get_time(i);
}

}  // namespace kerf::store
