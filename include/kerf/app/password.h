// Password hashing with argon2id (libsodium crypto_pwhash_str_alg, ALG_ARGON2ID13).
// The encoded hash string carries algorithm, salt and limits, so verification needs no options.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::app {

// Work factors for argon2id. Production uses interactive(); tests and benchmarks use minimum().
struct PasswordHashOptions {
  unsigned long long ops_limit = 0;
  std::size_t mem_limit = 0;

  // libsodium's INTERACTIVE limits (2 passes, 64 MiB): the production default.
  static PasswordHashOptions interactive();
  // libsodium's MIN limits (1 pass, 8 KiB): only for tests and benchmarks.
  static PasswordHashOptions minimum();
};

// Calls sodium_init() once per process (thread-safe). Throws std::runtime_error if it fails.
void ensure_sodium();

// Hashes `password` with argon2id and a fresh random salt. Fails (kInternal) only if libsodium
// cannot allocate the memory limit.
Result<std::string> hash_password(std::string_view password, const PasswordHashOptions& options);

// True iff `encoded` is an argon2id hash of `password`. Malformed hashes verify false.
bool verify_password(std::string_view encoded, std::string_view password);

// True iff `encoded` was made with limits other than `options` (rehash on next login).
bool password_needs_rehash(std::string_view encoded, const PasswordHashOptions& options);

}  // namespace kerf::app
