// Opaque session tokens: 32 random bytes shown to the client once as base64url; the server keeps
// only the SHA-256 of the token text, so a leaked database does not leak live sessions.
#pragma once

#include <string>
#include <string_view>

#include "kerf/core/clock.h"

namespace kerf::app {

struct NewSessionToken {
  std::string token;       // base64url (no padding), 43 characters; give to the client once
  std::string token_hash;  // lower-case hex SHA-256 of `token`; the only thing stored
};

// Draws 32 bytes from env.secure_random() and encodes them.
NewSessionToken make_session_token(Env& env);

// Lower-case hex SHA-256 (libsodium crypto_hash_sha256) of the token text.
std::string hash_session_token(std::string_view token);

// Base64url without padding (RFC 4648 §5).
std::string base64url_encode(const unsigned char* data, std::size_t size);

}  // namespace kerf::app
