// The OPC UA binary encoding, reading side (include/kerf/ingest/opcua/binary.h).
#include <fmt/format.h>

#include <bit>
#include <cstring>

#include "ingest/opcua/encoding.h"
#include "kerf/ingest/opcua/binary.h"

namespace kerf::ingest::opcua {

using namespace encoding;  // NOLINT(build/namespaces): the encoding's constants


Error Reader::to_error(std::string_view what) const {
  return Error::invalid(std::string(what), error_.empty() ? "malformed" : error_);
}

void Reader::fail(std::string_view field, std::string_view message) {
  if (!error_.empty()) return;
  error_ = fmt::format("{}: {} (at byte {})", field, message, pos_);
}

bool Reader::need(std::size_t n, std::string_view field) {
  if (!ok()) return false;
  if (data_.size() - pos_ < n) {
    fail(field, fmt::format("truncated: needs {} bytes, {} left", n, data_.size() - pos_));
    return false;
  }
  return true;
}

uint8_t Reader::u8(std::string_view field) {
  if (!need(1, field)) return 0;
  return data_[pos_++];
}

uint16_t Reader::u16(std::string_view field) {
  if (!need(2, field)) return 0;
  uint16_t v = static_cast<uint16_t>(data_[pos_] | (data_[pos_ + 1] << 8));
  pos_ += 2;
  return v;
}

uint32_t Reader::u32(std::string_view field) {
  if (!need(4, field)) return 0;
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(data_[pos_ + i]) << (8 * i);
  pos_ += 4;
  return v;
}

uint64_t Reader::u64(std::string_view field) {
  if (!need(8, field)) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(data_[pos_ + i]) << (8 * i);
  pos_ += 8;
  return v;
}

float Reader::f32(std::string_view field) { return std::bit_cast<float>(u32(field)); }
double Reader::f64(std::string_view field) { return std::bit_cast<double>(u64(field)); }

std::span<const uint8_t> Reader::raw(std::size_t n, std::string_view field) {
  if (!need(n, field)) return {};
  auto out = data_.subspan(pos_, n);
  pos_ += n;
  return out;
}

std::string Reader::string(std::string_view field, bool* is_null) {
  const int32_t n = i32(field);
  if (is_null) *is_null = n == -1;
  if (n == -1 || !ok()) return {};
  if (n < -1) {
    fail(field, fmt::format("negative length {}", n));
    return {};
  }
  auto bytes = raw(static_cast<std::size_t>(n), field);
  return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
}

std::vector<uint8_t> Reader::byte_string(std::string_view field) {
  const int32_t n = i32(field);
  if (n == -1 || !ok()) return {};
  if (n < -1) {
    fail(field, fmt::format("negative length {}", n));
    return {};
  }
  auto bytes = raw(static_cast<std::size_t>(n), field);
  return {bytes.begin(), bytes.end()};
}

Guid Reader::guid(std::string_view field) {
  Guid g;
  g.data1 = u32(field);
  g.data2 = u16(field);
  g.data3 = u16(field);
  auto tail = raw(8, field);
  if (tail.size() == 8) std::memcpy(g.data4.data(), tail.data(), 8);
  return g;
}

NodeId Reader::node_id_body(uint8_t encoding, std::string_view field) {
  NodeId id;
  switch (encoding) {
    case kTwoByte:
      id.id = uint32_t{u8(field)};
      break;
    case kFourByte:
      id.ns = u8(field);
      id.id = uint32_t{u16(field)};
      break;
    case kNumeric:
      id.ns = u16(field);
      id.id = u32(field);
      break;
    case kStringId:
      id.ns = u16(field);
      id.id = string(field);
      break;
    case kGuidId:
      id.ns = u16(field);
      id.id = guid(field);
      break;
    case kOpaque:
      id.ns = u16(field);
      id.id = byte_string(field);
      break;
    default:
      fail(field, fmt::format("unknown NodeId encoding {}", encoding));
  }
  return id;
}

NodeId Reader::node_id(std::string_view field) {
  const uint8_t enc = u8(field);
  if (enc & 0xC0) fail(field, "ExpandedNodeId flags in a NodeId");
  return node_id_body(enc & 0x3F, field);
}

ExpandedNodeId Reader::expanded_node_id(std::string_view field) {
  ExpandedNodeId out;
  const uint8_t enc = u8(field);
  out.node = node_id_body(enc & 0x3F, field);
  if (enc & kNamespaceUriFlag) out.namespace_uri = string(field);
  if (enc & kServerIndexFlag) out.server_index = u32(field);
  return out;
}

QualifiedName Reader::qualified_name(std::string_view field) {
  QualifiedName q;
  q.ns = u16(field);
  q.name = string(field);
  return q;
}

LocalizedText Reader::localized_text(std::string_view field) {
  LocalizedText t;
  const uint8_t mask = u8(field);
  if (mask & ~0x03) fail(field, fmt::format("unknown LocalizedText mask 0x{:02x}", mask));
  if (mask & 0x01) t.locale = string(field);
  if (mask & 0x02) t.text = string(field);
  return t;
}

ExtensionObject Reader::extension_object(std::string_view field) {
  ExtensionObject e;
  e.type_id = node_id(field);
  e.encoding = u8(field);
  if (e.encoding > 2) fail(field, fmt::format("unknown ExtensionObject encoding {}", e.encoding));
  if (e.encoding != 0) e.body = byte_string(field);
  return e;
}

Variant::Scalar Reader::scalar(BuiltinType type, std::string_view field) {
  switch (type) {
    case BuiltinType::kNull:
      return std::monostate{};
    case BuiltinType::kBoolean:
      return boolean(field);
    case BuiltinType::kSByte:
      return int64_t{i8(field)};
    case BuiltinType::kByte:
      return uint64_t{u8(field)};
    case BuiltinType::kInt16:
      return int64_t{i16(field)};
    case BuiltinType::kUInt16:
      return uint64_t{u16(field)};
    case BuiltinType::kInt32:
      return int64_t{i32(field)};
    case BuiltinType::kUInt32:
      return uint64_t{u32(field)};
    case BuiltinType::kInt64:
      return i64(field);
    case BuiltinType::kUInt64:
      return u64(field);
    case BuiltinType::kFloat:
      return double{f32(field)};
    case BuiltinType::kDouble:
      return f64(field);
    case BuiltinType::kString:
    case BuiltinType::kXmlElement:
      return string(field);
    case BuiltinType::kByteString: {
      auto b = byte_string(field);
      return std::string(b.begin(), b.end());
    }
    case BuiltinType::kDateTime:
      return i64(field);
    case BuiltinType::kGuid:
      return guid(field);
    case BuiltinType::kNodeId:
      return node_id(field);
    case BuiltinType::kExpandedNodeId:
      return expanded_node_id(field);
    case BuiltinType::kStatusCode:
      return uint64_t{u32(field)};
    case BuiltinType::kQualifiedName:
      return qualified_name(field);
    case BuiltinType::kLocalizedText:
      return localized_text(field);
    case BuiltinType::kExtensionObject:
      return extension_object(field);
    case BuiltinType::kDataValue:
      return std::make_shared<DataValue>(data_value(field));
    case BuiltinType::kVariant:
      return std::make_shared<Variant>(variant(field));
    case BuiltinType::kDiagnosticInfo:
      diagnostic_info(field);
      return std::monostate{};
  }
  return std::monostate{};
}

Variant Reader::variant(std::string_view field) {
  Variant v;
  const uint8_t mask = u8(field);
  if (!ok()) return v;
  const uint8_t type = mask & 0x3F;
  if (!valid_builtin(type)) {
    fail(field, fmt::format("unknown Variant type {}", type));
    return v;
  }
  if (++depth_ > kMaxDepth) {
    fail(field, "Variant nested too deeply");
    return v;
  }
  v.type = static_cast<BuiltinType>(type);
  if (mask & 0x80) {
    v.is_array = true;
    const int32_t n = array_length(field);
    v.array.reserve(static_cast<std::size_t>(n));
    for (int32_t i = 0; i < n && ok(); ++i) v.array.push_back(scalar(v.type, field));
    if (mask & 0x40)
      v.dimensions = array<int32_t>(
          field, [&](Reader& r) { return r.i32(field); }, 4);
  } else {
    if (mask & 0x40) fail(field, "array dimensions on a scalar Variant");
    if (v.type == BuiltinType::kVariant) fail(field, "a scalar Variant inside a Variant");
    v.scalar = scalar(v.type, field);
  }
  --depth_;
  return v;
}

DataValue Reader::data_value(std::string_view field) {
  DataValue v;
  const uint8_t mask = u8(field);
  if (mask & 0xC0) fail(field, fmt::format("unknown DataValue mask 0x{:02x}", mask));
  if (mask & 0x01) v.value = variant(field);
  if (mask & 0x02) v.status = u32(field);
  if (mask & 0x04) v.source_timestamp = i64(field);
  if (mask & 0x10) v.source_picoseconds = u16(field);
  if (mask & 0x08) v.server_timestamp = i64(field);
  if (mask & 0x20) v.server_picoseconds = u16(field);
  return v;
}

DiagnosticInfo Reader::diagnostic_info(std::string_view field) {
  DiagnosticInfo d;
  const uint8_t mask = u8(field);
  if (mask & 0x80) fail(field, fmt::format("unknown DiagnosticInfo mask 0x{:02x}", mask));
  if (++depth_ > kMaxDepth) {
    fail(field, "DiagnosticInfo nested too deeply");
    return d;
  }
  if (mask & 0x01) d.symbolic_id = i32(field);
  if (mask & 0x02) d.namespace_uri = i32(field);
  if (mask & 0x08) d.locale = i32(field);
  if (mask & 0x04) d.localized_text = i32(field);
  if (mask & 0x10) d.additional_info = string(field);
  if (mask & 0x20) d.inner_status = u32(field);
  if ((mask & 0x40) && ok()) d.inner = std::make_shared<DiagnosticInfo>(diagnostic_info(field));
  --depth_;
  return d;
}

int32_t Reader::array_length(std::string_view field, std::size_t min_element_size) {
  const int32_t n = i32(field);
  if (!ok() || n == -1) return 0;
  if (n < -1) {
    fail(field, fmt::format("negative array length {}", n));
    return 0;
  }
  if (n > kMaxArrayLength) {
    fail(field, fmt::format("array of {} elements exceeds the limit {}", n, kMaxArrayLength));
    return 0;
  }
  if (static_cast<std::size_t>(n) * min_element_size > remaining()) {
    fail(field, fmt::format("array of {} elements but only {} bytes left", n, remaining()));
    return 0;
  }
  return n;
}

void Reader::skip_diagnostic_infos(std::string_view field) {
  const int32_t n = array_length(field);
  for (int32_t i = 0; i < n && ok(); ++i) diagnostic_info(field);
}

std::string status_name(StatusCode s) {
  switch (s) {
    case kGood:
      return "Good";
    case status::kBadTimeout:
      return "BadTimeout";
    case status::kBadNothingToDo:
      return "BadNothingToDo";
    case status::kBadTooManyOperations:
      return "BadTooManyOperations";
    case status::kBadIdentityTokenInvalid:
      return "BadIdentityTokenInvalid";
    case status::kBadIdentityTokenRejected:
      return "BadIdentityTokenRejected";
    case status::kBadSecureChannelIdInvalid:
      return "BadSecureChannelIdInvalid";
    case status::kBadSessionIdInvalid:
      return "BadSessionIdInvalid";
    case status::kBadSessionClosed:
      return "BadSessionClosed";
    case status::kBadSessionNotActivated:
      return "BadSessionNotActivated";
    case status::kBadSubscriptionIdInvalid:
      return "BadSubscriptionIdInvalid";
    case status::kBadNodeIdUnknown:
      return "BadNodeIdUnknown";
    case status::kBadUserAccessDenied:
      return "BadUserAccessDenied";
    case status::kBadNoSubscription:
      return "BadNoSubscription";
    case status::kBadMessageNotAvailable:
      return "BadMessageNotAvailable";
    case status::kBadTooManyPublishRequests:
      return "BadTooManyPublishRequests";
    case status::kBadSequenceNumberUnknown:
      return "BadSequenceNumberUnknown";
    case status::kBadWaitingForInitialData:
      return "BadWaitingForInitialData";
    case status::kBadCommunicationError:
      return "BadCommunicationError";
    default:
      return fmt::format("0x{:08X}", s);
  }
}

}  // namespace kerf::ingest::opcua
