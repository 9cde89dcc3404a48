#include "kerf/app/password.h"

#include <sodium.h>

#include <mutex>
#include <stdexcept>

namespace kerf::app {

PasswordHashOptions PasswordHashOptions::interactive() {
  return {crypto_pwhash_argon2id_OPSLIMIT_INTERACTIVE, crypto_pwhash_argon2id_MEMLIMIT_INTERACTIVE};
}

PasswordHashOptions PasswordHashOptions::minimum() {
  return {crypto_pwhash_argon2id_OPSLIMIT_MIN, crypto_pwhash_argon2id_MEMLIMIT_MIN};
}

void ensure_sodium() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (sodium_init() < 0) throw std::runtime_error("sodium_init failed");
  });
}

Result<std::string> hash_password(std::string_view password, const PasswordHashOptions& options) {
  ensure_sodium();
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), options.ops_limit,
                            options.mem_limit, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Error::internal("password hashing ran out of memory");
  }
  return std::string(out);
}

bool verify_password(std::string_view encoded, std::string_view password) {
  ensure_sodium();
  // crypto_pwhash_str_verify needs a NUL-terminated string of at most STRBYTES - 1 characters.
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return false;
  if (encoded.rfind("$argon2id$", 0) != 0) return false;
  std::string copy(encoded);
  return crypto_pwhash_str_verify(copy.c_str(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view encoded, const PasswordHashOptions& options) {
  ensure_sodium();
  if (encoded.empty() || encoded.size() >= crypto_pwhash_STRBYTES) return true;
  std::string copy(encoded);
  return crypto_pwhash_str_needs_rehash(copy.c_str(), options.ops_limit, options.mem_limit) != 0;
}

}  // namespace kerf::app
