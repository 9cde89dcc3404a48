#include "kerf/core/time_zone.h"

#include <date/tz.h>

#include <cstdio>
#include <cstdlib>
#include <stdexcept>

namespace kerf {
namespace {

date::local_time<Micros> to_date_local(LocalTime t) {
  return date::local_time<Micros>(t.time_since_epoch());
}

}  // namespace

Result<TimeZone> TimeZone::load(std::string_view name, std::string_view field) {
  TimeZone tz;
  if (name == "UTC") return tz;
  const std::string quoted = "unknown time zone '" + std::string(name) + "'";
  if (name.empty() || name.size() > 64) return Error::invalid(std::string(field), quoted);
  try {
    tz.zone_ = date::locate_zone(name);
  } catch (const std::exception&) {
    return Error::invalid(std::string(field),
                          quoted + " (expected an IANA name like 'Europe/Berlin')");
  }
  tz.name_ = std::string(name);
  return tz;
}

std::chrono::seconds TimeZone::offset_at(TimePoint t) const {
  if (zone_ == nullptr) return std::chrono::seconds(0);
  return zone_->get_info(std::chrono::floor<std::chrono::seconds>(t)).offset;
}

LocalTime TimeZone::to_local(TimePoint t) const {
  return LocalTime((t + offset_at(t)).time_since_epoch());
}

TimePoint TimeZone::to_utc(LocalTime local) const {
  if (zone_ == nullptr) return TimePoint(local.time_since_epoch());
  const auto info = zone_->get_info(std::chrono::floor<std::chrono::seconds>(to_date_local(local)));
  switch (info.result) {
    case date::local_info::nonexistent:
      return TimePoint(info.first.end);  // the end of the gap: the transition instant
    case date::local_info::ambiguous:
    case date::local_info::unique:
      break;
  }
  return TimePoint(local.time_since_epoch() - info.first.offset);  // first occurrence
}

LocalDays TimeZone::local_day(TimePoint t) const {
  return std::chrono::floor<std::chrono::days>(to_local(t));
}

TimePoint TimeZone::start_of_day(LocalDays day) const { return to_utc(LocalTime(day)); }

std::chrono::seconds TimeZone::day_length(LocalDays day) const {
  return std::chrono::floor<std::chrono::seconds>(start_of_day(day + std::chrono::days(1)) -
                                                  start_of_day(day));
}

std::string format_local_iso8601(TimePoint t, const TimeZone& zone) {
  const auto local = std::chrono::floor<std::chrono::seconds>(zone.to_local(t));
  const auto day = std::chrono::floor<std::chrono::days>(local);
  const std::chrono::year_month_day ymd(day);
  const std::chrono::hh_mm_ss hms(local - day);
  const auto offset = std::chrono::duration_cast<std::chrono::minutes>(zone.offset_at(t)).count();
  const long abs_offset = std::labs(static_cast<long>(offset));
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02ld:%02ld:%02ld%c%02ld:%02ld",
                static_cast<int>(ymd.year()), static_cast<unsigned>(ymd.month()),
                static_cast<unsigned>(ymd.day()), static_cast<long>(hms.hours().count()),
                static_cast<long>(hms.minutes().count()), static_cast<long>(hms.seconds().count()),
                offset < 0 ? '-' : '+', abs_offset / 60, abs_offset % 60);
  return buf;
}

}  // namespace kerf
