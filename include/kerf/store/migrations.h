// Versioned schema migrations, embedded in the binary; the same list for SQLite and PostgreSQL.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/store/database.h"

namespace kerf::store {

struct Migration {
  int version = 0;   // strictly increasing, never reused
  std::string name;  // short slug, e.g. "initial_schema"
  std::string sql;   // portable SQL; {{id}} is substituted per backend
};

// The ordered list of all migrations.
const std::vector<Migration>& migrations();

// Applies every migration not yet recorded in schema_migrations, each in its own transaction.
// Idempotent; safe to call at every start-up and from several processes at once.
Status migrate(Database& db);

// Highest applied migration version (0 for an empty database).
Result<int> schema_version(Database& db);

// `sql` with the per-backend substitutions applied (exposed for tests and docs).
std::string render_migration_sql(const std::string& sql, Backend backend);

}  // namespace kerf::store
