#include "kerf/ingest/opcua/binary.h"

#include <fmt/format.h>

#include <bit>
#include <cstring>

namespace kerf::ingest::opcua {

namespace {

constexpr int64_t kEpochDelta = 116444736000000000;  // 1601-01-01 -> 1970-01-01 in 100 ns ticks

// NodeId encoding bytes (OPC 10000-6 §5.2.2.9).
constexpr uint8_t kTwoByte = 0, kFourByte = 1, kNumeric = 2, kStringId = 3, kGuidId = 4,
                  kOpaque = 5;
constexpr uint8_t kNamespaceUriFlag = 0x80, kServerIndexFlag = 0x40;

bool valid_builtin(uint8_t t) { return t <= 25; }

}  // namespace

int64_t datetime_to_unix_ms(DateTime t) {
  if (t == 0) return 0;
  return (t - kEpochDelta) / 10000;
}

DateTime unix_ms_to_datetime(int64_t ms) { return ms * 10000 + kEpochDelta; }

bool NodeId::is_null() const {
  if (ns != 0) return false;
  if (const auto* n = std::get_if<uint32_t>(&id)) return *n == 0;
  if (const auto* s = std::get_if<std::string>(&id)) return s->empty();
  return false;
}

std::string to_string(const NodeId& id) {
  std::string prefix = id.ns == 0 ? "" : fmt::format("ns={};", id.ns);
  if (const auto* n = std::get_if<uint32_t>(&id.id)) return prefix + fmt::format("i={}", *n);
  if (const auto* s = std::get_if<std::string>(&id.id)) return prefix + "s=" + *s;
  if (const auto* g = std::get_if<Guid>(&id.id)) {
    std::string tail;
    for (int i = 0; i < 8; ++i) tail += fmt::format("{}{:02X}", i == 2 ? "-" : "", g->data4[i]);
    return prefix + fmt::format("g={:08X}-{:04X}-{:04X}-{}", g->data1, g->data2, g->data3, tail);
  }
  std::string hex;
  for (uint8_t b : std::get<std::vector<uint8_t>>(id.id)) hex += fmt::format("{:02x}", b);
  return prefix + "b=" + hex;
}

Variant Variant::of(BuiltinType type, Scalar s) {
  Variant v;
  v.type = type;
  v.scalar = std::move(s);
  return v;
}

namespace {
bool scalar_equal(const Variant::Scalar& a, const Variant::Scalar& b) {
  if (a.index() != b.index()) return false;
  if (const auto* da = std::get_if<std::shared_ptr<DataValue>>(&a)) {
    const auto& db = std::get<std::shared_ptr<DataValue>>(b);
    if (!*da || !db) return !*da && !db;
    return **da == *db;
  }
  if (const auto* va = std::get_if<std::shared_ptr<Variant>>(&a)) {
    const auto& vb = std::get<std::shared_ptr<Variant>>(b);
    if (!*va || !vb) return !*va && !vb;
    return **va == *vb;
  }
  return a == b;
}
}  // namespace

bool operator==(const Variant& a, const Variant& b) {
  if (a.type != b.type || a.is_array != b.is_array || a.dimensions != b.dimensions) return false;
  if (!a.is_array) return scalar_equal(a.scalar, b.scalar);
  if (a.array.size() != b.array.size()) return false;
  for (std::size_t i = 0; i < a.array.size(); ++i) {
    if (!scalar_equal(a.array[i], b.array[i])) return false;
  }
  return true;
}

bool operator==(const DataValue& a, const DataValue& b) {
  return a.value == b.value && a.status == b.status && a.source_timestamp == b.source_timestamp &&
         a.server_timestamp == b.server_timestamp && a.source_picoseconds == b.source_picoseconds &&
         a.server_picoseconds == b.server_picoseconds;
}

// ---------------------------------------------------------------- Writer

void Writer::u16(uint16_t v) {
  u8(static_cast<uint8_t>(v));
  u8(static_cast<uint8_t>(v >> 8));
}
void Writer::u32(uint32_t v) {
  for (int i = 0; i < 4; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
}
void Writer::u64(uint64_t v) {
  for (int i = 0; i < 8; ++i) u8(static_cast<uint8_t>(v >> (8 * i)));
}
void Writer::f32(float v) { u32(std::bit_cast<uint32_t>(v)); }
void Writer::f64(double v) { u64(std::bit_cast<uint64_t>(v)); }

void Writer::string(std::string_view s) {
  i32(static_cast<int32_t>(s.size()));
  buf_.insert(buf_.end(), s.begin(), s.end());
}

void Writer::byte_string(std::span<const uint8_t> b) {
  i32(static_cast<int32_t>(b.size()));
  raw(b);
}

void Writer::guid(const Guid& g) {
  u32(g.data1);
  u16(g.data2);
  u16(g.data3);
  raw(g.data4);
}

namespace {
void write_node_id(Writer& w, const NodeId& id, uint8_t flags) {
  if (const auto* n = std::get_if<uint32_t>(&id.id)) {
    if (id.ns == 0 && *n <= 0xFF) {
      w.u8(kTwoByte | flags);
      w.u8(static_cast<uint8_t>(*n));
    } else if (id.ns <= 0xFF && *n <= 0xFFFF) {
      w.u8(kFourByte | flags);
      w.u8(static_cast<uint8_t>(id.ns));
      w.u16(static_cast<uint16_t>(*n));
    } else {
      w.u8(kNumeric | flags);
      w.u16(id.ns);
      w.u32(*n);
    }
    return;
  }
  if (const auto* s = std::get_if<std::string>(&id.id)) {
    w.u8(kStringId | flags);
    w.u16(id.ns);
    w.string(*s);
    return;
  }
  if (const auto* g = std::get_if<Guid>(&id.id)) {
    w.u8(kGuidId | flags);
    w.u16(id.ns);
    w.guid(*g);
    return;
  }
  w.u8(kOpaque | flags);
  w.u16(id.ns);
  w.byte_string(std::get<std::vector<uint8_t>>(id.id));
}
}  // namespace

void Writer::node_id(const NodeId& id) { write_node_id(*this, id, 0); }

void Writer::expanded_node_id(const ExpandedNodeId& id) {
  uint8_t flags = 0;
  if (!id.namespace_uri.empty()) flags |= kNamespaceUriFlag;
  if (id.server_index != 0) flags |= kServerIndexFlag;
  write_node_id(*this, id.node, flags);
  if (!id.namespace_uri.empty()) string(id.namespace_uri);
  if (id.server_index != 0) u32(id.server_index);
}

void Writer::qualified_name(const QualifiedName& q) {
  u16(q.ns);
  string(q.name);
}

void Writer::localized_text(const LocalizedText& t) {
  u8((t.locale ? 0x01 : 0) | (t.text ? 0x02 : 0));
  if (t.locale) string(*t.locale);
  if (t.text) string(*t.text);
}

void Writer::extension_object(const ExtensionObject& e) {
  node_id(e.type_id);
  u8(e.encoding);
  if (e.encoding != 0) byte_string(e.body);
}

void Writer::scalar(BuiltinType type, const Variant::Scalar& s) {
  auto as_i = [&]() { return std::holds_alternative<int64_t>(s) ? std::get<int64_t>(s) : 0; };
  auto as_u = [&]() { return std::holds_alternative<uint64_t>(s) ? std::get<uint64_t>(s) : 0; };
  auto as_d = [&]() { return std::holds_alternative<double>(s) ? std::get<double>(s) : 0.0; };
  auto as_s = [&]() -> std::string {
    return std::holds_alternative<std::string>(s) ? std::get<std::string>(s) : std::string();
  };
  switch (type) {
    case BuiltinType::kNull:
      return;
    case BuiltinType::kBoolean:
      boolean(std::holds_alternative<bool>(s) && std::get<bool>(s));
      return;
    case BuiltinType::kSByte:
      i8(static_cast<int8_t>(as_i()));
      return;
    case BuiltinType::kByte:
      u8(static_cast<uint8_t>(as_u()));
      return;
    case BuiltinType::kInt16:
      i16(static_cast<int16_t>(as_i()));
      return;
    case BuiltinType::kUInt16:
      u16(static_cast<uint16_t>(as_u()));
      return;
    case BuiltinType::kInt32:
      i32(static_cast<int32_t>(as_i()));
      return;
    case BuiltinType::kUInt32:
      u32(static_cast<uint32_t>(as_u()));
      return;
    case BuiltinType::kInt64:
      i64(as_i());
      return;
    case BuiltinType::kUInt64:
      u64(as_u());
      return;
    case BuiltinType::kFloat:
      f32(static_cast<float>(as_d()));
      return;
    case BuiltinType::kDouble:
      f64(as_d());
      return;
    case BuiltinType::kString:
    case BuiltinType::kXmlElement:
      string(as_s());
      return;
    case BuiltinType::kByteString: {
      const std::string b = as_s();
      byte_string({reinterpret_cast<const uint8_t*>(b.data()), b.size()});
      return;
    }
    case BuiltinType::kDateTime:
      i64(as_i());
      return;
    case BuiltinType::kStatusCode:
      u32(static_cast<uint32_t>(as_u()));
      return;
    case BuiltinType::kGuid:
      guid(std::holds_alternative<Guid>(s) ? std::get<Guid>(s) : Guid{});
      return;
    case BuiltinType::kNodeId:
      node_id(std::holds_alternative<NodeId>(s) ? std::get<NodeId>(s) : NodeId{});
      return;
    case BuiltinType::kExpandedNodeId:
      expanded_node_id(std::holds_alternative<ExpandedNodeId>(s) ? std::get<ExpandedNodeId>(s)
                                                                 : ExpandedNodeId{});
      return;
    case BuiltinType::kQualifiedName:
      qualified_name(std::holds_alternative<QualifiedName>(s) ? std::get<QualifiedName>(s)
                                                              : QualifiedName{});
      return;
    case BuiltinType::kLocalizedText:
      localized_text(std::holds_alternative<LocalizedText>(s) ? std::get<LocalizedText>(s)
                                                              : LocalizedText{});
      return;
    case BuiltinType::kExtensionObject:
      extension_object(std::holds_alternative<ExtensionObject>(s) ? std::get<ExtensionObject>(s)
                                                                  : ExtensionObject{});
      return;
    case BuiltinType::kDataValue: {
      const auto* p = std::get_if<std::shared_ptr<DataValue>>(&s);
      data_value(p && *p ? **p : DataValue{});
      return;
    }
    case BuiltinType::kVariant: {
      const auto* p = std::get_if<std::shared_ptr<Variant>>(&s);
      variant(p && *p ? **p : Variant{});
      return;
    }
    case BuiltinType::kDiagnosticInfo:
      u8(0);
      return;  // an empty DiagnosticInfo
  }
}

void Writer::variant(const Variant& v) {
  uint8_t mask = static_cast<uint8_t>(v.type);
  if (v.type == BuiltinType::kNull) {
    u8(0);
    return;
  }
  if (v.is_array) mask |= 0x80;
  if (v.is_array && !v.dimensions.empty()) mask |= 0x40;
  u8(mask);
  if (!v.is_array) {
    scalar(v.type, v.scalar);
    return;
  }
  i32(static_cast<int32_t>(v.array.size()));
  for (const auto& s : v.array) scalar(v.type, s);
  if (!v.dimensions.empty()) array(v.dimensions, [](Writer& w, int32_t d) { w.i32(d); });
}

void Writer::data_value(const DataValue& v) {
  uint8_t mask = 0;
  if (v.value) mask |= 0x01;
  if (v.status != kGood) mask |= 0x02;
  if (v.source_timestamp != 0) mask |= 0x04;
  if (v.server_timestamp != 0) mask |= 0x08;
  if (v.source_picoseconds != 0) mask |= 0x10;
  if (v.server_picoseconds != 0) mask |= 0x20;
  u8(mask);
  if (v.value) variant(*v.value);
  if (mask & 0x02) u32(v.status);
  if (mask & 0x04) i64(v.source_timestamp);
  if (mask & 0x10) u16(v.source_picoseconds);
  if (mask & 0x08) i64(v.server_timestamp);
  if (mask & 0x20) u16(v.server_picoseconds);
}

void Writer::patch_u32(std::size_t offset, uint32_t v) {
  for (int i = 0; i < 4; ++i) buf_[offset + i] = static_cast<uint8_t>(v >> (8 * i));
}

// ---------------------------------------------------------------- Reader

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
