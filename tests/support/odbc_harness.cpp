#include "support/odbc_harness.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <vector>

#include "support/postgres_harness.h"
#include "support/test_env.h"

namespace kerf::testing {
namespace {

std::mutex dirs_mu;
std::vector<std::string>& sqlite_dirs() {
  static auto* dirs = new std::vector<std::string>();
  return *dirs;
}

void remove_sqlite_dirs() {
  std::lock_guard lock(dirs_mu);
  for (const std::string& d : sqlite_dirs()) {
    std::error_code ec;
    std::filesystem::remove_all(d, ec);
  }
  sqlite_dirs().clear();
}

}  // namespace

std::string fresh_sqlite_odbc(const std::string& name, int busy_timeout_ms) {
  std::string dir = make_temp_dir("kerf-odbc");
  {
    std::lock_guard lock(dirs_mu);
    if (sqlite_dirs().empty()) std::atexit(remove_sqlite_dirs);
    sqlite_dirs().push_back(dir);
  }
  // SQLite3 driver options: how long to wait on a locked file; real foreign keys; no fsync
  // (test data need not survive a power cut).
  return "Driver=SQLite3;Database=" + dir + "/" + name +
         ".db;Timeout=" + std::to_string(busy_timeout_ms) + ";FKSupport=1;SyncPragma=OFF";
}

std::string postgres_odbc(const std::string& database) {
  int port = PostgresHarness::instance().port();
  // CommLog/Debug off so the driver writes no trace files.
  return "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=" + std::to_string(port) +
         ";Database=" + database + ";Uid=postgres;Pwd=;CommLog=0;Debug=0";
}

std::string fresh_postgres_odbc() {
  std::string url = fresh_postgres_database_url();
  return postgres_odbc(url.substr(url.rfind('/') + 1));
}

std::string unreachable_postgres_odbc() {
  // Bind a port, then close it: nothing listens there afterwards.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("odbc harness: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("odbc harness: cannot find a free port");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return "Driver={PostgreSQL Unicode};Server=127.0.0.1;Port=" + std::to_string(port) +
         ";Database=postgres;Uid=postgres;Pwd=secret-pw;CommLog=0;Debug=0";
}

std::string postgres_database_of(const std::string& cs) {
  size_t at = cs.find("Database=");
  if (at == std::string::npos) return "";
  at += 9;
  return cs.substr(at, cs.find(';', at) - at);
}

int terminate_postgres_connections(const std::string& database) {
  PGconn* conn = PQconnectdb(PostgresHarness::instance().admin_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("odbc harness: cannot connect to the cluster: " + msg);
  }
  const char* values[] = {database.c_str()};
  PGresult* res = PQexecParams(conn,
                               "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE datname = $1 AND pid <> pg_backend_pid()",
                               1, nullptr, values, nullptr, nullptr, 0);
  int n = -1;
  if (PQresultStatus(res) == PGRES_TUPLES_OK) n = std::stoi(PQgetvalue(res, 0, 0));
  std::string msg = PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (n < 0) throw std::runtime_error("odbc harness: pg_terminate_backend failed: " + msg);
  return n;
}

}  // namespace kerf::testing
