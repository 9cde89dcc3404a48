// kerf settings: built-in defaults < TOML file < environment (KERF_*) < command-line flags.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "kerf/core/result.h"

namespace kerf {

struct Settings {
  std::string bind = "127.0.0.1";
  uint16_t port = 8080;
  std::string data_dir = "data";
  std::string database_url;  // empty: sqlite file <data_dir>/kerf.db
  int threads = 0;           // HTTP worker threads; 0 = number of cores
  std::string log_level = "info";
  bool log_json = false;
  int session_ttl_hours = 12;
  int64_t station_idle_s = 300;  // idle timeout of station (badge + PIN) sessions
  std::string web_dir;  // built web UI assets; empty = none
  std::string tls_cert;  // PEM certificate chain; with tls_key: serve HTTPS only
  std::string tls_key;   // PEM private key
  bool demo = false;
  // Background work (docs/architecture.md, "Background work").
  int64_t schedule_heartbeat_s = 10;     // a background run's node stamps it this often
  int64_t schedule_silent_after_s = 60;  // a running run silent this long: its node stopped
  int64_t event_retention_hours = 168;   // published outbox events kept this long
  int64_t machines_down_after_s = 300;   // a machine DOWN this long sets its work center down
  int64_t machines_oee_alert_below_pct = 40;  // machine.oee_alert under this OEE % today
  int64_t machines_metrics_retention_days = 30;  // raw machine samples kept this long
  // Machine ingestion (docs/ingest.md).
  bool ingest_enabled = true;  // read the machines' protocols (false: API-only machines)
  std::string mqtt_url;        // central MQTT broker, e.g. tcp://127.0.0.1:1883; "" = no MQTT
                               // (the demo starts its own broker when this is empty)
  std::string plant_code = "main";  // the <plant> level of kerf/<plant>/... topics
  // The config file's text, for sections other modules read themselves ([sigmanest]).
  std::string config_toml;

  // The database URL actually used: `database_url`, or the SQLite file in `data_dir`.
  std::string effective_database_url() const;
};

// Values given on the command line; unset ones do not override.
struct SettingsOverrides {
  std::optional<std::string> bind;
  std::optional<uint16_t> port;  // 0 = any free port (printed at start)
  std::optional<std::string> data_dir;
  std::optional<std::string> database_url;
  std::optional<int> threads;
  std::optional<std::string> log_level;
  std::optional<bool> demo;
};

// Merges the layers. `toml_text` is the content of the config file (may be empty); `env` holds
// the process environment (only KERF_* keys are read). Errors name the offending key, e.g.
// "server.port: must be an integer in 1..65535" or "KERF_PORT: ...".
Result<Settings> resolve_settings(const std::string& toml_text,
                                  const std::map<std::string, std::string>& env,
                                  const SettingsOverrides& flags);

// The KERF_* variables of the current process environment.
std::map<std::string, std::string> kerf_environment();

}  // namespace kerf
