#include "support/postgres_harness.h"

#include <arpa/inet.h>
#include <libpq-fe.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

#include "support/test_env.h"

namespace kerf::testing {
namespace {

constexpr const char* kPgBin = "/usr/lib/postgresql/15/bin";

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) throw std::runtime_error("postgres harness: socket() failed");
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  socklen_t len = sizeof addr;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 ||
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
    ::close(fd);
    throw std::runtime_error("postgres harness: cannot find a free port");
  }
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

// Prefix that runs a command as the postgres user when we are root.
std::string as_postgres() { return ::geteuid() == 0 ? "runuser -u postgres -- " : ""; }

void stop_at_exit() { PostgresHarness::instance().stop(); }

}  // namespace

PostgresHarness& PostgresHarness::instance() {
  static PostgresHarness* harness = [] {
    auto* h = new PostgresHarness();
    h->start();
    std::atexit(stop_at_exit);
    return h;
  }();
  return *harness;
}

void PostgresHarness::start() {
  dir_ = make_temp_dir("kerf-pg");
  if (::geteuid() == 0) {
    passwd* pw = ::getpwnam("postgres");
    if (pw == nullptr) {
      throw std::runtime_error(
          "postgres harness: no 'postgres' system user (install postgresql-15)");
    }
    if (::chown(dir_.c_str(), pw->pw_uid, pw->pw_gid) != 0) {
      throw std::runtime_error("postgres harness: cannot chown " + dir_);
    }
  }
  const std::string data = dir_ + "/data";
  const std::string init_log = dir_ + "/initdb.log";
  std::string initdb = as_postgres() + kPgBin + "/initdb -D '" + data +
                       "' -A trust -U postgres -E UTF8 --no-sync > '" + init_log + "' 2>&1";
  if (std::system(initdb.c_str()) != 0) {
    throw std::runtime_error("postgres harness: initdb failed:\n" + read_file(init_log));
  }
  const std::string log = dir_ + "/server.log";
  std::string last_log;
  for (int attempt = 0; attempt < 5; ++attempt) {
    port_ = free_port();
    std::string opts = "-p " + std::to_string(port_) + " -k " + dir_ +
                       " -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off"
                       " -c full_page_writes=off -c max_connections=300"
                       " -c shared_buffers=32MB";
    std::string ctl = as_postgres() + kPgBin + "/pg_ctl -D '" + data + "' -l '" + log +
                      "' -w -t 60 -o \"" + opts + "\" start > '" + dir_ + "/pg_ctl.log' 2>&1";
    if (std::system(ctl.c_str()) == 0) {
      running_ = true;
      return;
    }
    last_log = read_file(log) + read_file(dir_ + "/pg_ctl.log");
  }
  throw std::runtime_error("postgres harness: pg_ctl start failed:\n" + last_log);
}

std::string PostgresHarness::admin_url() const {
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/postgres";
}

std::string PostgresHarness::create_database() {
  std::lock_guard lock(mu_);
  if (!running_) throw std::runtime_error("postgres harness: cluster is not running");
  std::string name = "t_" + std::to_string(++next_db_);
  PGconn* conn = PQconnectdb(admin_url().c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string msg = PQerrorMessage(conn);
    PQfinish(conn);
    throw std::runtime_error("postgres harness: cannot connect: " + msg +
                             read_file(dir_ + "/server.log"));
  }
  PGresult* res = PQexec(conn, ("CREATE DATABASE " + name + " TEMPLATE template0").c_str());
  bool ok = PQresultStatus(res) == PGRES_COMMAND_OK;
  std::string msg = ok ? "" : PQerrorMessage(conn);
  PQclear(res);
  PQfinish(conn);
  if (!ok) throw std::runtime_error("postgres harness: CREATE DATABASE failed: " + msg);
  return "postgresql://postgres@127.0.0.1:" + std::to_string(port_) + "/" + name;
}

void PostgresHarness::stop() {
  std::lock_guard lock(mu_);
  if (!running_) return;
  running_ = false;
  std::string ctl = as_postgres() + kPgBin + "/pg_ctl -D '" + dir_ +
                    "/data' -m immediate -w stop > /dev/null 2>&1";
  (void)std::system(ctl.c_str());
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::string fresh_postgres_database_url() { return PostgresHarness::instance().create_database(); }

}  // namespace kerf::testing
