// ISO 8601 / RFC 3339 text for time points, the one time format of every kerf exchange format.
#pragma once

#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf {

// "2026-11-24T07:30:00Z" (seconds precision; fractional seconds only when non-zero).
std::string format_iso8601(TimePoint t);

// Accepts "YYYY-MM-DD", "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" followed by "Z", "+HH:MM" or "-HH:MM"
// (a missing offset means UTC). Rejects impossible dates (2026-02-30) and stray characters.
Result<TimePoint> parse_iso8601(std::string_view text);

// Earliest and latest instant accepted from API bodies, query strings and imports:
// [2000-01-01T00:00:00Z, 2101-01-01T00:00:00Z), i.e. years 2000..2100. Anything outside is a
// typo (year 0000 or 9999) that would poison scheduling metrics.
TimePoint min_accepted_instant();
TimePoint max_accepted_instant();  // exclusive

// What parse_instant does with a date without a time ("2026-12-01").
enum class DateOnly { kReject, kUtcMidnight };

// Strict reading of an instant from outside input: "YYYY-MM-DDTHH:MM[:SS[.ffffff]]" with a
// mandatory "Z" or "+HH:MM"/"-HH:MM" offset (a local time without an offset is refused, never
// guessed as UTC), within [min_accepted_instant(), max_accepted_instant()). With
// DateOnly::kUtcMidnight a bare date is also accepted as 00:00Z of that day. The error
// (kInvalidArgument) message says what is wrong, suitable as a field message.
Result<TimePoint> parse_instant(std::string_view text, DateOnly date_only = DateOnly::kReject);

}  // namespace kerf
