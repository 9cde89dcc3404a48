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

}  // namespace kerf
