#include "kerf/store/user_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::Certification;
using model::User;

// Roles are stored as a comma-separated list of role names, e.g. "admin,planner".
detail::Column<User> roles_col() {
  return {"roles", detail::ColType::kText,
          [](const User& u) {
            std::string out;
            for (model::Role r : u.roles) {
              if (!out.empty()) out += ',';
              out += model::to_string(r);
            }
            return Param(out);
          },
          [](User& u, const Row& row, std::size_t i) -> Status {
            u.roles.clear();
            std::string text = row.get_text(i);
            std::size_t start = 0;
            while (start < text.size()) {
              std::size_t comma = text.find(',', start);
              if (comma == std::string::npos) comma = text.size();
              auto role = model::parse_role(text.substr(start, comma - start));
              if (!role.ok()) return Error::internal("corrupt roles: " + role.error().message);
              u.roles.insert(*role);
              start = comma + 1;
            }
            return ok_status();
          }};
}

const detail::Table<User>& users() {
  static const detail::Table<User> kTable = [] {
    detail::Table<User> t({"users",
                           "user",
                           true,
                           {"active", "username"},
                           {"username", "display_name"},
                           {"username", "display_name"},
                           ""},
                          {detail::text_col("username", &User::username),
                           detail::text_col("display_name", &User::display_name), roles_col(),
                           detail::bool_col("active", &User::active)},
                          &User::id, &User::version);
    t.validate = [](const User& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

const detail::Table<Certification>& certifications() {
  static const detail::Table<Certification> kTable = [] {
    detail::Table<Certification> t({"certifications",
                                    "certification",
                                    true,
                                    {"user_id", "wps"},
                                    {"wps", "expires", "user_id"},
                                    {"wps"},
                                    "expires"},
                                   {detail::int_col("user_id", &Certification::user_id),
                                    detail::text_col("wps", &Certification::wps),
                                    detail::time_col("expires", &Certification::expires)},
                                   &Certification::id, &Certification::version);
    t.validate = [](const Certification& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<User> get_user(Tx& tx, int64_t id) { return users().get(tx, id); }
Result<Page<User>> list_users(Tx& tx, const ListQuery& q) { return users().list(tx, q); }
Result<User> insert_user(Tx& tx, const User& v) { return users().insert(tx, v); }
Result<User> update_user(Tx& tx, const User& v) { return users().update(tx, v); }
Status delete_user(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return users().remove(tx, id, expected_version);
}

Result<std::optional<UserCredentials>> find_user_by_username(Tx& tx, const std::string& username) {
  std::vector<Param> params{username};
  auto found = users().select_where(tx, "username = ?", params);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<UserCredentials>();
  UserCredentials out{std::move(found->front()), ""};
  auto hash = tx.query_one("SELECT password_hash FROM users WHERE id = ?", {out.user.id});
  if (!hash.ok()) return hash.error();
  if (hash->has_value()) out.password_hash = (*hash)->get_text(0);
  return std::optional<UserCredentials>(std::move(out));
}

Status set_password_hash(Tx& tx, int64_t user_id, const std::string& password_hash) {
  auto n = tx.exec("UPDATE users SET password_hash = ? WHERE id = ?", {password_hash, user_id});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("user " + std::to_string(user_id) + " not found");
  return ok_status();
}

Result<std::optional<BadgeCredentials>> find_user_by_badge_key(Tx& tx,
                                                               const std::string& badge_key) {
  std::vector<Param> params{badge_key};
  auto found = users().select_where(tx, "badge_key = ?", params);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<BadgeCredentials>();
  BadgeCredentials out{std::move(found->front()), ""};
  auto hash = tx.query_one("SELECT pin_hash FROM users WHERE id = ?", {out.user.id});
  if (!hash.ok()) return hash.error();
  if (hash->has_value()) out.pin_hash = (*hash)->get_text(0);
  return std::optional<BadgeCredentials>(std::move(out));
}

Status set_badge(Tx& tx, int64_t user_id, const std::string& badge_key,
                 const std::string& pin_hash) {
  if (!badge_key.empty()) {
    auto other =
        tx.query_one("SELECT id FROM users WHERE badge_key = ? AND id <> ?", {badge_key, user_id});
    if (!other.ok()) return other.error();
    if (other->has_value()) {
      Error e = Error::conflict("another user has this badge");
      e.fields.push_back({"badge", "is assigned to another user"});
      return e;
    }
  }
  auto n = tx.exec("UPDATE users SET badge_key = ?, pin_hash = ? WHERE id = ?",
                   {badge_key.empty() ? Param() : Param(badge_key), pin_hash, user_id});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("user " + std::to_string(user_id) + " not found");
  return ok_status();
}

Result<bool> has_badge(Tx& tx, int64_t user_id) {
  auto row = tx.query_one("SELECT badge_key FROM users WHERE id = ?", {user_id});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return Error::not_found("user " + std::to_string(user_id) + " not found");
  return !(*row)->is_null(0);
}

Result<std::set<int64_t>> badge_holders(Tx& tx) {
  auto rows = tx.query("SELECT id FROM users WHERE badge_key IS NOT NULL");
  if (!rows.ok()) return rows.error();
  std::set<int64_t> out;
  for (const Row& r : *rows) out.insert(r.get_int("id"));
  return out;
}

Result<Certification> get_certification(Tx& tx, int64_t id) { return certifications().get(tx, id); }
Result<Page<Certification>> list_certifications(Tx& tx, const ListQuery& q) {
  return certifications().list(tx, q);
}
Result<Certification> insert_certification(Tx& tx, const Certification& v) {
  return certifications().insert(tx, v);
}
Result<Certification> update_certification(Tx& tx, const Certification& v) {
  return certifications().update(tx, v);
}
Status delete_certification(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return certifications().remove(tx, id, expected_version);
}

}  // namespace kerf::store
