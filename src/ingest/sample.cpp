#include "kerf/ingest/sample.h"

#include <fmt/format.h>

namespace kerf::ingest {

const char* to_string(Quality q) {
  switch (q) {
    case Quality::kGood: return "good";
    case Quality::kUnavailable: return "unavailable";
    case Quality::kBad: return "bad";
  }
  return "bad";
}

std::optional<double> as_number(const Value& v) {
  if (const auto* b = std::get_if<bool>(&v)) return *b ? 1.0 : 0.0;
  if (const auto* i = std::get_if<int64_t>(&v)) return static_cast<double>(*i);
  if (const auto* d = std::get_if<double>(&v)) return *d;
  return std::nullopt;
}

std::string as_text(const Value& v) {
  if (const auto* s = std::get_if<std::string>(&v)) return *s;
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  if (const auto* i = std::get_if<int64_t>(&v)) return std::to_string(*i);
  if (const auto* d = std::get_if<double>(&v)) return fmt::format("{}", *d);
  return "";
}

}  // namespace kerf::ingest
