#include "kerf/ingest/mqtt/signal_map.h"

#include <fmt/format.h>

#include <array>
#include <cmath>

#include "kerf/ingest/signals.h"

namespace kerf::ingest::mqtt {
namespace {

struct Alias {
  const char* name;
  SignalMapping mapping;
};

using K = SignalKind;
namespace s = signals;

// Accepted names (already normalised: lower case, '_' separators) and what they map to.
const std::array<Alias, 40> kAliases = {{
    {"availability", {s::kAvailability, K::kText}},
    {"estop", {s::kEmergencyStop, K::kText}},
    {"emergency_stop", {s::kEmergencyStop, K::kText}},
    {"execution", {s::kExecution, K::kText}},
    {"mode", {s::kControllerMode, K::kText}},
    {"controller_mode", {s::kControllerMode, K::kText}},
    {"running", {s::kRunning, K::kBool}},
    {"setup", {s::kSetup, K::kBool}},
    {"alarm", {s::kAlarm, K::kText}},
    {"part_count", {s::kPartCount, K::kInt}},
    {"parts", {s::kPartCount, K::kInt}},
    {"cycle_complete", {s::kCycleComplete, K::kBool}},
    {"inspection", {s::kInspection, K::kText}},
    {"pass", {s::kInspection, K::kText, "pass"}},
    {"fail", {s::kInspection, K::kText, "fail"}},
    {"rework", {s::kInspection, K::kText, "rework"}},
    {"program", {s::kProgram, K::kText}},
    {"speed_override", {s::kSpeedOverride, K::kNumber}},
    {"stroke_count", {s::kStrokeCount, K::kInt}},
    {"strokes_per_minute", {s::kStrokesPerMinute, K::kNumber}},
    {"tool", {s::kToolNumber, K::kText}},
    {"tonnage", {s::kTonnage, K::kNumber}},
    {"arc", {s::kArcOn, K::kBool}},
    {"arc_on", {s::kArcOn, K::kBool}},
    {"current", {s::kWeldCurrent, K::kNumber}},
    {"weld_current", {s::kWeldCurrent, K::kNumber}},
    {"voltage", {s::kWeldVoltage, K::kNumber}},
    {"weld_voltage", {s::kWeldVoltage, K::kNumber}},
    {"wire_feed", {s::kWireFeed, K::kNumber}},
    {"wire_feed_speed", {s::kWireFeed, K::kNumber}},
    {"gas_flow", {s::kGasFlow, K::kNumber}},
    {"welder", {s::kWelderId, K::kText}},
    {"welder_id", {s::kWelderId, K::kText}},
    {"wps", {s::kWpsId, K::kText}},
    {"wps_id", {s::kWpsId, K::kText}},
    {"scan", {s::kScan, K::kText}},
    {"barcode", {s::kScan, K::kText}},
    {"rfid", {s::kScan, K::kText}},
    {"tool_number", {s::kToolNumber, K::kText}},
    {"cycle", {s::kCycleComplete, K::kBool}},
}};

bool one_of(std::string_view v, std::initializer_list<std::string_view> allowed) {
  for (std::string_view a : allowed) {
    if (v == a) return true;
  }
  return false;
}

// The enumeration a text signal is restricted to; empty when free text.
Status check_enum(std::string_view signal, const std::string& text, const std::string& field) {
  if (signal == s::kExecution &&
      !one_of(text, {"ACTIVE", "READY", "INTERRUPTED", "FEED_HOLD", "STOPPED", "OPTIONAL_STOP",
                     "PROGRAM_STOPPED", "PROGRAM_COMPLETED", "WAIT"})) {
    return Error::invalid(field, fmt::format("unknown execution '{}'", text));
  }
  if (signal == s::kControllerMode &&
      !one_of(text, {"AUTOMATIC", "MANUAL", "MANUAL_DATA_INPUT", "SEMI_AUTOMATIC", "EDIT"})) {
    return Error::invalid(field, fmt::format("unknown controller mode '{}'", text));
  }
  if (signal == s::kAvailability && !one_of(text, {"AVAILABLE", "UNAVAILABLE"})) {
    return Error::invalid(field, "availability must be AVAILABLE or UNAVAILABLE");
  }
  if (signal == s::kEmergencyStop && !one_of(text, {"ARMED", "TRIGGERED"})) {
    return Error::invalid(field, "estop must be ARMED or TRIGGERED");
  }
  if (signal == s::kInspection && !one_of(text, {"pass", "fail", "rework"})) {
    return Error::invalid(field, "inspection must be pass, fail or rework");
  }
  if (signal == s::kAlarm) {
    auto bar = text.find('|');
    std::string_view level = std::string_view(text).substr(0, bar);
    if (bar == std::string::npos || text.find('|', bar + 1) == std::string::npos ||
        !one_of(level, {"NORMAL", "WARNING", "FAULT"})) {
      return Error::invalid(field, "alarm must be '<NORMAL|WARNING|FAULT>|<code>|<text>'");
    }
  }
  return ok_status();
}

}  // namespace

const SignalMapping* map_signal_name(std::string_view name) {
  auto slash = name.rfind('/');
  if (slash != std::string_view::npos) name = name.substr(slash + 1);
  if (name.empty() || name.size() > 64) return nullptr;
  std::string key;
  key.reserve(name.size());
  for (char c : name) {
    if (c == ' ' || c == '-') {
      key.push_back('_');
    } else if (c >= 'A' && c <= 'Z') {
      key.push_back(static_cast<char>(c - 'A' + 'a'));
    } else {
      key.push_back(c);
    }
  }
  for (const Alias& a : kAliases) {
    if (key == a.name) return &a.mapping;
  }
  return nullptr;
}

Result<Value> check_signal_value(const SignalMapping& m, Value v, const std::string& field) {
  if (std::holds_alternative<std::monostate>(v)) return v;
  switch (m.kind) {
    case SignalKind::kBool: {
      if (std::holds_alternative<bool>(v)) return v;
      if (const auto* i = std::get_if<int64_t>(&v); i != nullptr && (*i == 0 || *i == 1)) {
        return Value(*i == 1);
      }
      return Error::invalid(field, fmt::format("{} expects a boolean", m.signal));
    }
    case SignalKind::kInt: {
      if (const auto* i = std::get_if<int64_t>(&v)) {
        if (*i < 0) return Error::invalid(field, fmt::format("{} must be >= 0", m.signal));
        return v;
      }
      if (const auto* d = std::get_if<double>(&v)) {
        if (std::isfinite(*d) && *d >= 0 && *d < 9.0e18 && std::floor(*d) == *d) {
          return Value(static_cast<int64_t>(*d));
        }
      }
      return Error::invalid(field, fmt::format("{} expects an integer >= 0", m.signal));
    }
    case SignalKind::kNumber: {
      if (const auto* i = std::get_if<int64_t>(&v)) return Value(static_cast<double>(*i));
      if (const auto* d = std::get_if<double>(&v); d != nullptr && std::isfinite(*d)) return v;
      return Error::invalid(field, fmt::format("{} expects a finite number", m.signal));
    }
    case SignalKind::kText: {
      const auto* t = std::get_if<std::string>(&v);
      if (t == nullptr) return Error::invalid(field, fmt::format("{} expects a string", m.signal));
      if (t->empty() || t->size() > 256) {
        return Error::invalid(field, fmt::format("{} must be 1..256 bytes", m.signal));
      }
      if (Status st = check_enum(m.signal, *t, field); !st.ok()) return st.error();
      return v;
    }
  }
  return Error::invalid(field, "unknown signal kind");
}

}  // namespace kerf::ingest::mqtt
