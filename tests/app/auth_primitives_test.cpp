#include <gtest/gtest.h>

#include <set>

#include "kerf/app/login_throttle.h"
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

TEST(LoginThrottle, FifthFailureBlocksUsernameUntilWindowPasses) {
  ManualClock clock(TimePoint{} + std::chrono::hours(1000));
  LoginThrottle t(clock);
  for (int i = 0; i < 4; ++i) {
    ASSERT_TRUE(t.check("alice", "10.0.0.1").ok());
    t.record_failure("alice", "10.0.0.1");
    clock.advance(minutes(1));
  }
  ASSERT_TRUE(t.check("alice", "10.0.0.2").ok());
  t.record_failure("alice", "10.0.0.2");  // 5th failure at t0 + 4 min
  auto s = t.check("ALICE", "10.0.0.3");  // usernames are case-insensitive
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code, ErrorCode::kResourceExhausted);
  // First failure at t0 ages out at t0 + 15 min; now is t0 + 4 min → 11 min to wait.
  EXPECT_EQ(retry_after_seconds(s.error()), 11 * 60);
  EXPECT_NE(s.error().message.find("660"), std::string::npos);
  // Other usernames from other clients are unaffected.
  EXPECT_TRUE(t.check("bob", "10.0.0.9").ok());
  clock.advance(minutes(11) - seconds(1));
  EXPECT_FALSE(t.check("alice", "10.0.0.3").ok());
  EXPECT_EQ(retry_after_seconds(t.check("alice", "x").error()), 1);
  clock.advance(seconds(1));
  EXPECT_TRUE(t.check("alice", "10.0.0.3").ok());
}

TEST(LoginThrottle, ClientKeyBlocksAcrossUsernames) {
  ManualClock clock(TimePoint{} + std::chrono::hours(1000));
  LoginThrottle t(clock);
  for (int i = 0; i < 5; ++i) t.record_failure("user" + std::to_string(i), "evil-client");
  auto s = t.check("someone-new", "evil-client");
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(retry_after_seconds(s.error()), 15 * 60);
  EXPECT_TRUE(t.check("someone-new", "good-client").ok());
}

TEST(LoginThrottle, SuccessClearsUsernameButFailuresOutsideWindowDoNotCount) {
  ManualClock clock(TimePoint{} + std::chrono::hours(1000));
  LoginThrottle t(clock);
  for (int i = 0; i < 4; ++i) t.record_failure("carol", "");
  t.record_success("carol");
  t.record_failure("carol", "");
  EXPECT_TRUE(t.check("carol", "").ok());
  // Failures spread over more than the window never reach the limit.
  for (int i = 0; i < 20; ++i) {
    t.record_failure("dave", "");
    clock.advance(minutes(4));
    EXPECT_TRUE(t.check("dave", "").ok()) << i;
  }
}

TEST(LoginThrottle, TrackedKeysAreBounded) {
  ManualClock clock(TimePoint{} + std::chrono::hours(1000));
  LoginThrottle t(clock, {.max_failures = 5, .window = minutes(15), .max_tracked_keys = 10});
  for (int i = 0; i < 100; ++i) t.record_failure("u" + std::to_string(i), "");
  for (int i = 0; i < 4; ++i) t.record_failure("victim", "");
  t.record_failure("victim", "");
  EXPECT_FALSE(t.check("victim", "").ok());
}

}  // namespace
}  // namespace kerf::app
