// AuthService against a real SQLite database: login, sessions, throttling, user admin.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/app_fixture.h"
#include "kerf/app/session_token.h"

namespace kerf::app::testing {
namespace {

using model::Role;
using std::chrono::hours;
using std::chrono::minutes;

class AuthTest : public AppTest {
 protected:
  model::User add_user(const std::string& name, std::set<Role> roles,
                       const std::string& password = "correct horse 1") {
    auto u = app().auth().create_user(system(), {name, "User " + name, password, roles});
    EXPECT_TRUE(u.ok()) << fields_of(u.error());
    return u.ok() ? *u : model::User{};
  }
  Principal principal_of(const model::User& u) { return Principal{u.id, u.username, u.roles}; }
};

TEST_F(AuthTest, LoginIssuesTokenStoresOnlyItsHash) {
  auto user = add_user("alice", {Role::kPlanner});
  auto login = app().auth().login("alice", "correct horse 1", "10.0.0.1");
  ASSERT_TRUE(login.ok()) << login.error().message;
  EXPECT_EQ(login->token.size(), 43u);
  EXPECT_EQ(login->user.id, user.id);
  EXPECT_EQ(login->expires, t0() + hours(12));
  EXPECT_EQ(count("sessions"), 1);
  EXPECT_EQ(count("sessions WHERE token_hash = '" + hash_session_token(login->token) + "'"), 1);
  EXPECT_EQ(count("sessions WHERE token_hash = '" + login->token + "'"), 0);
  // The password itself is stored as an argon2id hash.
  EXPECT_EQ(count("users WHERE password_hash LIKE '$argon2id$%'"), 1);

  auto who = app().auth().authenticate(login->token);
  ASSERT_TRUE(who.ok());
  EXPECT_EQ(who->user_id, user.id);
  EXPECT_EQ(who->username, "alice");
  EXPECT_EQ(who->roles, std::set<Role>{Role::kPlanner});
}

TEST_F(AuthTest, WrongPasswordAndUnknownUserLookTheSame) {
  add_user("bob", {Role::kOperator});
  auto wrong = app().auth().login("bob", "not the password", "c1");
  auto unknown = app().auth().login("nobody", "not the password", "c2");
  ASSERT_FALSE(wrong.ok());
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(wrong.error().message, unknown.error().message);
  EXPECT_EQ(count("sessions"), 0);
  auto empty = app().auth().login("", "", "c3");
  EXPECT_TRUE(has_field(empty.error(), "username"));
  EXPECT_TRUE(has_field(empty.error(), "password"));
}

TEST_F(AuthTest, FailuresThrottleTheUsernameOnlyFromThatAddressWithGrowingDelays) {
  add_user("carol", {Role::kOperator});
  for (int i = 0; i < 5; ++i) {
    auto r = app().auth().login("carol", "guess number " + std::to_string(i), "ip-attacker");
    EXPECT_EQ(r.error().code, ErrorCode::kUnauthenticated);
  }
  // Even the right password is refused from the attacker's address...
  auto throttled = app().auth().login("CAROL", "correct horse 1", "ip-attacker");
  ASSERT_FALSE(throttled.ok());
  EXPECT_EQ(throttled.error().code, ErrorCode::kResourceExhausted);
  EXPECT_EQ(retry_after_seconds(throttled.error()), 30);  // blocked 30 s after the 5th failure
  // ...but carol logs in from her own address.
  EXPECT_TRUE(app().auth().login("carol", "correct horse 1", "ip-carol").ok());
  // Each further failure doubles the delay: 60 s, 120 s, ... capped at 15 min.
  std::vector<long long> waits;
  for (int i = 0; i < 7; ++i) {
    auto blocked = app().auth().login("carol", "x", "ip-attacker");
    ASSERT_EQ(blocked.error().code, ErrorCode::kResourceExhausted);
    waits.push_back(retry_after_seconds(blocked.error()));
    clock_.advance(std::chrono::seconds(waits.back()));
    EXPECT_EQ(app().auth().login("carol", "wrong again!", "ip-attacker").error().code,
              ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(waits, (std::vector<long long>{30, 60, 120, 240, 480, 900, 900}));
}

TEST_F(AuthTest, SuccessResetsItsKeyAndStaleKeysArePurged) {
  add_user("dave", {Role::kOperator});
  for (int i = 0; i < 4; ++i) (void)app().auth().login("dave", "wrong password", "ip-1");
  ASSERT_TRUE(app().auth().login("dave", "correct horse 1", "ip-1").ok());
  for (int i = 0; i < 4; ++i) {
    EXPECT_EQ(app().auth().login("dave", "wrong password", "ip-1").error().code,
              ErrorCode::kUnauthenticated);
  }
  EXPECT_EQ(count("login_failures WHERE username = 'dave'"), 1);
  clock_.advance(hours(2));
  ASSERT_TRUE(app().auth().purge_expired_sessions().ok());
  EXPECT_EQ(count("login_failures"), 0);
}

TEST_F(AuthTest, AddressCeilingStopsSprayingManyUsernames) {
  const int ceiling = app().auth().throttle().options().address_free_failures;
  for (int i = 0; i < ceiling; ++i) {
    auto r = app().auth().login("user" + std::to_string(i), "x1234567890", "bad-bot");
    ASSERT_EQ(r.error().code, ErrorCode::kUnauthenticated) << i;
  }
  add_user("erin", {Role::kOperator});
  auto r = app().auth().login("erin", "correct horse 1", "bad-bot");
  EXPECT_EQ(r.error().code, ErrorCode::kResourceExhausted);
  EXPECT_TRUE(app().auth().login("erin", "correct horse 1", "good-client").ok());
}

TEST_F(AuthTest, SessionsSlideExpireAndLogOut) {
  add_user("erin", {Role::kLead});
  auto login = app().auth().login("erin", "correct horse 1", "c");
  ASSERT_TRUE(login.ok());
  clock_.advance(hours(11));
  ASSERT_TRUE(app().auth().authenticate(login->token).ok());  // slides to t0 + 23 h
  clock_.advance(hours(11));
  ASSERT_TRUE(app().auth().authenticate(login->token).ok());  // t0 + 22 h < 23 h
  clock_.advance(hours(12) + minutes(1));                     // idle longer than 12 h
  auto expired = app().auth().authenticate(login->token);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kUnauthenticated);
  auto purged = app().auth().purge_expired_sessions();
  ASSERT_TRUE(purged.ok());
  EXPECT_EQ(*purged, 1);

  auto second = app().auth().login("erin", "correct horse 1", "c");
  ASSERT_TRUE(second.ok());
  ASSERT_TRUE(app().auth().logout(second->token).ok());
  EXPECT_EQ(app().auth().authenticate(second->token).error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(app().auth().logout(second->token).ok());  // idempotent
  EXPECT_EQ(app().auth().authenticate("garbage").error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(app().auth().authenticate("").error().code, ErrorCode::kUnauthenticated);
}

TEST_F(AuthTest, SlidingStopsAtTheMaximumLifetime) {
  add_user("fay", {Role::kLead});
  auto login = app().auth().login("fay", "correct horse 1", "c");
  ASSERT_TRUE(login.ok());
  for (int i = 0; i < 7 * 2; ++i) {
    clock_.advance(hours(11));
    if (!app().auth().authenticate(login->token).ok()) break;
  }
  // 7 days after login the session is gone whatever the activity.
  clock_.set(t0() + hours(7 * 24) + minutes(1));
  EXPECT_FALSE(app().auth().authenticate(login->token).ok());
}

TEST_F(AuthTest, CreateUserValidatesAndAudits) {
  Counts before = counts();
  auto bad = app().auth().create_user(system(), {"X", "", "short", {}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  for (const char* f : {"username", "display_name", "password", "roles"}) {
    EXPECT_TRUE(has_field(bad.error(), f)) << f << " " << fields_of(bad.error());
  }
  auto denied = app().auth().create_user(as(Role::kPlanner),
                                         {"gina", "Gina", "long enough 1", {Role::kOperator}});
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  EXPECT_EQ(count("users"), 0);
  EXPECT_EQ(counts(), before);

  auto gina = add_user("gina", {Role::kOperator});
  EXPECT_EQ(gina.version, 1);
  auto audit = last_audit();
  EXPECT_EQ(audit.entity, "user");
  EXPECT_EQ(audit.action, "create");
  EXPECT_EQ(audit.actor, "system");
  EXPECT_EQ(audit.after_json->find("argon2"), std::string::npos);
  EXPECT_EQ(nlohmann::json::parse(*audit.after_json)["roles"], nlohmann::json({"operator"}));
  EXPECT_EQ(topics(), std::vector<std::string>{"user.created"});

  auto dup =
      app().auth().create_user(system(), {"gina", "Gina 2", "long enough 1", {Role::kOperator}});
  ASSERT_FALSE(dup.ok());
  EXPECT_EQ(dup.error().code, ErrorCode::kConflict);
  EXPECT_TRUE(has_field(dup.error(), "username"));
}

TEST_F(AuthTest, AdminSetsRolesAndDeactivates) {
  auto admin = add_user("root", {Role::kAdmin});
  auto hank = add_user("hank", {Role::kOperator});
  auto login = app().auth().login("hank", "correct horse 1", "c");
  ASSERT_TRUE(login.ok());

  auto denied = app().auth().set_roles(principal_of(hank), hank.id, {Role::kAdmin});
  EXPECT_EQ(denied.error().code, ErrorCode::kPermissionDenied);
  auto stale = app().auth().set_roles(principal_of(admin), hank.id, {Role::kLead}, 7);
  EXPECT_EQ(stale.error().code, ErrorCode::kConflict);
  auto self_demote = app().auth().set_roles(principal_of(admin), admin.id, {Role::kLead});
  EXPECT_TRUE(has_field(self_demote.error(), "roles"));

  auto promoted =
      app().auth().set_roles(principal_of(admin), hank.id, {Role::kLead, Role::kOperator}, 1);
  ASSERT_TRUE(promoted.ok());
  EXPECT_EQ(promoted->version, 2);
  auto who = app().auth().authenticate(login->token);
  ASSERT_TRUE(who.ok());
  EXPECT_TRUE(who->has_role(Role::kLead));
  EXPECT_EQ(last_audit().action, "set_roles");

  EXPECT_EQ(app().auth().deactivate(principal_of(admin), admin.id).error().code,
            ErrorCode::kFailedPrecondition);
  auto off = app().auth().deactivate(principal_of(admin), hank.id);
  ASSERT_TRUE(off.ok());
  EXPECT_FALSE(off->active);
  EXPECT_EQ(app().auth().authenticate(login->token).error().code, ErrorCode::kUnauthenticated);
  auto relogin = app().auth().login("hank", "correct horse 1", "c");
  EXPECT_EQ(relogin.error().code, ErrorCode::kUnauthenticated);

  auto users = app().auth().list_users(principal_of(admin), {});
  ASSERT_TRUE(users.ok());
  EXPECT_EQ(users->total, 2);
  EXPECT_EQ(app().auth().list_users(principal_of(hank), {}).error().code,
            ErrorCode::kPermissionDenied);
}

TEST_F(AuthTest, ChangePassword) {
  auto admin = add_user("root", {Role::kAdmin});
  auto ivy = add_user("ivy", {Role::kQuality});
  auto other = add_user("jon", {Role::kQuality});
  auto login = app().auth().login("ivy", "correct horse 1", "c");
  ASSERT_TRUE(login.ok());

  auto wrong =
      app().auth().change_password(principal_of(ivy), ivy.id, "nope nope nope", "new password 22");
  EXPECT_EQ(wrong.error().code, ErrorCode::kUnauthenticated);
  EXPECT_TRUE(has_field(wrong.error(), "current_password"));
  auto weak = app().auth().change_password(principal_of(ivy), ivy.id, "correct horse 1", "short");
  EXPECT_TRUE(has_field(weak.error(), "new_password"));
  auto foreign = app().auth().change_password(principal_of(ivy), other.id, "", "new password 22");
  EXPECT_EQ(foreign.error().code, ErrorCode::kPermissionDenied);

  ASSERT_TRUE(app()
                  .auth()
                  .change_password(principal_of(ivy), ivy.id, "correct horse 1", "new password 22")
                  .ok());
  EXPECT_FALSE(app().auth().authenticate(login->token).ok());  // sessions ended
  EXPECT_FALSE(app().auth().login("ivy", "correct horse 1", "c").ok());
  EXPECT_TRUE(app().auth().login("ivy", "new password 22", "c").ok());
  EXPECT_EQ(last_audit().action, "change_password");
  // Admins reset anyone's password without the current one.
  ASSERT_TRUE(
      app().auth().change_password(principal_of(admin), other.id, "", "reset password 9").ok());
  EXPECT_TRUE(app().auth().login("jon", "reset password 9", "c").ok());
}

}  // namespace
}  // namespace kerf::app::testing
