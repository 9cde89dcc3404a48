// Migration 3: login throttling state, shared by every kerf node on the database. One row per
// (lower-cased username, client address) counts consecutive failed logins; the row with username
// '' counts every failure from one address (the ceiling against spraying many usernames).
// blocked_until is when the next attempt for that key is allowed again; stale rows are purged.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV3 = R"SQL(
CREATE TABLE login_failures (
  username TEXT NOT NULL,
  client_address TEXT NOT NULL,
  failures INTEGER NOT NULL,
  last_failure_at BIGINT NOT NULL,
  blocked_until BIGINT NOT NULL,
  PRIMARY KEY (username, client_address)
);
CREATE INDEX login_failures_last_failure ON login_failures (last_failure_at);
)SQL";

}  // namespace kerf::store::detail
