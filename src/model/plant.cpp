#include "kerf/model/plant.h"

#include <cctype>

#include "kerf/model/validation.h"

namespace kerf::model {
namespace {

// "UTC" or Area/Location[/Sub] with segments of [A-Za-z0-9_+-], each starting with a letter.
bool is_valid_time_zone(std::string_view tz) {
  if (tz == "UTC") return true;
  if (tz.empty() || tz.size() > 64) return false;
  int segments = 0;
  std::size_t start = 0;
  while (start <= tz.size()) {
    std::size_t slash = tz.find('/', start);
    std::string_view seg =
        tz.substr(start, slash == std::string_view::npos ? tz.npos : slash - start);
    if (seg.empty() || !std::isalpha(static_cast<unsigned char>(seg.front()))) return false;
    for (char c : seg) {
      if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '+' && c != '-') {
        return false;
      }
    }
    ++segments;
    if (slash == std::string_view::npos) break;
    start = slash + 1;
  }
  return segments >= 2 && segments <= 3;
}

}  // namespace

Status Plant::validate() const {
  FieldErrors errors;
  check_required_text(errors, "name", name);
  if (!is_valid_time_zone(time_zone)) {
    errors.add("time_zone", "must be an IANA time zone like 'Europe/Berlin' or 'UTC'");
  } else if (auto zone = TimeZone::load(time_zone); !zone.ok()) {
    errors.add("time_zone", zone.error().fields.at(0).message);
  }
  if (utc_offset_minutes < -720 || utc_offset_minutes > 840) {
    errors.add("utc_offset_minutes", "must be between -720 and 840");
  }
  return errors.status();
}

Result<TimeZone> Plant::zone() const { return TimeZone::load(time_zone, "time_zone"); }

Status DepartmentRecord::validate() const {
  FieldErrors errors;
  check_code(errors, "code", code);
  check_required_text(errors, "name", name);
  return errors.status();
}

}  // namespace kerf::model
