// ODBC connection strings for tests: a fresh SQLite file (driver "SQLite3", libsqliteodbc) or a
// fresh database on the PostgreSQL cluster of postgres_harness.h (driver "PostgreSQL Unicode",
// odbc-postgresql). Both drivers must be registered in /etc/odbcinst.ini (scripts/setup); a
// missing driver makes the test fail when it connects, never skip.
#pragma once

#include <string>

namespace kerf::testing {

// "Driver=SQLite3;Database=<new temp dir>/<name>.db;..." (the file is created on first
// connect; the directory is removed at exit). `busy_timeout_ms`: how long a statement waits for
// another connection's write lock before failing with "database is locked".
std::string fresh_sqlite_odbc(const std::string& name = "simtrans", int busy_timeout_ms = 5000);

// A new empty database on the shared test cluster, as an ODBC connection string.
std::string fresh_postgres_odbc();

// The ODBC connection string of database `database` on the test cluster.
std::string postgres_odbc(const std::string& database);

// A PostgreSQL connection string to 127.0.0.1 on a port where nothing listens.
std::string unreachable_postgres_odbc();

// Kills every other backend connected to `database` on the test cluster (pg_terminate_backend),
// so that clients see their connection dropped. Returns how many were terminated.
int terminate_postgres_connections(const std::string& database);

// The database name of a connection string made by fresh_postgres_odbc().
std::string postgres_database_of(const std::string& odbc_connection_string);

}  // namespace kerf::testing
