// What every kerf subcommand shares: settings resolution, opening and migrating the database,
// and constructing the app services.
#pragma once

#include <CLI/CLI.hpp>
#include <memory>
#include <string>

#include "kerf/app/services.h"
#include "kerf/core/clock.h"
#include "kerf/core/config.h"
#include "kerf/core/event_bus.h"
#include "kerf/store/database.h"

namespace kerf::cli {

// Flags common to commands that touch the database.
struct CommonFlags {
  std::string config_file;
  SettingsOverrides overrides;
};

// Adds --config, --data and --database to `cmd`, writing into `flags`.
void add_common_flags(CLI::App& cmd, CommonFlags& flags);

// Reads the config file (--config, else $KERF_CONFIG, else none) and merges env and flags.
Result<Settings> load_settings(const CommonFlags& flags);

// An open, migrated database with the app services on top.
struct Context {
  Settings settings;
  std::unique_ptr<store::Database> db;
  EventBus bus;
  std::unique_ptr<app::Services> services;
};

// Creates the data directory (SQLite), opens the database and applies migrations. The services
// take time and randomness from `env`.
Result<std::unique_ptr<Context>> open_context(const Settings& settings,
                                              app::ServicesOptions options = {},
                                              Env& env = Env::system());

// A directory "<system temp>/<prefix><pid>" (not created here), removed with everything in it
// when the object goes.
class ScratchDir {
 public:
  explicit ScratchDir(const std::string& prefix);
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

// A migrated database seeded with the demo shop (`demo_seed`) and test-speed services, for
// benchmarks: `database_url` when given (it must be empty), else a SQLite file in `scratch_dir`
// (created); the shop is laid out around env.now(). Errors name the step that failed: "database"
// (open, migrate) or "seed".
Result<std::unique_ptr<Context>> open_demo_context(const std::string& database_url,
                                                   const std::string& scratch_dir,
                                                   uint64_t demo_seed, Env& env = Env::system());

// Prints an error (with its field errors) to stderr and sets the process exit code.
void fail(const Error& error, int code = 1);

}  // namespace kerf::cli
