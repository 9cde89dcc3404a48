// Users (with password hashes, kept out of the model) and welder certifications.
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>

#include "kerf/core/result.h"
#include "kerf/model/user.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- user (users) ----
// list_users: filters {active, username}; search over {username, display_name};
// sort by {id, username, display_name}; date range (from/to) on none.
Result<model::User> get_user(Tx& tx, int64_t id);  // kNotFound "user 12 not found"
Result<Page<model::User>> list_users(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::User> insert_user(Tx& tx, const model::User& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::User> update_user(Tx& tx, const model::User& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_user(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// ---- certification (certifications) ----
// list_certifications: filters {user_id, wps}; search over {wps};
// sort by {id, wps, expires, user_id}; date range (from/to) on expires.
Result<model::Certification> get_certification(
    Tx& tx, int64_t id);  // kNotFound "certification 12 not found"
Result<Page<model::Certification>> list_certifications(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::Certification> insert_certification(Tx& tx, const model::Certification& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::Certification> update_certification(Tx& tx, const model::Certification& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_certification(Tx& tx, int64_t id,
                            std::optional<int64_t> expected_version = std::nullopt);

struct UserCredentials {
  model::User user;
  std::string password_hash;  // "" when no password was ever set
};
// Looks a user up by exact username; nullopt when absent.
Result<std::optional<UserCredentials>> find_user_by_username(Tx& tx, const std::string& username);
// Stores a new password hash for the user (does not change the user's version).
Status set_password_hash(Tx& tx, int64_t user_id, const std::string& password_hash);

struct BadgeCredentials {
  model::User user;
  std::string pin_hash;
};
// The user whose badge key (keyed hash of the badge, app/badge.h) is `badge_key`; nullopt when
// none.
Result<std::optional<BadgeCredentials>> find_user_by_badge_key(Tx& tx,
                                                               const std::string& badge_key);
// Sets (badge_key and pin_hash non-empty) or clears (both empty) a user's badge; does not
// change the user's version. kConflict (field "badge") when another user has the badge key,
// kNotFound when the user is missing.
Status set_badge(Tx& tx, int64_t user_id, const std::string& badge_key,
                 const std::string& pin_hash);
// True when the user has a badge.
Result<bool> has_badge(Tx& tx, int64_t user_id);
// The ids of all users who have a badge.
Result<std::set<int64_t>> badge_holders(Tx& tx);

}  // namespace kerf::store
