#include "kerf/core/config.h"

#include <charconv>

#include "kerf/core/toml_parse.h"

extern char** environ;

namespace kerf {
namespace {

// Integer settings (station sessions, background work): TOML key, environment variable, range.
struct IntSetting {
  const char* toml_key;
  const char* env_key;
  int64_t Settings::*member;
  int64_t lo;
  int64_t hi;
};
constexpr IntSetting kBackgroundSettings[] = {
    {"auth.station_idle_s", "KERF_STATION_IDLE_S", &Settings::station_idle_s, 30, 3600},
    {"scheduling.heartbeat_s", "KERF_SCHEDULING_HEARTBEAT_S", &Settings::schedule_heartbeat_s, 1,
     3600},
    {"scheduling.silent_after_s", "KERF_SCHEDULING_SILENT_AFTER_S",
     &Settings::schedule_silent_after_s, 2, 24 * 3600},
    {"events.retention_hours", "KERF_EVENTS_RETENTION_HOURS", &Settings::event_retention_hours, 1,
     24 * 365 * 10},
    {"machines.down_after_s", "KERF_MACHINES_DOWN_AFTER_S", &Settings::machines_down_after_s, 10,
     7 * 24 * 3600},
    {"machines.oee_alert_below_pct", "KERF_MACHINES_OEE_ALERT_BELOW_PCT",
     &Settings::machines_oee_alert_below_pct, 0, 100},
    {"machines.metrics_retention_days", "KERF_MACHINES_METRICS_RETENTION_DAYS",
     &Settings::machines_metrics_retention_days, 1, 3650},
};

const char* const kLogLevels[] = {"trace", "debug", "info", "warn", "error", "off"};

Status check_port(const std::string& key, int64_t v) {
  if (v < 1 || v > 65535) return Error::invalid(key, "must be an integer in 1..65535");
  return {};
}

Status check_log_level(const std::string& key, const std::string& v) {
  for (const char* level : kLogLevels) {
    if (v == level) return {};
  }
  return Error::invalid(key, "must be one of trace, debug, info, warn, error, off");
}

Result<int64_t> parse_int(const std::string& key, const std::string& text) {
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size()) {
    return Error::invalid(key, "must be an integer, got '" + text + "'");
  }
  return v;
}

Result<bool> parse_bool(const std::string& key, const std::string& text) {
  if (text == "1" || text == "true" || text == "yes") return true;
  if (text == "0" || text == "false" || text == "no") return false;
  return Error::invalid(key, "must be true or false, got '" + text + "'");
}

Status apply_toml(const std::string& text, Settings& s) {
  if (text.empty()) return {};
  auto parsed = parse_toml(text);
  if (!parsed.ok()) return parsed.error();
  const toml::table& t = *parsed;
  std::vector<FieldError> errors;
  auto str = [&](const char* key, std::string& out) {
    auto node = t.at_path(key);
    if (!node) return;
    if (auto v = node.value<std::string>()) {
      out = *v;
    } else {
      errors.push_back({key, "must be a string"});
    }
  };
  auto integer = [&](const char* key, auto& out, int64_t lo, int64_t hi) {
    auto node = t.at_path(key);
    if (!node) return;
    auto v = node.value<int64_t>();
    if (!v || *v < lo || *v > hi) {
      errors.push_back(
          {key, "must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi)});
      return;
    }
    out = static_cast<std::remove_reference_t<decltype(out)>>(*v);
  };
  str("server.bind", s.bind);
  integer("server.port", s.port, 1, 65535);
  integer("server.threads", s.threads, 0, 256);
  str("server.web_dir", s.web_dir);
  str("server.tls_cert", s.tls_cert);
  str("server.tls_key", s.tls_key);
  str("storage.data_dir", s.data_dir);
  str("storage.database_url", s.database_url);
  str("log.level", s.log_level);
  str("ingest.mqtt_url", s.mqtt_url);
  str("ingest.plant", s.plant_code);
  if (auto node = t.at_path("ingest.enabled")) {
    if (auto v = node.value<bool>()) {
      s.ingest_enabled = *v;
    } else {
      errors.push_back({"ingest.enabled", "must be true or false"});
    }
  }
  integer("auth.session_ttl_hours", s.session_ttl_hours, 1, 24 * 30);
  for (const auto& b : kBackgroundSettings) integer(b.toml_key, s.*b.member, b.lo, b.hi);
  if (auto node = t.at_path("log.json")) {
    if (auto v = node.value<bool>()) {
      s.log_json = *v;
    } else {
      errors.push_back({"log.json", "must be true or false"});
    }
  }
  if (auto st = check_log_level("log.level", s.log_level); !st)
    errors.push_back(st.error().fields[0]);
  if (!errors.empty()) return Error::invalid(std::move(errors));
  return {};
}

Status apply_env(const std::map<std::string, std::string>& env, Settings& s) {
  auto get = [&](const char* key) -> const std::string* {
    auto it = env.find(key);
    return it == env.end() ? nullptr : &it->second;
  };
  if (auto v = get("KERF_BIND")) s.bind = *v;
  if (auto v = get("KERF_DATA")) s.data_dir = *v;
  if (auto v = get("KERF_DATABASE_URL")) s.database_url = *v;
  if (auto v = get("KERF_WEB_DIR")) s.web_dir = *v;
  if (auto v = get("KERF_TLS_CERT")) s.tls_cert = *v;
  if (auto v = get("KERF_TLS_KEY")) s.tls_key = *v;
  if (auto v = get("KERF_MQTT_URL")) s.mqtt_url = *v;
  if (auto v = get("KERF_PLANT")) s.plant_code = *v;
  if (auto v = get("KERF_INGEST")) {
    auto b = parse_bool("KERF_INGEST", *v);
    if (!b) return b.error();
    s.ingest_enabled = *b;
  }
  if (auto v = get("KERF_PORT")) {
    auto port = parse_int("KERF_PORT", *v);
    if (!port) return port.error();
    if (auto st = check_port("KERF_PORT", *port); !st) return st;
    s.port = static_cast<uint16_t>(*port);
  }
  if (auto v = get("KERF_THREADS")) {
    auto n = parse_int("KERF_THREADS", *v);
    if (!n) return n.error();
    if (*n < 0 || *n > 256) return Error::invalid("KERF_THREADS", "must be in 0..256");
    s.threads = static_cast<int>(*n);
  }
  for (const auto& b : kBackgroundSettings) {
    auto v = get(b.env_key);
    if (v == nullptr) continue;
    auto n = parse_int(b.env_key, *v);
    if (!n) return n.error();
    if (*n < b.lo || *n > b.hi) {
      return Error::invalid(
          b.env_key, "must be an integer in " + std::to_string(b.lo) + ".." + std::to_string(b.hi));
    }
    s.*b.member = *n;
  }
  if (auto v = get("KERF_LOG_LEVEL")) {
    if (auto st = check_log_level("KERF_LOG_LEVEL", *v); !st) return st;
    s.log_level = *v;
  }
  if (auto v = get("KERF_LOG_JSON")) {
    auto b = parse_bool("KERF_LOG_JSON", *v);
    if (!b) return b.error();
    s.log_json = *b;
  }
  return {};
}

}  // namespace

std::string Settings::effective_database_url() const {
  if (!database_url.empty()) return database_url;
  return "sqlite:" + data_dir + "/kerf.db";
}

Result<Settings> resolve_settings(const std::string& toml_text,
                                  const std::map<std::string, std::string>& env,
                                  const SettingsOverrides& flags) {
  Settings s;
  s.config_toml = toml_text;
  if (auto st = apply_toml(toml_text, s); !st) return st.error();
  if (auto st = apply_env(env, s); !st) return st.error();
  if (flags.bind) s.bind = *flags.bind;
  if (flags.port) s.port = *flags.port;
  if (flags.data_dir) s.data_dir = *flags.data_dir;
  if (flags.database_url) s.database_url = *flags.database_url;
  if (flags.threads) s.threads = *flags.threads;
  if (flags.log_level) {
    if (auto st = check_log_level("--log-level", *flags.log_level); !st) return st.error();
    s.log_level = *flags.log_level;
  }
  if (flags.demo) s.demo = *flags.demo;
  if (!s.mqtt_url.empty() && s.mqtt_url.rfind("tcp://", 0) != 0 &&
      s.mqtt_url.rfind("mqtt://", 0) != 0) {
    return Error::invalid("ingest.mqtt_url", "must start with tcp:// or mqtt://");
  }
  if (s.plant_code.empty() || s.plant_code.find_first_of("/#+") != std::string::npos) {
    return Error::invalid("ingest.plant", "must be non-empty without '/', '#' or '+'");
  }
  if (s.schedule_heartbeat_s >= s.schedule_silent_after_s) {
    return Error::invalid("scheduling.heartbeat_s",
                          "must be less than scheduling.silent_after_s (" +
                              std::to_string(s.schedule_silent_after_s) + ")");
  }
  return s;
}

std::map<std::string, std::string> kerf_environment() {
  std::map<std::string, std::string> out;
  for (char** e = environ; e && *e; ++e) {
    std::string entry(*e);
    if (entry.rfind("KERF_", 0) != 0) continue;
    auto eq = entry.find('=');
    if (eq == std::string::npos) continue;
    out[entry.substr(0, eq)] = entry.substr(eq + 1);
  }
  return out;
}

}  // namespace kerf
