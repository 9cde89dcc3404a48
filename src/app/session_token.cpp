#include "kerf/app/session_token.h"

#include <sodium.h>

#include "kerf/app/password.h"

namespace kerf::app {

std::string base64url_encode(const unsigned char* data, std::size_t size) {
  ensure_sodium();
  std::string out(sodium_base64_ENCODED_LEN(size, sodium_base64_VARIANT_URLSAFE_NO_PADDING), '\0');
  sodium_bin2base64(out.data(), out.size(), data, size, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

std::string hash_session_token(std::string_view token) {
  ensure_sodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(token.data()), token.size());
  char hex[crypto_hash_sha256_BYTES * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, digest, sizeof digest);
  return std::string(hex);
}

NewSessionToken make_session_token(Env& env) {
  unsigned char bytes[32];
  env.secure_random(bytes, sizeof bytes);
  NewSessionToken t;
  t.token = base64url_encode(bytes, sizeof bytes);
  t.token_hash = hash_session_token(t.token);
  sodium_memzero(bytes, sizeof bytes);
  return t;
}

}  // namespace kerf::app
