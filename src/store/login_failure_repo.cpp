#include "kerf/store/login_failure_repo.h"

namespace kerf::store {
namespace {

constexpr const char* kColumns =
    "SELECT username, client_address, failures, last_failure_at, blocked_until "
    "FROM login_failures WHERE username = ? AND client_address = ?";

LoginFailures from_row(const Row& r) {
  return LoginFailures{r.get_text(0), r.get_text(1), r.get_int(2), r.get_time(3), r.get_time(4)};
}

}  // namespace

Result<std::optional<LoginFailures>> find_login_failures(Tx& tx, const std::string& username,
                                                         const std::string& client_address) {
  auto row = tx.query_one(kColumns, {username, client_address});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return std::optional<LoginFailures>();
  return std::optional<LoginFailures>(from_row(**row));
}

Result<LoginFailures> lock_login_failures(Tx& tx, const std::string& username,
                                          const std::string& client_address) {
  auto ins = tx.exec(
      "INSERT INTO login_failures (username, client_address, failures, last_failure_at, "
      "blocked_until) VALUES (?, ?, 0, 0, 0) ON CONFLICT (username, client_address) DO NOTHING",
      {username, client_address});
  if (!ins.ok()) return ins.error();
  std::string sql = kColumns;
  if (tx.backend() == Backend::kPostgres) sql += " FOR UPDATE";
  auto row = tx.query_one(sql, {username, client_address});
  if (!row.ok()) return row.error();
  if (!row->has_value()) return Error::internal("login_failures row vanished");
  return from_row(**row);
}

Status save_login_failures(Tx& tx, const LoginFailures& row) {
  auto n = tx.exec(
      "UPDATE login_failures SET failures = ?, last_failure_at = ?, blocked_until = ? "
      "WHERE username = ? AND client_address = ?",
      {row.failures, row.last_failure_at, row.blocked_until, row.username, row.client_address});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("login_failures row not found");
  return ok_status();
}

Status delete_login_failures(Tx& tx, const std::string& username,
                             const std::string& client_address) {
  auto n = tx.exec("DELETE FROM login_failures WHERE username = ? AND client_address = ?",
                   {username, client_address});
  if (!n.ok()) return n.error();
  return ok_status();
}

Result<int64_t> delete_stale_login_failures(Tx& tx, TimePoint cutoff, TimePoint now) {
  return tx.exec("DELETE FROM login_failures WHERE last_failure_at < ? AND blocked_until <= ?",
                 {cutoff, now});
}

}  // namespace kerf::store
