// What every kerf subcommand shares: settings resolution, opening and migrating the database,
// and constructing the app services.
#pragma once

#include <memory>
#include <string>

#include <CLI/CLI.hpp>

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

// Creates the data directory (SQLite), opens the database and applies migrations.
Result<std::unique_ptr<Context>> open_context(const Settings& settings,
                                              app::ServicesOptions options = {});

// Prints an error (with its field errors) to stderr and sets the process exit code.
void fail(const Error& error, int code = 1);

}  // namespace kerf::cli
