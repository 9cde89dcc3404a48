#include <gtest/gtest.h>

#include <set>

#include "kerf/app/password.h"
#include "kerf/app/session_token.h"
#include "kerf/core/clock.h"

namespace kerf::app {
namespace {

using std::chrono::minutes;
using std::chrono::seconds;

TEST(Password, HashIsArgon2idAndVerifies) {
  auto h = hash_password("correct horse battery", PasswordHashOptions::minimum());
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u) << *h;
  EXPECT_TRUE(verify_password(*h, "correct horse battery"));
  EXPECT_FALSE(verify_password(*h, "correct horse batterY"));
  EXPECT_FALSE(verify_password(*h, ""));
}

TEST(Password, SaltDiffersPerHash) {
  auto a = hash_password("same password!", PasswordHashOptions::minimum());
  auto b = hash_password("same password!", PasswordHashOptions::minimum());
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_NE(*a, *b);
}

TEST(Password, MalformedHashesNeverVerify) {
  EXPECT_FALSE(verify_password("", "x"));
  EXPECT_FALSE(verify_password("plaintext", "plaintext"));
  EXPECT_FALSE(verify_password("$argon2i$v=19$m=8,t=1,p=1$garbage", "x"));
  EXPECT_FALSE(verify_password(std::string(500, 'a'), "x"));
}

TEST(Password, NeedsRehashWhenLimitsChange) {
  auto h = hash_password("some password", PasswordHashOptions::minimum());
  ASSERT_TRUE(h.ok());
  EXPECT_FALSE(password_needs_rehash(*h, PasswordHashOptions::minimum()));
  EXPECT_TRUE(password_needs_rehash(*h, PasswordHashOptions::interactive()));
}

TEST(SessionToken, Is43CharBase64UrlAndHashIsSha256Hex) {
  ManualClock clock(TimePoint{});
  Env env(clock, 1);
  std::set<std::string> seen;
  for (int i = 0; i < 50; ++i) {
    auto t = make_session_token(env);
    EXPECT_EQ(t.token.size(), 43u);
    EXPECT_EQ(t.token.find_first_not_of(
                  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"),
              std::string::npos);
    EXPECT_EQ(t.token_hash.size(), 64u);
    EXPECT_EQ(t.token_hash, hash_session_token(t.token));
    EXPECT_TRUE(seen.insert(t.token).second);
  }
  // Known SHA-256 test vector ("abc").
  EXPECT_EQ(hash_session_token("abc"),
            "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(SessionToken, Base64UrlVectors) {
  const unsigned char bytes[] = {0xfb, 0xff, 0xfe};
  EXPECT_EQ(base64url_encode(bytes, 3), "-__-");
  const unsigned char two[] = {'h', 'i'};
  EXPECT_EQ(base64url_encode(two, 2), "aGk");
}

}  // namespace
}  // namespace kerf::app
