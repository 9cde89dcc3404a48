// The one record that flows through ingestion: a normalised observation of one signal of one
// machine. Every source (MQTT JSON, Sparkplug B, MTConnect, OPC UA, scans) produces Samples;
// transforms derive more Samples from them (e.g. "state", "parts_delta"); sinks consume them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <variant>

namespace kerf::ingest {

// How far a value can be trusted.
enum class Quality {
  kGood,
  kUnavailable,  // the source says it has no value (MTConnect UNAVAILABLE, OPC UA Bad_*,
                 // Sparkplug is_null, a dead node): a state, not an error
  kBad,          // the source sent something but it is unusable (out of range, wrong type)
};
const char* to_string(Quality q);  // "good", "unavailable", "bad"

// A signal value. Text for enumerations (MTConnect EXECUTION "ACTIVE"), counters as int64.
using Value = std::variant<std::monostate, bool, int64_t, double, std::string>;

struct Sample {
  std::string machine;  // machine code (model::Machine::code), e.g. "LAS-1"
  std::string signal;   // normalised signal name (signals.h)
  int64_t ts_ms = 0;    // source timestamp, UTC milliseconds since the epoch
  Value value;
  Quality quality = Quality::kGood;
  std::string source;  // source instance, e.g. "mtconnect:http://127.0.0.1:5000", "edge:cell-2"
  uint64_t seq = 0;    // per-source sequence number, strictly increasing; 0 = the source has none

  friend bool operator==(const Sample&, const Sample&) = default;
};

// Numeric view of a value: bool -> 0/1, int, double; text and empty -> nullopt.
std::optional<double> as_number(const Value& v);
// Text view: strings as-is, numbers formatted, bool "true"/"false", empty -> "".
std::string as_text(const Value& v);

}  // namespace kerf::ingest
