// OPC UA built-in data types (OPC 10000-6 §5.1/5.2), as plain values: the subset kerf's client
// reads and writes. Encoding lives in binary.h; nothing here touches sockets.
#pragma once

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace kerf::ingest::opcua {

// Built-in type ids used in Variant encodings.
enum class BuiltinType : uint8_t {
  kNull = 0,
  kBoolean = 1,
  kSByte = 2,
  kByte = 3,
  kInt16 = 4,
  kUInt16 = 5,
  kInt32 = 6,
  kUInt32 = 7,
  kInt64 = 8,
  kUInt64 = 9,
  kFloat = 10,
  kDouble = 11,
  kString = 12,
  kDateTime = 13,
  kGuid = 14,
  kByteString = 15,
  kXmlElement = 16,
  kNodeId = 17,
  kExpandedNodeId = 18,
  kStatusCode = 19,
  kQualifiedName = 20,
  kLocalizedText = 21,
  kExtensionObject = 22,
  kDataValue = 23,
  kVariant = 24,
  kDiagnosticInfo = 25,
};

// A StatusCode: the top two bits say Good (00), Uncertain (01) or Bad (10).
using StatusCode = uint32_t;
inline constexpr StatusCode kGood = 0;
inline bool is_bad(StatusCode s) { return (s & 0x80000000u) != 0; }
inline bool is_uncertain(StatusCode s) { return (s & 0xC0000000u) == 0x40000000u; }
// Symbolic name of the common status codes ("BadSessionIdInvalid"), or "0x...." hex.
std::string status_name(StatusCode s);

// Well-known status codes the client reacts to.
namespace status {
inline constexpr StatusCode kBadTimeout = 0x800A0000;
inline constexpr StatusCode kBadNothingToDo = 0x800F0000;
inline constexpr StatusCode kBadTooManyOperations = 0x80100000;
inline constexpr StatusCode kBadIdentityTokenInvalid = 0x80200000;
inline constexpr StatusCode kBadIdentityTokenRejected = 0x80210000;
inline constexpr StatusCode kBadSecureChannelIdInvalid = 0x80220000;
inline constexpr StatusCode kBadSessionIdInvalid = 0x80250000;
inline constexpr StatusCode kBadSessionClosed = 0x80260000;
inline constexpr StatusCode kBadSessionNotActivated = 0x80270000;
inline constexpr StatusCode kBadSubscriptionIdInvalid = 0x80280000;
inline constexpr StatusCode kBadNodeIdUnknown = 0x80340000;
inline constexpr StatusCode kBadUserAccessDenied = 0x801F0000;
inline constexpr StatusCode kBadNoSubscription = 0x80790000;
inline constexpr StatusCode kBadMessageNotAvailable = 0x807B0000;
inline constexpr StatusCode kBadTooManyPublishRequests = 0x80780000;
inline constexpr StatusCode kBadSequenceNumberUnknown = 0x807A0000;
inline constexpr StatusCode kBadWaitingForInitialData = 0x80320000;
inline constexpr StatusCode kBadCommunicationError = 0x80050000;
}  // namespace status

struct Guid {
  uint32_t data1 = 0;
  uint16_t data2 = 0;
  uint16_t data3 = 0;
  std::array<uint8_t, 8> data4{};
  friend bool operator==(const Guid&, const Guid&) = default;
};

// A NodeId in any of its four identifier forms (numeric, string, guid, opaque).
struct NodeId {
  uint16_t ns = 0;
  std::variant<uint32_t, std::string, Guid, std::vector<uint8_t>> id = uint32_t{0};

  static NodeId numeric(uint16_t ns, uint32_t id) { return NodeId{ns, id}; }
  static NodeId string(uint16_t ns, std::string s) { return NodeId{ns, std::move(s)}; }
  bool is_null() const;
  friend bool operator==(const NodeId&, const NodeId&) = default;
};
// "ns=1;s=PUN-1.StrokeCount", "i=85", "ns=2;g=...", "ns=3;b=<hex>".
std::string to_string(const NodeId& id);

struct ExpandedNodeId {
  NodeId node;
  std::string namespace_uri;  // "" when absent
  uint32_t server_index = 0;
  friend bool operator==(const ExpandedNodeId&, const ExpandedNodeId&) = default;
};

struct QualifiedName {
  uint16_t ns = 0;
  std::string name;
  friend bool operator==(const QualifiedName&, const QualifiedName&) = default;
};

struct LocalizedText {
  std::optional<std::string> locale;
  std::optional<std::string> text;
  friend bool operator==(const LocalizedText&, const LocalizedText&) = default;
};

// An encoded structure: its binary encoding id and the undecoded body (empty when none).
struct ExtensionObject {
  NodeId type_id;
  uint8_t encoding = 0;  // 0 no body, 1 binary body, 2 XML body
  std::vector<uint8_t> body;
  friend bool operator==(const ExtensionObject&, const ExtensionObject&) = default;
};

// DateTime: 100 ns ticks since 1601-01-01 UTC. Helpers convert to Unix milliseconds.
using DateTime = int64_t;
int64_t datetime_to_unix_ms(DateTime t);  // 0 (the null DateTime) -> 0
DateTime unix_ms_to_datetime(int64_t ms);

struct DataValue;
struct Variant;

// A Variant holds nothing, one scalar of a built-in type, or an array of scalars of one type.
// Scalars are stored widened: every integer type as int64_t/uint64_t, Float as double; `type`
// remembers the wire type so encoding is lossless.
struct Variant {
  using Scalar = std::variant<std::monostate, bool, int64_t, uint64_t, double, std::string, Guid,
                              NodeId, ExpandedNodeId, QualifiedName, LocalizedText, ExtensionObject,
                              std::shared_ptr<DataValue>, std::shared_ptr<Variant>>;
  BuiltinType type = BuiltinType::kNull;
  bool is_array = false;
  Scalar scalar;                    // when !is_array
  std::vector<Scalar> array;        // when is_array
  std::vector<int32_t> dimensions;  // optional array dimensions

  static Variant of(BuiltinType type, Scalar s);
  bool empty() const { return type == BuiltinType::kNull; }
};
bool operator==(const Variant& a, const Variant& b);

struct DataValue {
  std::optional<Variant> value;
  StatusCode status = kGood;  // absent on the wire means Good
  DateTime source_timestamp = 0;
  DateTime server_timestamp = 0;
  uint16_t source_picoseconds = 0;
  uint16_t server_picoseconds = 0;
};
bool operator==(const DataValue& a, const DataValue& b);

// DiagnosticInfo is decoded only to be skipped; these are its fields for completeness.
struct DiagnosticInfo {
  int32_t symbolic_id = -1;
  int32_t namespace_uri = -1;
  int32_t localized_text = -1;
  int32_t locale = -1;
  std::optional<std::string> additional_info;
  std::optional<StatusCode> inner_status;
  std::shared_ptr<DiagnosticInfo> inner;
};

}  // namespace kerf::ingest::opcua
