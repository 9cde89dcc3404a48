#include "kerf/store/session_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

const detail::Table<Session>& sessions() {
  static const detail::Table<Session> kTable(
      {"sessions", "session", false, {"user_id"}, {"expires_at"}, {}, "expires_at"},
      {detail::text_col("token_hash", &Session::token_hash),
       detail::int_col("user_id", &Session::user_id),
       detail::time_col("created_at", &Session::created_at),
       detail::time_col("expires_at", &Session::expires_at),
       detail::bool_col("station", &Session::station)},
      &Session::id, nullptr);
  return kTable;
}

}  // namespace

Result<Session> insert_session(Tx& tx, const Session& session) {
  if (session.token_hash.empty()) return Error::invalid("token_hash", "is required");
  return sessions().insert(tx, session);
}

Result<std::optional<Session>> find_session_by_token_hash(Tx& tx, const std::string& token_hash) {
  std::vector<Param> params{token_hash};
  auto found = sessions().select_where(tx, "token_hash = ?", params);
  if (!found.ok()) return found.error();
  if (found->empty()) return std::optional<Session>();
  return std::optional<Session>(std::move(found->front()));
}

Status extend_session(Tx& tx, int64_t session_id, TimePoint expires_at) {
  auto n = tx.exec("UPDATE sessions SET expires_at = ? WHERE id = ?", {expires_at, session_id});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("session " + std::to_string(session_id) + " not found");
  return ok_status();
}

Status delete_session(Tx& tx, int64_t session_id) {
  return sessions().remove(tx, session_id, std::nullopt);
}

Result<int64_t> delete_sessions_of_user(Tx& tx, int64_t user_id) {
  return tx.exec("DELETE FROM sessions WHERE user_id = ?", {user_id});
}

Result<int64_t> delete_expired_sessions(Tx& tx, TimePoint now) {
  return tx.exec("DELETE FROM sessions WHERE expires_at <= ?", {now});
}

}  // namespace kerf::store
