// Badges and PINs of shop-floor stations. A badge (what the reader or keypad sends, e.g.
// "B-1001") is never stored: only badge_key(badge), a keyed BLAKE2b hash, deterministic so that
// a scan can be looked up. The PIN (4-8 digits) is stored as argon2id like a password.
#pragma once

#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::app {

inline constexpr std::size_t kMaxBadgeLength = 64;

// The badge as matched: surrounding whitespace removed, ASCII letters upper-cased (a keyed-in
// "b-1001" is the scanned "B-1001").
std::string normalize_badge(std::string_view badge);

// Field error "badge" unless the normalised badge is 3..64 printable ASCII characters without
// spaces.
Status check_badge(std::string_view normalized_badge);

// Field error "pin" unless the PIN is 4..8 ASCII digits.
Status check_pin(std::string_view pin);

// 64 hex characters: keyed BLAKE2b-256 of the normalised badge.
std::string badge_key(std::string_view normalized_badge);

}  // namespace kerf::app
