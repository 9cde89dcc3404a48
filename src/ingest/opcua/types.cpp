// The OPC UA built-in types' helpers (include/kerf/ingest/opcua/types.h).
#include "kerf/ingest/opcua/types.h"

#include <fmt/format.h>

#include "ingest/opcua/encoding.h"

namespace kerf::ingest::opcua {

using namespace encoding;  // NOLINT(build/namespaces): the encoding's constants

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

}  // namespace kerf::ingest::opcua
