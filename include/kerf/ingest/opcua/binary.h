// OPC UA Binary encoding (OPC 10000-6 §5.2) of the built-in types: a Writer appending to a byte
// buffer and a Reader over untrusted bytes. Pure: no I/O. Little-endian throughout.
//
// The Reader never throws and never reads past its input: the first problem (truncation, a
// negative length, an unknown encoding mask, nesting deeper than kMaxDepth) latches an error
// naming the field being read; later reads return zero values. Check ok()/error() once at the end.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/opcua/types.h"

namespace kerf::ingest::opcua {

inline constexpr int kMaxDepth = 16;                 // Variant/DiagnosticInfo nesting
inline constexpr int32_t kMaxArrayLength = 1 << 20;  // elements in one array

class Writer {
 public:
  void boolean(bool v) { u8(v ? 1 : 0); }
  void u8(uint8_t v) { buf_.push_back(v); }
  void i8(int8_t v) { u8(static_cast<uint8_t>(v)); }
  void u16(uint16_t v);
  void i16(int16_t v) { u16(static_cast<uint16_t>(v)); }
  void u32(uint32_t v);
  void i32(int32_t v) { u32(static_cast<uint32_t>(v)); }
  void u64(uint64_t v);
  void i64(int64_t v) { u64(static_cast<uint64_t>(v)); }
  void f32(float v);
  void f64(double v);
  void string(std::string_view s);  // also XmlElement
  void null_string() { i32(-1); }
  void byte_string(std::span<const uint8_t> b);
  void null_byte_string() { i32(-1); }
  void datetime(DateTime t) { i64(t); }
  void guid(const Guid& g);
  void node_id(const NodeId& id);
  void expanded_node_id(const ExpandedNodeId& id);
  void status(StatusCode s) { u32(s); }
  void qualified_name(const QualifiedName& q);
  void localized_text(const LocalizedText& t);
  void extension_object(const ExtensionObject& e);
  void variant(const Variant& v);
  void data_value(const DataValue& v);
  void raw(std::span<const uint8_t> b) { buf_.insert(buf_.end(), b.begin(), b.end()); }
  // Arrays: an Int32 count then the elements (count -1 = null array, never written here).
  template <typename T, typename F>
  void array(const std::vector<T>& items, F&& write_one) {
    i32(static_cast<int32_t>(items.size()));
    for (const T& item : items) write_one(*this, item);
  }

  // Overwrites 4 bytes at `offset` (for sizes known only after the body is written).
  void patch_u32(std::size_t offset, uint32_t v);
  std::size_t size() const { return buf_.size(); }
  const std::vector<uint8_t>& bytes() const { return buf_; }
  std::vector<uint8_t> take() { return std::move(buf_); }

 private:
  void scalar(BuiltinType type, const Variant::Scalar& s);
  std::vector<uint8_t> buf_;
};

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> data) : data_(data) {}

  bool ok() const { return error_.empty(); }
  const std::string& error() const { return error_; }
  // The latched error as an invalid-argument Error naming `what` (e.g. "ReadResponse").
  Error to_error(std::string_view what) const;
  std::size_t position() const { return pos_; }
  std::size_t remaining() const { return ok() ? data_.size() - pos_ : 0; }
  // Fails with `message` about `field` unless an earlier error is latched.
  void fail(std::string_view field, std::string_view message);

  bool boolean(std::string_view field) { return u8(field) != 0; }
  uint8_t u8(std::string_view field);
  int8_t i8(std::string_view field) { return static_cast<int8_t>(u8(field)); }
  uint16_t u16(std::string_view field);
  int16_t i16(std::string_view field) { return static_cast<int16_t>(u16(field)); }
  uint32_t u32(std::string_view field);
  int32_t i32(std::string_view field) { return static_cast<int32_t>(u32(field)); }
  uint64_t u64(std::string_view field);
  int64_t i64(std::string_view field) { return static_cast<int64_t>(u64(field)); }
  float f32(std::string_view field);
  double f64(std::string_view field);
  // Strings and ByteStrings: a null (-1) one reads as empty; `is_null` reports it when given.
  std::string string(std::string_view field, bool* is_null = nullptr);
  std::vector<uint8_t> byte_string(std::string_view field);
  DateTime datetime(std::string_view field) { return i64(field); }
  Guid guid(std::string_view field);
  NodeId node_id(std::string_view field);
  ExpandedNodeId expanded_node_id(std::string_view field);
  StatusCode status(std::string_view field) { return u32(field); }
  QualifiedName qualified_name(std::string_view field);
  LocalizedText localized_text(std::string_view field);
  ExtensionObject extension_object(std::string_view field);
  Variant variant(std::string_view field);
  DataValue data_value(std::string_view field);
  DiagnosticInfo diagnostic_info(std::string_view field);
  std::span<const uint8_t> raw(std::size_t n, std::string_view field);
  // An array length: -1 (null) reads as 0; negative or more elements than bytes left fails.
  int32_t array_length(std::string_view field, std::size_t min_element_size = 1);
  template <typename T, typename F>
  std::vector<T> array(std::string_view field, F&& read_one, std::size_t min_element_size = 1) {
    std::vector<T> out;
    const int32_t n = array_length(field, min_element_size);
    out.reserve(static_cast<std::size_t>(n));
    for (int32_t i = 0; i < n && ok(); ++i) out.push_back(read_one(*this));
    return out;
  }
  // Skips a DiagnosticInfo[] (response trailers).
  void skip_diagnostic_infos(std::string_view field);

 private:
  bool need(std::size_t n, std::string_view field);
  Variant::Scalar scalar(BuiltinType type, std::string_view field);
  NodeId node_id_body(uint8_t encoding, std::string_view field);

  std::span<const uint8_t> data_;
  std::size_t pos_ = 0;
  int depth_ = 0;
  std::string error_;
};

}  // namespace kerf::ingest::opcua
