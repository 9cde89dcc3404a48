// Login sessions: only the hash of the opaque token is stored.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct Session {
  int64_t id = 0;
  std::string token_hash;  // unique
  int64_t user_id = 0;
  TimePoint created_at;
  TimePoint expires_at;
  bool station = false;  // badge + PIN at a shared station: short idle expiry
  friend bool operator==(const Session&, const Session&) = default;
};

// Inserts a session and returns it with its id. kConflict on a duplicate token hash.
Result<Session> insert_session(Tx& tx, const Session& session);
// The session with this token hash (expired or not: the caller compares expires_at), or nullopt.
Result<std::optional<Session>> find_session_by_token_hash(Tx& tx, const std::string& token_hash);
// Moves a session's expiry (sliding sessions). kNotFound when missing.
Status extend_session(Tx& tx, int64_t session_id, TimePoint expires_at);
// Deletes a session (logout). kNotFound when missing.
Status delete_session(Tx& tx, int64_t session_id);
// Deletes every session of a user (password change, deactivation); returns how many.
Result<int64_t> delete_sessions_of_user(Tx& tx, int64_t user_id);
// Deletes sessions with expires_at <= now; returns how many.
Result<int64_t> delete_expired_sessions(Tx& tx, TimePoint now);

}  // namespace kerf::store
