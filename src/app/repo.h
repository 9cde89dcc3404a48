// The app's seam over the store's repositories: every use case reads and writes through these
// functions, so the use cases read the same whatever the repository spelling is.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/event_bus.h"
#include "kerf/core/result.h"
#include "kerf/model/model.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::app::repo {

using store::Tx;

// Generic CRUD for every entity the app writes. get → kNotFound "<entity> <id> not found";
// update checks version (kConflict) and returns the entity with version + 1.
template <typename T>
Result<T> get(Tx& tx, int64_t id);
template <typename T>
Result<T> insert(Tx& tx, const T& entity);
template <typename T>
Result<T> update(Tx& tx, const T& entity);
template <typename T>
Status remove(Tx& tx, int64_t id, int64_t version);
template <typename T>
Result<store::Page<T>> list(Tx& tx, const store::ListQuery& query);
// Number of rows of T's table.
template <typename T>
Result<int64_t> count(Tx& tx);

// Lookups by natural key (nullopt when absent).
Result<std::optional<model::Part>> find_part(Tx& tx, std::string_view number,
                                             std::string_view revision);  // "" = latest revision
Result<std::optional<model::Customer>> find_customer(Tx& tx, std::string_view code);
Result<std::optional<model::HeatLot>> find_heat_lot(Tx& tx, std::string_view number);
Result<std::optional<model::SafetyStock>> find_safety_stock(Tx& tx, model::Material material,
                                                            double thickness_mm);
Result<std::optional<model::Job>> find_job(Tx& tx, std::string_view number);
Result<std::optional<model::WorkCenter>> find_work_center(Tx& tx, std::string_view code);
// The routing of a job, by sequence.
Result<std::vector<model::Operation>> operations_of_job(Tx& tx, int64_t job_id);
// The most recent job (highest id) of a part, if any.
Result<std::optional<model::Job>> latest_job_of_part(Tx& tx, int64_t part_id);
// Free full-sheet quantity (not remnants) of a material/thickness.
Result<int64_t> sheets_on_hand(Tx& tx, model::Material material, double thickness_mm);

// Users with their password hash.
struct UserRecord {
  model::User user;
  std::string password_hash;
};
Result<std::optional<UserRecord>> find_user(Tx& tx, std::string_view username);
Result<model::User> insert_user(Tx& tx, const model::User& user, const std::string& hash);
Status set_password_hash(Tx& tx, int64_t user_id, const std::string& hash);
// Users by badge key (app/badge.h) with their PIN hash; badge set/clear (kConflict "badge").
struct BadgeRecord {
  model::User user;
  std::string pin_hash;
};
Result<std::optional<BadgeRecord>> find_user_by_badge(Tx& tx, const std::string& badge_key);
Status set_badge(Tx& tx, int64_t user_id, const std::string& badge_key,
                 const std::string& pin_hash);
Result<bool> has_badge(Tx& tx, int64_t user_id);
Result<std::set<int64_t>> badge_holders(Tx& tx);  // ids of the users with a badge

// Sessions.
struct SessionRecord {
  int64_t id = 0;
  int64_t user_id = 0;
  TimePoint created_at;
  TimePoint expires_at;
  bool station = false;
};
Status insert_session(Tx& tx, const std::string& token_hash, int64_t user_id, TimePoint created,
                      TimePoint expires, bool station = false);
Result<std::optional<SessionRecord>> find_session(Tx& tx, const std::string& token_hash);
Status extend_session(Tx& tx, int64_t session_id, TimePoint expires);
Status delete_session(Tx& tx, const std::string& token_hash);
// Deletes the user's sessions except `keep_token_hash` (if non-empty).
Status delete_user_sessions(Tx& tx, int64_t user_id, const std::string& keep_token_hash);
Result<int64_t> delete_expired_sessions(Tx& tx, TimePoint now);

// Audit and outbox.
struct AuditRow {
  TimePoint at;
  int64_t actor_user_id = 0;  // 0 = system (stored NULL)
  std::string actor;
  std::string entity;
  int64_t entity_id = 0;
  std::string action;
  std::string before_json;  // "" = NULL
  std::string after_json;
};
Status append_audit(Tx& tx, const AuditRow& row);
Result<int64_t> append_event(Tx& tx, const std::string& topic, const std::string& payload,
                             TimePoint at);
// Unpublished events created before `before`, oldest first.
Result<std::vector<Event>> fetch_unpublished(Tx& tx, TimePoint before, int64_t max);
// Marks an event published; false if someone else already had.
Result<bool> claim_event(Tx& tx, int64_t event_id, TimePoint at);

}  // namespace kerf::app::repo
