// Maps the signal names machines send over MQTT (the <signal> topic level of the JSON scheme, a
// Sparkplug B metric name) to the normalised vocabulary of kerf/ingest/signals.h, and checks a
// value against the signal's type. docs/mqtt_format.md lists the table.
#pragma once

#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

// The value type a normalised signal carries.
enum class SignalKind { kBool, kInt, kNumber, kText };

struct SignalMapping {
  const char* signal = nullptr;  // signals.h name
  SignalKind kind = SignalKind::kText;
  // For the polishing pulses "pass" / "fail" / "rework": the fixed inspection value they mean
  // ("" otherwise).
  const char* fixed_text = "";
};

// The mapping of `name` (case-insensitive; spaces and '-' count as '_'; a Sparkplug folder
// prefix "Welding/" is ignored: only the last '/' segment counts), or nullptr when unknown.
const SignalMapping* map_signal_name(std::string_view name);

// Checks and normalises `v` for `m`: bool signals take bool (or 0/1), int signals an integer
// >= 0 (a double with no fraction is accepted), number signals any finite number, text signals
// a non-empty string of at most 256 bytes, with the signal's enumeration enforced (execution,
// mode, availability, estop, inspection, alarm level). std::monostate is always accepted (no
// value). The error names `field` and the reason.
Result<Value> check_signal_value(const SignalMapping& m, Value v, const std::string& field);

}  // namespace kerf::ingest::mqtt
