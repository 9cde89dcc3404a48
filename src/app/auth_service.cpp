#include "kerf/app/auth_service.h"

#include <mutex>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/badge.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/session_token.h"
#include "kerf/model/validation.h"

namespace kerf::app {
namespace {

using model::Role;

constexpr const char* kBadCredentials = "invalid username or password";
constexpr const char* kBadBadge = "invalid badge or PIN";

Error unauthenticated(std::string message) {
  return Error::make(ErrorCode::kUnauthenticated, std::move(message));
}

// A hash of a random password, verified against when the user does not exist so that unknown
// and known usernames cost the same time.
const std::string& dummy_hash(const PasswordHashOptions& options) {
  static std::once_flag once;
  static std::string hash;
  std::call_once(once, [&] {
    auto h = hash_password("kerf-dummy-password-for-timing", options);
    hash = h.ok() ? *h : std::string();
  });
  return hash;
}

}  // namespace

Status check_password_policy(std::string_view password, const std::string& field) {
  if (password.size() < kMinPasswordLength) {
    return Error::invalid(field,
                          "must be at least " + std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return Error::invalid(field,
                          "must be at most " + std::to_string(kMaxPasswordLength) + " characters");
  }
  return ok_status();
}

AuthService::AuthService(store::Database& db, Env& env, ChangeRunner& changes, AuthOptions options)
    : db_(db),
      env_(env),
      changes_(changes),
      options_(options),
      throttle_(db, env.clock(), options.throttle) {
  ensure_sodium();
}

Result<LoginResult> AuthService::login(std::string_view username, std::string_view password,
                                       std::string_view client_key) {
  model::FieldErrors errors;
  if (username.empty()) errors.add("username", "is required");
  if (password.empty()) errors.add("password", "is required");
  if (!errors.empty()) return errors.status().error();
  if (username.size() > 64 || password.size() > kMaxPasswordLength) {
    return unauthenticated(kBadCredentials);
  }
  if (auto s = throttle_.admit(username, client_key); !s.ok()) return s.error();

  auto found = db_.read([&](store::Tx& tx) { return repo::find_user(tx, username); });
  if (!found.ok()) return found.error();
  bool known = found->has_value() && (*found)->user.active;
  bool verified = known ? verify_password((*found)->password_hash, password)
                        : (verify_password(dummy_hash(options_.password), password), false);
  if (!verified) {
    if (auto s = throttle_.record_failure(client_key); !s.ok()) return s.error();
    return unauthenticated(kBadCredentials);
  }
  const model::User& user = (*found)->user;
  std::string rehash;
  if (password_needs_rehash((*found)->password_hash, options_.password)) {
    if (auto h = hash_password(password, options_.password); h.ok()) rehash = *h;
  }
  return open_session(user, false, username, client_key, rehash);
}

Result<LoginResult> AuthService::badge_login(std::string_view badge, std::string_view pin,
                                             std::string_view client_key) {
  model::FieldErrors errors;
  if (badge.empty()) errors.add("badge", "is required");
  if (pin.empty()) errors.add("pin", "is required");
  if (!errors.empty()) return errors.status().error();
  const std::string normalized = normalize_badge(badge);
  if (!check_badge(normalized).ok() || !check_pin(pin).ok()) {
    return unauthenticated(kBadBadge);
  }
  const std::string key = badge_key(normalized);
  // No username contains ':', so badge keys never share a throttle row with a username.
  const std::string throttle_key = "badge:" + key;
  if (auto s = throttle_.admit(throttle_key, client_key); !s.ok()) return s.error();

  auto found = db_.read([&](store::Tx& tx) { return repo::find_user_by_badge(tx, key); });
  if (!found.ok()) return found.error();
  bool known = found->has_value() && (*found)->user.active;
  bool verified = known ? verify_password((*found)->pin_hash, pin)
                        : (verify_password(dummy_hash(options_.password), pin), false);
  if (!verified) {
    if (auto s = throttle_.record_failure(client_key); !s.ok()) return s.error();
    return unauthenticated(kBadBadge);
  }
  return open_session((*found)->user, true, throttle_key, client_key, "");
}

Result<LoginResult> AuthService::open_session(const model::User& user, bool station,
                                              std::string_view throttle_key,
                                              std::string_view client_key,
                                              const std::string& password_rehash) {
  auto token = make_session_token(env_);
  auto now = env_.now();
  auto expires = now + (station ? options_.station_idle : options_.session_ttl);
  auto status = db_.transact([&](store::Tx& tx) -> Status {
    if (!password_rehash.empty()) {
      if (auto s = repo::set_password_hash(tx, user.id, password_rehash); !s.ok()) return s;
    }
    return repo::insert_session(tx, token.token_hash, user.id, now, expires, station);
  });
  if (!status.ok()) return status.error();
  if (auto s = throttle_.record_success(throttle_key, client_key); !s.ok()) return s.error();
  return LoginResult{std::move(token.token), user, expires, station};
}

Result<Principal> AuthService::authenticate(std::string_view token) {
  if (token.empty() || token.size() > 256) return unauthenticated("missing or invalid session");
  std::string hash = hash_session_token(token);
  auto now = env_.now();
  struct Found {
    repo::SessionRecord session;
    model::User user;
  };
  auto found = db_.read([&](store::Tx& tx) -> Result<std::optional<Found>> {
    auto s = repo::find_session(tx, hash);
    if (!s.ok()) return s.error();
    if (!s->has_value()) return std::optional<Found>();
    auto u = repo::get<model::User>(tx, (*s)->user_id);
    if (!u.ok()) {
      if (u.error().code == ErrorCode::kNotFound) return std::optional<Found>();
      return u.error();
    }
    return std::optional<Found>(Found{**s, *u});
  });
  if (!found.ok()) return found.error();
  if (!found->has_value()) return unauthenticated("missing or invalid session");
  const auto& [session, user] = **found;
  if (session.expires_at <= now) return unauthenticated("session expired");
  if (!user.active) return unauthenticated("missing or invalid session");

  // Sliding expiry, written at most once a minute per session (a station session: once per
  // tenth of its idle timeout), capped by the max lifetime.
  const auto idle = session.station ? options_.station_idle : options_.session_ttl;
  const std::chrono::microseconds step =
      std::min<std::chrono::microseconds>(std::chrono::minutes(1), idle / 10);
  auto wanted = std::min(now + idle, session.created_at + options_.session_max_lifetime);
  auto expires = session.expires_at;
  if (wanted - session.expires_at >= step) {
    const auto session_id = session.id;  // clang-14: no structured bindings in lambda captures
    auto s =
        db_.transact([&](store::Tx& tx) { return repo::extend_session(tx, session_id, wanted); });
    if (!s.ok()) return s.error();
    expires = wanted;
  }
  Principal who;
  who.user_id = user.id;
  who.username = user.username;
  who.roles = user.roles;
  who.station = session.station;
  who.session_expires = expires;
  return who;
}

Status AuthService::logout(std::string_view token) {
  if (token.empty() || token.size() > 256) return ok_status();
  std::string hash = hash_session_token(token);
  return db_.transact([&](store::Tx& tx) { return repo::delete_session(tx, hash); });
}

Result<int64_t> AuthService::purge_expired_sessions() {
  auto now = env_.now();
  // Stale login throttle keys go with the expired sessions (same background loop).
  if (auto purged = throttle_.purge_stale(); !purged.ok()) return purged.error();
  return db_.transact([&](store::Tx& tx) { return repo::delete_expired_sessions(tx, now); });
}

Result<model::User> AuthService::create_user(const Principal& who, const NewUser& input) {
  if (auto s = authorize(who, Permission::kManageUsers); !s.ok()) return s.error();
  model::User user;
  user.username = input.username;
  user.display_name = input.display_name;
  user.roles = input.roles;
  user.active = true;
  model::FieldErrors errors;
  errors.merge("", user.validate());
  errors.merge("", check_password_policy(input.password, "password"));
  if (!errors.empty()) return errors.status().error();
  auto hash = hash_password(input.password, options_.password);
  if (!hash.ok()) return hash.error();
  return changes_.run(who, [&](Change& c) -> Result<model::User> {
    auto existing = repo::find_user(c.tx(), user.username);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) {
      Error e = Error::conflict("username " + user.username + " is taken");
      e.fields.push_back({"username", "is taken"});
      return e;
    }
    auto created = repo::insert_user(c.tx(), user, *hash);
    if (!created.ok()) return created.error();
    if (auto s = c.audit("user", created->id, "create", nullptr, json_of(*created)); !s.ok()) {
      return s.error();
    }
    if (auto s = c.emit(
            "user.created",
            {{"id", created->id}, {"version", created->version}, {"username", created->username}});
        !s.ok()) {
      return s.error();
    }
    return created;
  });
}

Result<model::User> AuthService::set_roles(const Principal& who, int64_t user_id,
                                           const std::set<model::Role>& roles,
                                           std::optional<int64_t> expected_version) {
  if (auto s = authorize(who, Permission::kManageUsers); !s.ok()) return s.error();
  if (roles.empty()) return Error::invalid("roles", "must not be empty");
  if (roles.count(Role::kAgent)) {
    return Error::invalid("roles", "agent is the shop agents' own role, not assignable to a user");
  }
  if (who.user_id == user_id && !roles.count(Role::kAdmin)) {
    return Error::invalid("roles", "an admin cannot remove their own admin role");
  }
  return changes_.run(who, [&](Change& c) -> Result<model::User> {
    auto before = repo::get<model::User>(c.tx(), user_id);
    if (!before.ok()) return before.error();
    if (auto s = check_version("user", user_id, before->version, expected_version); !s.ok()) {
      return s.error();
    }
    model::User after = *before;
    after.roles = roles;
    if (auto s = after.validate(); !s.ok()) return s.error();
    auto saved = repo::update(c.tx(), after);
    if (!saved.ok()) return saved.error();
    if (auto s = c.audit("user", user_id, "set_roles", json_of(*before), json_of(*saved));
        !s.ok()) {
      return s.error();
    }
    if (auto s = c.emit("user.updated", {{"id", user_id}, {"version", saved->version}}); !s.ok()) {
      return s.error();
    }
    return saved;
  });
}

Result<model::User> AuthService::deactivate(const Principal& who, int64_t user_id,
                                            std::optional<int64_t> expected_version) {
  if (auto s = authorize(who, Permission::kManageUsers); !s.ok()) return s.error();
  if (who.user_id == user_id) return Error::precondition("you cannot deactivate yourself");
  return changes_.run(who, [&](Change& c) -> Result<model::User> {
    auto before = repo::get<model::User>(c.tx(), user_id);
    if (!before.ok()) return before.error();
    if (auto s = check_version("user", user_id, before->version, expected_version); !s.ok()) {
      return s.error();
    }
    if (!before->active) return Error::precondition("user " + before->username + " is inactive");
    model::User after = *before;
    after.active = false;
    auto saved = repo::update(c.tx(), after);
    if (!saved.ok()) return saved.error();
    if (auto s = repo::delete_user_sessions(c.tx(), user_id, ""); !s.ok()) return s.error();
    if (auto s = c.audit("user", user_id, "deactivate", json_of(*before), json_of(*saved));
        !s.ok()) {
      return s.error();
    }
    if (auto s = c.emit("user.deactivated", {{"id", user_id}, {"version", saved->version}});
        !s.ok()) {
      return s.error();
    }
    return saved;
  });
}

Status AuthService::change_password(const Principal& who, int64_t user_id,
                                    std::string_view current_password,
                                    std::string_view new_password) {
  bool admin = who.has_role(Role::kAdmin);
  if (!admin && who.user_id != user_id) {
    return Error::make(ErrorCode::kPermissionDenied,
                       "role admin required to change another user's password");
  }
  if (auto s = check_password_policy(new_password, "new_password"); !s.ok()) return s;
  auto target = db_.read([&](store::Tx& tx) { return repo::get<model::User>(tx, user_id); });
  if (!target.ok()) return target.error();
  if (!admin) {
    auto rec = db_.read([&](store::Tx& tx) { return repo::find_user(tx, target->username); });
    if (!rec.ok()) return rec.error();
    if (!rec->has_value() || !verify_password((*rec)->password_hash, current_password)) {
      Error e = unauthenticated("current_password: does not match");
      e.fields.push_back({"current_password", "does not match"});
      return e;
    }
  }
  auto hash = hash_password(new_password, options_.password);
  if (!hash.ok()) return hash.error();
  return changes_.run(who, [&](Change& c) -> Status {
    if (auto s = repo::set_password_hash(c.tx(), user_id, *hash); !s.ok()) return s;
    if (auto s = repo::delete_user_sessions(c.tx(), user_id, ""); !s.ok()) return s;
    nlohmann::json facts = {{"id", user_id}, {"username", target->username}};
    if (auto s = c.audit("user", user_id, "change_password", nullptr, facts); !s.ok()) return s;
    return c.emit("user.password_changed", {{"id", user_id}});
  });
}

Result<model::User> AuthService::set_badge(const Principal& who, int64_t user_id,
                                           std::string_view badge, std::string_view pin) {
  KERF_TRY(authorize(who, Permission::kManageUsers));
  const std::string normalized = normalize_badge(badge);
  model::FieldErrors errors;
  errors.merge("", check_badge(normalized));
  errors.merge("", check_pin(pin));
  if (!errors.empty()) return errors.status().error();
  const std::string key = badge_key(normalized);
  auto pin_hash = hash_password(pin, options_.password);
  if (!pin_hash.ok()) return pin_hash.error();
  return changes_.run(who, [&](Change& c) -> Result<model::User> {
    auto before = repo::get<model::User>(c.tx(), user_id);
    if (!before.ok()) return before.error();
    auto had = repo::has_badge(c.tx(), user_id);
    if (!had.ok()) return had.error();
    KERF_TRY(repo::set_badge(c.tx(), user_id, key, *pin_hash));
    auto saved = repo::update(c.tx(), *before);  // bumps the version: the user changed
    if (!saved.ok()) return saved.error();
    // Never the badge or the PIN: only that there is one.
    nlohmann::json before_facts = {
        {"id", user_id}, {"username", before->username}, {"has_badge", *had}};
    nlohmann::json after_facts = {
        {"id", user_id}, {"username", saved->username}, {"has_badge", true}};
    KERF_TRY(c.audit("user", user_id, "set_badge", before_facts, after_facts));
    KERF_TRY(c.emit("user.updated", {{"id", user_id}, {"version", saved->version}}));
    return saved;
  });
}

Result<model::User> AuthService::clear_badge(const Principal& who, int64_t user_id) {
  KERF_TRY(authorize(who, Permission::kManageUsers));
  return changes_.run(who, [&](Change& c) -> Result<model::User> {
    auto before = repo::get<model::User>(c.tx(), user_id);
    if (!before.ok()) return before.error();
    auto had = repo::has_badge(c.tx(), user_id);
    if (!had.ok()) return had.error();
    if (!*had) return *before;  // nothing to clear: no change, no audit row
    KERF_TRY(repo::set_badge(c.tx(), user_id, "", ""));
    auto saved = repo::update(c.tx(), *before);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("user", user_id, "clear_badge",
                     {{"id", user_id}, {"username", before->username}, {"has_badge", true}},
                     {{"id", user_id}, {"username", saved->username}, {"has_badge", false}}));
    KERF_TRY(c.emit("user.updated", {{"id", user_id}, {"version", saved->version}}));
    return saved;
  });
}

Result<bool> AuthService::has_badge(const Principal& who, int64_t user_id) {
  if (who.user_id != user_id) KERF_TRY(authorize(who, Permission::kManageUsers));
  return db_.read([&](store::Tx& tx) { return repo::has_badge(tx, user_id); });
}

Result<store::Page<UserRow>> AuthService::list_users(const Principal& who,
                                                     const store::ListQuery& query) {
  if (auto s = authorize(who, Permission::kManageUsers); !s.ok()) return s.error();
  return db_.read([&](store::Tx& tx) -> Result<store::Page<UserRow>> {
    auto users = repo::list<model::User>(tx, query);
    if (!users.ok()) return users.error();
    auto badged = repo::badge_holders(tx);
    if (!badged.ok()) return badged.error();
    store::Page<UserRow> out;
    out.total = users->total;
    for (auto& u : users->items) {
      const bool has = badged->count(u.id) > 0;
      out.items.push_back({std::move(u), has});
    }
    return out;
  });
}

Result<std::string> AuthService::plant_time_zone() {
  auto zone = db_.read([](store::Tx& tx) { return scheduling::plant_zone(tx); });
  if (!zone.ok()) return zone.error();
  return zone->name();
}

Result<model::User> AuthService::get_user(const Principal& who, int64_t user_id) {
  if (who.user_id != user_id) {
    if (auto s = authorize(who, Permission::kManageUsers); !s.ok()) return s.error();
  }
  return db_.read([&](store::Tx& tx) { return repo::get<model::User>(tx, user_id); });
}

}  // namespace kerf::app
