#include "kerf/app/badge.h"

#include <sodium.h>

#include <cctype>

#include "kerf/app/password.h"

namespace kerf::app {
namespace {

// The hash key: fixed per application so that every node computes the same key for a badge.
// It separates badge keys from any other BLAKE2b use; the secret part of sign-in is the PIN.
constexpr unsigned char kBadgeHashKey[crypto_generichash_KEYBYTES] = {
    'k',  'e',  'r',  'f',  '.',  'b',  'a',  'd',  'g',  'e',  '.',  'v',  '1',  0x5e, 0x17, 0xa3,
    0x42, 0x9c, 0x0b, 0xd8, 0x71, 0x6e, 0xf4, 0x23, 0x88, 0x1a, 0xc5, 0x3d, 0x90, 0x66, 0x2f, 0xb1};

}  // namespace

std::string normalize_badge(std::string_view badge) {
  std::size_t b = 0;
  std::size_t e = badge.size();
  while (b < e && std::isspace(static_cast<unsigned char>(badge[b]))) ++b;
  while (e > b && std::isspace(static_cast<unsigned char>(badge[e - 1]))) --e;
  std::string out;
  out.reserve(e - b);
  for (std::size_t i = b; i < e; ++i) {
    out.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(badge[i]))));
  }
  return out;
}

Status check_badge(std::string_view badge) {
  if (badge.size() < 3 || badge.size() > kMaxBadgeLength) {
    return Error::invalid("badge", "must be 3..64 characters");
  }
  for (char c : badge) {
    if (c <= ' ' || c > '~') {
      return Error::invalid("badge", "must be printable ASCII characters without spaces");
    }
  }
  return ok_status();
}

Status check_pin(std::string_view pin) {
  bool digits = !pin.empty();
  for (char c : pin) digits = digits && c >= '0' && c <= '9';
  if (!digits || pin.size() < 4 || pin.size() > 8) {
    return Error::invalid("pin", "must be 4 to 8 digits");
  }
  return ok_status();
}

std::string badge_key(std::string_view badge) {
  ensure_sodium();
  unsigned char out[32];
  crypto_generichash(out, sizeof out, reinterpret_cast<const unsigned char*>(badge.data()),
                     badge.size(), kBadgeHashKey, sizeof kBadgeHashKey);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(64);
  for (unsigned char c : out) {
    hex.push_back(kHex[c >> 4]);
    hex.push_back(kHex[c & 15]);
  }
  return hex;
}

}  // namespace kerf::app
