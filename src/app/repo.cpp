// repo.h over the store's repositories. Natural-key lookups the store does not offer are single
// parameterised SELECTs of the id, followed by the store's get_*.
#include "app/repo.h"

#include "kerf/store/store.h"

namespace kerf::app::repo {
namespace {

// Runs `sql` (one int64 column) and returns the first value, if any.
Result<std::optional<int64_t>> first_id(Tx& tx, std::string_view sql,
                                        std::initializer_list<store::Param> params) {
  auto row = tx.query_one(sql, params);
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<int64_t>();
  return std::optional<int64_t>((*row)->get_int(0));
}

template <typename T, typename Getter>
Result<std::optional<T>> find_by(Tx& tx, std::string_view sql,
                                 std::initializer_list<store::Param> params, Getter getter) {
  auto id = first_id(tx, sql, params);
  if (!id.ok()) return id.error();
  if (!id->has_value()) return std::optional<T>();
  auto entity = getter(tx, **id);
  if (!entity.ok()) return entity.error();
  return std::optional<T>(std::move(*entity));
}

}  // namespace

#define KERF_APP_REPO(Type, name, table)                      \
  template <>                                                 \
  Result<Type> get<Type>(Tx & tx, int64_t id) {               \
    return store::get_##name(tx, id);                         \
  }                                                           \
  template <>                                                 \
  Result<Type> insert<Type>(Tx & tx, const Type& entity) {    \
    return store::insert_##name(tx, entity);                  \
  }                                                           \
  template <>                                                 \
  Result<Type> update<Type>(Tx & tx, const Type& entity) {    \
    return store::update_##name(tx, entity);                  \
  }                                                           \
  template <>                                                 \
  Status remove<Type>(Tx & tx, int64_t id, int64_t version) { \
    return store::delete_##name(tx, id, version);             \
  }                                                           \
  template <>                                                 \
  Result<int64_t> count<Type>(Tx & tx) {                      \
    auto row = tx.query_one("SELECT COUNT(*) FROM " table);   \
    if (!row.ok()) return row.error();                        \
    return (*row)->get_int(0);                                \
  }

#define KERF_APP_REPO_LIST(Type, list_name)                                      \
  template <>                                                                    \
  Result<store::Page<Type>> list<Type>(Tx & tx, const store::ListQuery& query) { \
    return store::list_name(tx, query);                                          \
  }

KERF_APP_REPO(model::Customer, customer, "customers")
KERF_APP_REPO_LIST(model::Customer, list_customers)
KERF_APP_REPO(model::Part, part, "parts")
KERF_APP_REPO_LIST(model::Part, list_parts)
KERF_APP_REPO(model::WorkCenter, work_center, "work_centers")
KERF_APP_REPO_LIST(model::WorkCenter, list_work_centers)
KERF_APP_REPO(model::ShiftCalendar, calendar, "calendars")
KERF_APP_REPO_LIST(model::ShiftCalendar, list_calendars)
KERF_APP_REPO(model::Job, job, "jobs")
KERF_APP_REPO_LIST(model::Job, list_jobs)
KERF_APP_REPO(model::Operation, operation, "job_routings")
KERF_APP_REPO_LIST(model::Operation, list_operations)
KERF_APP_REPO(model::HeatLot, heat_lot, "heat_lots")
KERF_APP_REPO_LIST(model::HeatLot, list_heat_lots)
KERF_APP_REPO(model::SheetStock, sheet, "material_inventory")
KERF_APP_REPO_LIST(model::SheetStock, list_sheets)
KERF_APP_REPO(model::SafetyStock, safety_stock, "safety_stock")
KERF_APP_REPO_LIST(model::SafetyStock, list_safety_stocks)
KERF_APP_REPO(model::ScheduleSlot, schedule_slot, "schedule_slots")
KERF_APP_REPO_LIST(model::ScheduleSlot, list_schedule_slots)
KERF_APP_REPO(model::Tool, tool, "tools")
KERF_APP_REPO_LIST(model::Tool, list_tools)
KERF_APP_REPO(model::User, user, "users")
KERF_APP_REPO_LIST(model::User, list_users)
KERF_APP_REPO(model::Certification, certification, "certifications")
KERF_APP_REPO_LIST(model::Certification, list_certifications)
KERF_APP_REPO(model::Nest, nest, "nests")
KERF_APP_REPO_LIST(model::Nest, list_nests)

#undef KERF_APP_REPO
#undef KERF_APP_REPO_LIST

Result<std::optional<model::Part>> find_part(Tx& tx, std::string_view number,
                                             std::string_view revision) {
  if (revision.empty()) {
    return find_by<model::Part>(
        tx, "SELECT id FROM parts WHERE number = ? ORDER BY revision DESC, id DESC LIMIT 1",
        {number}, store::get_part);
  }
  return find_by<model::Part>(tx, "SELECT id FROM parts WHERE number = ? AND revision = ?",
                              {number, revision}, store::get_part);
}

Result<std::optional<model::Customer>> find_customer(Tx& tx, std::string_view code) {
  return find_by<model::Customer>(tx, "SELECT id FROM customers WHERE code = ?", {code},
                                  store::get_customer);
}

Result<std::optional<model::HeatLot>> find_heat_lot(Tx& tx, std::string_view number) {
  return find_by<model::HeatLot>(tx, "SELECT id FROM heat_lots WHERE number = ?", {number},
                                 store::get_heat_lot);
}

Result<std::optional<model::SafetyStock>> find_safety_stock(Tx& tx, model::Material material,
                                                            double thickness_mm) {
  return find_by<model::SafetyStock>(
      tx, "SELECT id FROM safety_stock WHERE material = ? AND thickness_mm = ?",
      {model::to_string(material), thickness_mm}, store::get_safety_stock);
}

Result<std::optional<model::Job>> find_job(Tx& tx, std::string_view number) {
  return find_by<model::Job>(tx, "SELECT id FROM jobs WHERE number = ?", {number}, store::get_job);
}

Result<std::optional<model::WorkCenter>> find_work_center(Tx& tx, std::string_view code) {
  return find_by<model::WorkCenter>(tx, "SELECT id FROM work_centers WHERE code = ?", {code},
                                    store::get_work_center);
}

Result<std::vector<model::Operation>> operations_of_job(Tx& tx, int64_t job_id) {
  return store::list_operations_for_job(tx, job_id);
}

Result<std::optional<model::Job>> latest_job_of_part(Tx& tx, int64_t part_id) {
  return find_by<model::Job>(tx, "SELECT id FROM jobs WHERE part_id = ? ORDER BY id DESC LIMIT 1",
                             {part_id}, store::get_job);
}

Result<int64_t> sheets_on_hand(Tx& tx, model::Material material, double thickness_mm) {
  auto row = tx.query_one(
      "SELECT COALESCE(SUM(quantity), 0) FROM material_inventory "
      "WHERE material = ? AND thickness_mm = ? AND is_remnant = ?",
      {model::to_string(material), thickness_mm, false});
  if (!row.ok()) return row.error();
  return (*row)->get_int(0);
}

Result<std::optional<UserRecord>> find_user(Tx& tx, std::string_view username) {
  auto found = store::find_user_by_username(tx, std::string(username));
  if (!found.ok()) return found.error();
  if (!found->has_value()) return std::optional<UserRecord>();
  return std::optional<UserRecord>(UserRecord{(*found)->user, (*found)->password_hash});
}

Result<model::User> insert_user(Tx& tx, const model::User& user, const std::string& hash) {
  auto created = store::insert_user(tx, user);
  if (!created.ok()) return created;
  if (auto s = store::set_password_hash(tx, created->id, hash); !s.ok()) return s.error();
  return created;
}

Status set_password_hash(Tx& tx, int64_t user_id, const std::string& hash) {
  return store::set_password_hash(tx, user_id, hash);
}

Result<std::optional<BadgeRecord>> find_user_by_badge(Tx& tx, const std::string& badge_key) {
  auto found = store::find_user_by_badge_key(tx, badge_key);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return std::optional<BadgeRecord>();
  return std::optional<BadgeRecord>(BadgeRecord{(*found)->user, (*found)->pin_hash});
}

Status set_badge(Tx& tx, int64_t user_id, const std::string& badge_key,
                 const std::string& pin_hash) {
  return store::set_badge(tx, user_id, badge_key, pin_hash);
}

Result<bool> has_badge(Tx& tx, int64_t user_id) { return store::has_badge(tx, user_id); }

Result<std::set<int64_t>> badge_holders(Tx& tx) { return store::badge_holders(tx); }

Status insert_session(Tx& tx, const std::string& token_hash, int64_t user_id, TimePoint created,
                      TimePoint expires, bool station) {
  store::Session s;
  s.token_hash = token_hash;
  s.user_id = user_id;
  s.created_at = created;
  s.expires_at = expires;
  s.station = station;
  auto r = store::insert_session(tx, s);
  if (!r.ok()) return r.error();
  return ok_status();
}

Result<std::optional<SessionRecord>> find_session(Tx& tx, const std::string& token_hash) {
  auto s = store::find_session_by_token_hash(tx, token_hash);
  if (!s.ok()) return s.error();
  if (!s->has_value()) return std::optional<SessionRecord>();
  const auto& v = **s;
  return std::optional<SessionRecord>(
      SessionRecord{v.id, v.user_id, v.created_at, v.expires_at, v.station});
}

Status extend_session(Tx& tx, int64_t session_id, TimePoint expires) {
  return store::extend_session(tx, session_id, expires);
}

Status delete_session(Tx& tx, const std::string& token_hash) {
  auto s = store::find_session_by_token_hash(tx, token_hash);
  if (!s.ok()) return s.error();
  if (!s->has_value()) return ok_status();
  return store::delete_session(tx, (*s)->id);
}

Status delete_user_sessions(Tx& tx, int64_t user_id, const std::string& keep_token_hash) {
  std::optional<store::Session> keep;
  if (!keep_token_hash.empty()) {
    auto s = store::find_session_by_token_hash(tx, keep_token_hash);
    if (!s.ok()) return s.error();
    keep = *s;
  }
  auto n = store::delete_sessions_of_user(tx, user_id);
  if (!n.ok()) return n.error();
  if (keep && keep->user_id == user_id) {
    auto r = store::insert_session(tx, *keep);
    if (!r.ok()) return r.error();
  }
  return ok_status();
}

Result<int64_t> delete_expired_sessions(Tx& tx, TimePoint now) {
  return store::delete_expired_sessions(tx, now);
}

Status append_audit(Tx& tx, const AuditRow& row) {
  store::AuditEntry e;
  e.at = row.at;
  e.actor_user_id = row.actor_user_id;
  e.actor = row.actor;
  e.entity = row.entity;
  e.entity_id = row.entity_id;
  e.action = row.action;
  if (!row.before_json.empty()) e.before_json = row.before_json;
  if (!row.after_json.empty()) e.after_json = row.after_json;
  auto id = store::append_audit(tx, e);
  if (!id.ok()) return id.error();
  return ok_status();
}

Result<int64_t> append_event(Tx& tx, const std::string& topic, const std::string& payload,
                             TimePoint at) {
  return store::append_event(tx, topic, payload, at);
}

Result<std::vector<Event>> fetch_unpublished(Tx& tx, TimePoint before, int64_t max) {
  auto rows = store::fetch_unpublished(tx, max);
  if (!rows.ok()) return rows.error();
  std::vector<Event> out;
  for (const auto& r : *rows) {
    if (r.created_at >= before) break;  // id order ~ creation order; newer ones wait
    out.push_back(Event{r.id, r.topic, r.payload, r.created_at});
  }
  return out;
}

Result<bool> claim_event(Tx& tx, int64_t event_id, TimePoint at) {
  auto n = store::mark_published(tx, {event_id}, at);
  if (!n.ok()) return n.error();
  return *n == 1;
}

}  // namespace kerf::app::repo
