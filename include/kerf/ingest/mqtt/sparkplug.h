// Sparkplug B (Eclipse Sparkplug 3.0) topics and payloads as plain C++ values: decode / encode
// the protobuf payload (src/ingest/mqtt/sparkplug_b.proto) and the spBv1.0 topic namespace.
// No state: the host state machine is sparkplug_host.h. Format notes in docs/mqtt_format.md.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

inline constexpr std::size_t kMaxSparkplugPayload = 256 * 1024;

// Sparkplug DataType codes (the scalar ones kerf maps; others are kept as numbers).
enum class SpDataType : uint32_t {
  kUnknown = 0,
  kInt8 = 1,
  kInt16 = 2,
  kInt32 = 3,
  kInt64 = 4,
  kUInt8 = 5,
  kUInt16 = 6,
  kUInt32 = 7,
  kUInt64 = 8,
  kFloat = 9,
  kDouble = 10,
  kBoolean = 11,
  kString = 12,
  kDateTime = 13,
  kText = 14,
  kUuid = 15,
  kDataSet = 16,
  kBytes = 17,
};

// The metric value exactly as on the wire (which oneof field carried it).
struct SpBytes {
  std::string data;
  friend bool operator==(const SpBytes&, const SpBytes&) = default;
};
using SpWireValue = std::variant<std::monostate, uint32_t /*int_value*/, uint64_t /*long_value*/,
                                 float, double, bool, std::string, SpBytes>;

struct SpMetric {
  std::string name;  // "" when only the alias was sent
  std::optional<uint64_t> alias;
  std::optional<uint64_t> timestamp;  // UTC ms
  std::optional<uint32_t> datatype;
  bool is_null = false;
  SpWireValue value;
  friend bool operator==(const SpMetric&, const SpMetric&) = default;
};

struct SpPayload {
  std::optional<uint64_t> timestamp;
  std::optional<uint64_t> seq;
  std::vector<SpMetric> metrics;
  friend bool operator==(const SpPayload&, const SpPayload&) = default;
};

// Parses protobuf bytes. Errors (field "payload"): too large, not a Sparkplug payload.
Result<SpPayload> decode_sparkplug(std::string_view bytes);
// Serialises `p` (a metric's wire value goes into its oneof field).
std::string encode_sparkplug(const SpPayload& p);

// A metric carrying `v` in the wire field `type` prescribes (Int8..UInt32 int_value, Int64,
// UInt64, DateTime long_value, Float, Double, Boolean, String/Text/UUID string_value); a
// monostate `v` makes is_null.
SpMetric make_metric(std::string name, SpDataType type, const Value& v,
                     std::optional<uint64_t> alias = std::nullopt);

// The value of a wire value read as `type`: signed types sign-extend, UInt64 above INT64_MAX and
// a wire field that does not fit the type are errors naming `field`.
Result<Value> metric_value(const SpWireValue& wire, SpDataType type, const std::string& field);

enum class SpMessageType { kNBirth, kNDeath, kNData, kNCmd, kDBirth, kDDeath, kDData, kDCmd };
const char* to_string(SpMessageType t);  // "NBIRTH" ...

struct SpTopic {
  std::string group;
  SpMessageType type = SpMessageType::kNData;
  std::string edge_node;
  std::string device;  // "" for node-level messages
};

// spBv1.0/<group>/<type>/<edge node>[/<device>]; device messages need the device level, node
// messages must not have it. Errors name field "topic".
Result<SpTopic> parse_sparkplug_topic(std::string_view topic);
std::string sparkplug_topic(std::string_view group, SpMessageType type, std::string_view edge_node,
                            std::string_view device = "");

}  // namespace kerf::ingest::mqtt
