// A throwaway PostgreSQL 15 cluster for tests: started lazily once per test process on a free
// 127.0.0.1 port in a temp dir (as the `postgres` user when running as root), stopped at exit.
// Each test gets its own fresh database. Failure to start throws std::runtime_error carrying
// the server log, so the calling test FAILS (never skips).
#pragma once

#include <mutex>
#include <string>

namespace kerf::testing {

class PostgresHarness {
 public:
  // The process-wide cluster, started on first use. Throws std::runtime_error when it cannot
  // start.
  static PostgresHarness& instance();

  // URL of the maintenance database ("postgres").
  std::string admin_url() const;
  // Creates an empty database t_<n> and returns its postgresql:// URL. Throws on failure.
  std::string create_database();
  int port() const { return port_; }
  // Stops the cluster and deletes its directory (also run automatically at exit).
  void stop();

 private:
  PostgresHarness() = default;
  void start();

  std::mutex mu_;
  std::string dir_;
  int port_ = 0;
  int next_db_ = 0;
  bool running_ = false;
};

// Shorthand for PostgresHarness::instance().create_database().
std::string fresh_postgres_database_url();

}  // namespace kerf::testing
