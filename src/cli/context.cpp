#include "cli/context.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_registry.h"
#include "kerf/app/seed.h"
#include "kerf/store/migrations.h"

namespace kerf::cli {

void add_common_flags(CLI::App& cmd, CommonFlags& flags) {
  cmd.add_option("--config", flags.config_file, "TOML settings file (default: $KERF_CONFIG)");
  cmd.add_option_function<std::string>(
      "--data", [&flags](const std::string& v) { flags.overrides.data_dir = v; },
      "Data directory for the embedded SQLite database (default: ./data)");
  cmd.add_option_function<std::string>(
      "--database", [&flags](const std::string& v) { flags.overrides.database_url = v; },
      "Database URL: postgresql://user@host:port/db or sqlite:PATH (default: $KERF_DATABASE_URL)");
}

Result<Settings> load_settings(const CommonFlags& flags) {
  std::string path = flags.config_file;
  if (path.empty()) {
    if (const char* env = std::getenv("KERF_CONFIG")) path = env;
  }
  std::string text;
  if (!path.empty()) {
    std::ifstream in(path);
    if (!in) return Error::invalid("config", "cannot read " + path);
    std::ostringstream buf;
    buf << in.rdbuf();
    text = buf.str();
  }
  return resolve_settings(text, kerf_environment(), flags.overrides);
}

Result<std::unique_ptr<Context>> open_context(const Settings& settings,
                                              app::ServicesOptions options, Env& env) {
  auto ctx = std::make_unique<Context>();
  ctx->settings = settings;
  std::string url = settings.effective_database_url();
  if (url.rfind("postgres", 0) != 0) {
    std::error_code ec;
    std::filesystem::create_directories(settings.data_dir, ec);
    if (ec)
      return Error::invalid("data_dir", "cannot create " + settings.data_dir + ": " + ec.message());
  }
  auto db = store::Database::open(url);
  if (!db) return db.error();
  ctx->db = std::move(*db);
  if (auto st = store::migrate(*ctx->db); !st) return st.error();
  options.auth.session_ttl = std::chrono::hours(settings.session_ttl_hours);
  options.auth.station_idle = std::chrono::seconds(settings.station_idle_s);
  options.event_retention = std::chrono::hours(settings.event_retention_hours);
  options.machines.down_after_s = settings.machines_down_after_s;
  options.machines.oee_alert_below_pct = settings.machines_oee_alert_below_pct;
  options.machines.metrics_retention_days = settings.machines_metrics_retention_days;
  ctx->services = std::make_unique<app::Services>(*ctx->db, env, ctx->bus, std::move(options));
  return ctx;
}

ScratchDir::ScratchDir(const std::string& prefix)
    : path_((std::filesystem::temp_directory_path() / (prefix + std::to_string(::getpid())))
                .string()) {}

ScratchDir::~ScratchDir() {
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

Result<std::unique_ptr<Context>> open_demo_context(const std::string& database_url,
                                                   const std::string& scratch_dir,
                                                   uint64_t demo_seed, Env& env) {
  Settings settings;
  settings.data_dir = scratch_dir;
  settings.database_url = database_url;
  auto ctx = open_context(settings, app::ServicesOptions::for_tests(), env);
  if (!ctx) return Error::invalid("database", ctx.error().message);
  if (auto seeded = app::seed_demo(*(*ctx)->services, demo_seed); !seeded) {
    return Error::invalid("seed", seeded.error().message + " (use an empty database)");
  }
  return ctx;
}

void fail(const Error& error, int code) {
  if (error.fields.empty()) {
    std::cerr << "error: " << error.message << "\n";
  } else {
    std::cerr << "error: invalid input\n";
    for (const auto& f : error.fields) std::cerr << "  " << f.field << ": " << f.message << "\n";
  }
  exit_code() = code;
}

}  // namespace kerf::cli
