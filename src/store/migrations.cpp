#include "kerf/store/migrations.h"

#include <chrono>
#include <stdexcept>

#include "kerf/core/clock.h"
#include "store/schema.h"

namespace kerf::store {
namespace {

constexpr const char* kCreateMigrationsTable =
    "CREATE TABLE IF NOT EXISTS schema_migrations ("
    " version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL)";

// Lock key for pg_advisory_xact_lock: serialises concurrent migrators on PostgreSQL.
constexpr int64_t kMigrationLockKey = 0x6b657266;  // "kerf"

void replace_all(std::string& s, const std::string& from, const std::string& to) {
  for (std::size_t pos = 0; (pos = s.find(from, pos)) != std::string::npos; pos += to.size()) {
    s.replace(pos, from.size(), to);
  }
}

// Keeps the text between {{<keep>}} and {{/<keep>}} (markers removed) and drops the text
// between {{<drop>}} and {{/<drop>}}: backend-specific DDL inside one migration.
void select_backend_blocks(std::string& s, const std::string& keep, const std::string& drop) {
  replace_all(s, "{{" + keep + "}}", "");
  replace_all(s, "{{/" + keep + "}}", "");
  const std::string open = "{{" + drop + "}}";
  const std::string close = "{{/" + drop + "}}";
  for (std::size_t pos; (pos = s.find(open)) != std::string::npos;) {
    const std::size_t end = s.find(close, pos);
    if (end == std::string::npos) throw std::logic_error("unterminated " + open + " in migration");
    s.erase(pos, end + close.size() - pos);
  }
}

}  // namespace

const std::vector<Migration>& migrations() {
  static const std::vector<Migration> kAll = {
      {1, "initial_schema", detail::kSchemaV1},
      {2, "schedule_run_heartbeat", detail::kSchemaV2},
      {3, "login_failures", detail::kSchemaV3},
      {4, "stations_and_traceability", detail::kSchemaV4},
      {5, "machines_and_telemetry", detail::kSchemaV5},
      {6, "ingest_leases", detail::kSchemaV6},
      {7, "sigmanest_nests", detail::kSchemaV7},
      {8, "sigmanest_ledger", detail::kSchemaV8},
      {9, "nest_slots", detail::kSchemaV9},
      {10, "agents_and_approvals", detail::kSchemaV10},
      {11, "nest_remnants_reported", detail::kSchemaV11},
      {12, "sigmanest_remnant_names", detail::kSchemaV12},
      {13, "consumption_sheet_share", detail::kSchemaV13},
      {14, "events_topic_index", detail::kSchemaV14},
  };
  return kAll;
}

std::string render_migration_sql(const std::string& sql, Backend backend) {
  std::string out = sql;
  replace_all(out, "{{id}}",
              backend == Backend::kSqlite ? "id INTEGER PRIMARY KEY AUTOINCREMENT"
                                          : "id BIGSERIAL PRIMARY KEY");
  if (backend == Backend::kSqlite) {
    select_backend_blocks(out, "sqlite", "postgres");
  } else {
    select_backend_blocks(out, "postgres", "sqlite");
  }
  return out;
}

Status migrate(Database& db) {
  // The bookkeeping table itself is created idempotently (both backends support IF NOT EXISTS).
  Status created = db.transact([](Tx& tx) -> Status {
    if (tx.backend() == Backend::kPostgres) {
      if (auto r = tx.query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey}); !r.ok()) {
        return r.error();
      }
    }
    auto r = tx.exec(kCreateMigrationsTable);
    if (!r.ok()) return r.error();
    return ok_status();
  });
  if (!created.ok()) return created;

  for (const Migration& m : migrations()) {
    Status s = db.transact([&](Tx& tx) -> Status {
      if (tx.backend() == Backend::kPostgres) {
        auto lock = tx.query("SELECT pg_advisory_xact_lock(?)", {kMigrationLockKey});
        if (!lock.ok()) return lock.error();
      }
      auto applied =
          tx.query_one("SELECT version FROM schema_migrations WHERE version = ?", {m.version});
      if (!applied.ok()) return applied.error();
      if (applied->has_value()) return ok_status();
      if (Status run = tx.run_script(render_migration_sql(m.sql, tx.backend())); !run.ok()) {
        return Error::internal("migration " + std::to_string(m.version) + " (" + m.name +
                               ") failed: " + run.error().message);
      }
      auto ins =
          tx.exec("INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                  {m.version, m.name, Env::system().now()});
      if (!ins.ok()) return ins.error();
      return ok_status();
    });
    if (!s.ok()) return s;
  }
  return ok_status();
}

Result<int> schema_version(Database& db) {
  return db.read([](Tx& tx) -> Result<int> {
    auto exists =
        tx.query_one(tx.backend() == Backend::kSqlite
                         ? "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = ?"
                         : "SELECT COUNT(*) FROM information_schema.tables WHERE table_name = ? "
                           "AND table_schema = current_schema()",
                     {"schema_migrations"});
    if (!exists.ok()) return exists.error();
    if ((*exists)->get_int(0) == 0) return 0;
    auto v = tx.query_one("SELECT MAX(version) FROM schema_migrations");
    if (!v.ok()) return v.error();
    return static_cast<int>((*v)->opt_int(0).value_or(0));
  });
}

}  // namespace kerf::store
