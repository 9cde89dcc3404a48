#include "kerf/core/time_format.h"

#include <cctype>
#include <cstdio>

namespace kerf {
namespace {

// Reads exactly `digits` decimal digits at `pos`; advances pos. Returns -1 when absent.
int read_digits(std::string_view s, std::size_t& pos, int digits) {
  if (pos + digits > s.size()) return -1;
  int v = 0;
  for (int i = 0; i < digits; ++i) {
    char c = s[pos + i];
    if (!std::isdigit(static_cast<unsigned char>(c))) return -1;
    v = v * 10 + (c - '0');
  }
  pos += digits;
  return v;
}

bool expect(std::string_view s, std::size_t& pos, char c) {
  if (pos < s.size() && s[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

Error bad(std::string_view text, const char* why) {
  return Error::make(ErrorCode::kInvalidArgument,
                     "invalid timestamp '" + std::string(text.substr(0, 40)) + "': " + why);
}

}  // namespace

std::string format_iso8601(TimePoint t) {
  using namespace std::chrono;
  auto day = floor<days>(t);
  year_month_day ymd(day);
  hh_mm_ss<Micros> hms(t - day);
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", int(ymd.year()),
                        unsigned(ymd.month()), unsigned(ymd.day()), int(hms.hours().count()),
                        int(hms.minutes().count()), int(hms.seconds().count()));
  if (hms.subseconds().count() != 0) {
    n += std::snprintf(buf + n, sizeof buf - n, ".%06lld",
                       static_cast<long long>(hms.subseconds().count()));
  }
  std::snprintf(buf + n, sizeof buf - n, "Z");
  return buf;
}

Result<TimePoint> parse_iso8601(std::string_view s) {
  using namespace std::chrono;
  std::size_t pos = 0;
  int y = read_digits(s, pos, 4);
  if (y < 0 || !expect(s, pos, '-')) return bad(s, "expected YYYY-MM-DD");
  int mo = read_digits(s, pos, 2);
  if (mo < 0 || !expect(s, pos, '-')) return bad(s, "expected YYYY-MM-DD");
  int d = read_digits(s, pos, 2);
  if (d < 0) return bad(s, "expected YYYY-MM-DD");
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return bad(s, "no such date");
  TimePoint t = time_point_cast<Micros>(sys_days(ymd));
  if (pos == s.size()) return t;
  if (s[pos] != 'T' && s[pos] != 't' && s[pos] != ' ') return bad(s, "expected 'T' after date");
  ++pos;
  int hh = read_digits(s, pos, 2);
  if (hh < 0 || !expect(s, pos, ':')) return bad(s, "expected HH:MM");
  int mm = read_digits(s, pos, 2);
  if (mm < 0) return bad(s, "expected HH:MM");
  int ss = 0;
  int64_t frac_us = 0;
  if (expect(s, pos, ':')) {
    ss = read_digits(s, pos, 2);
    if (ss < 0) return bad(s, "expected seconds");
    if (expect(s, pos, '.')) {
      int digits = 0;
      while (pos < s.size() && std::isdigit(static_cast<unsigned char>(s[pos]))) {
        if (digits < 6) frac_us = frac_us * 10 + (s[pos] - '0');
        ++digits;
        ++pos;
      }
      if (digits == 0) return bad(s, "expected fraction digits");
      for (int i = digits; i < 6; ++i) frac_us *= 10;
    }
  }
  if (hh > 23 || mm > 59 || ss > 59) return bad(s, "time of day out of range");
  t += hours(hh) + minutes(mm) + seconds(ss) + Micros(frac_us);
  if (pos == s.size()) return t;
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int sign = s[pos] == '+' ? 1 : -1;
    ++pos;
    int oh = read_digits(s, pos, 2);
    if (oh < 0 || !expect(s, pos, ':')) return bad(s, "expected offset +HH:MM");
    int om = read_digits(s, pos, 2);
    if (om < 0 || oh > 23 || om > 59) return bad(s, "expected offset +HH:MM");
    t -= sign * (hours(oh) + minutes(om));
  } else {
    return bad(s, "unexpected characters after time");
  }
  if (pos != s.size()) return bad(s, "unexpected characters after offset");
  return t;
}

TimePoint min_accepted_instant() {
  using namespace std::chrono;
  return time_point_cast<Micros>(sys_days(year(2000) / January / 1));
}

TimePoint max_accepted_instant() {
  using namespace std::chrono;
  return time_point_cast<Micros>(sys_days(year(2101) / January / 1));
}

Result<TimePoint> parse_instant(std::string_view text, DateOnly date_only) {
  auto t = parse_iso8601(text);
  if (!t.ok()) {
    return Error::make(ErrorCode::kInvalidArgument,
                       "must be an ISO 8601 timestamp with Z or a +hh:mm offset, e.g. "
                       "2026-11-24T07:30:00Z");
  }
  // parse_iso8601 took the text; what follows the date and the time decides the rest.
  bool bare_date = text.size() == 10;
  if (bare_date && date_only == DateOnly::kReject) {
    return Error::make(ErrorCode::kInvalidArgument,
                       "must be a timestamp with a time and an offset, e.g. 2026-11-24T07:30:00Z");
  }
  if (!bare_date) {
    char last = text.back();
    bool zulu = last == 'Z' || last == 'z';
    bool offset =
        text.size() >= 6 && (text[text.size() - 6] == '+' || text[text.size() - 6] == '-');
    if (!zulu && !offset) {
      return Error::make(ErrorCode::kInvalidArgument,
                         "must carry a UTC offset (Z or +hh:mm); a local time without an offset "
                         "is ambiguous");
    }
  }
  if (*t < min_accepted_instant() || *t >= max_accepted_instant()) {
    return Error::make(ErrorCode::kInvalidArgument,
                       "must lie between 2000-01-01T00:00:00Z and 2100-12-31T23:59:59Z");
  }
  return t;
}

}  // namespace kerf
