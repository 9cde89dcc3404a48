// The OPC UA binary encoding, writing side (include/kerf/ingest/opcua/binary.h).
#include <bit>
#include <cstring>

#include "ingest/opcua/encoding.h"
#include "kerf/ingest/opcua/binary.h"

namespace kerf::ingest::opcua {

using namespace encoding;  // NOLINT(build/namespaces): the encoding's constants


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

}  // namespace kerf::ingest::opcua
