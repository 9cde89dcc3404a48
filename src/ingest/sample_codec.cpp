#include "kerf/ingest/sample_codec.h"

#include <array>
#include <cstring>

namespace kerf::ingest {

namespace {

constexpr uint8_t kVersion = 1;
enum Tag : uint8_t { kNone = 0, kFalse = 1, kTrue = 2, kInt = 3, kDouble = 4, kText = 5 };

void put_varint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

uint64_t zigzag(int64_t v) {
  return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63);
}
int64_t unzigzag(uint64_t v) { return static_cast<int64_t>(v >> 1) ^ -static_cast<int64_t>(v & 1); }

void put_text(std::string& out, const std::string& s) {
  put_varint(out, s.size());
  out.append(s);
}

class Reader {
 public:
  explicit Reader(std::span<const uint8_t> b) : b_(b) {}
  bool byte(uint8_t& v) {
    if (pos_ >= b_.size()) return false;
    v = b_[pos_++];
    return true;
  }
  bool varint(uint64_t& v) {
    v = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      uint8_t c;
      if (!byte(c)) return false;
      if (shift == 63 && c > 1) return false;
      v |= static_cast<uint64_t>(c & 0x7f) << shift;
      if ((c & 0x80) == 0) return true;
    }
    return false;
  }
  bool text(std::string& s) {
    uint64_t n;
    if (!varint(n) || n > kMaxSampleText || n > b_.size() - pos_) return false;
    s.assign(reinterpret_cast<const char*>(b_.data() + pos_), n);
    pos_ += n;
    return true;
  }
  bool fixed64(uint64_t& v) {
    if (b_.size() - pos_ < 8) return false;
    v = 0;
    for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(b_[pos_ + i]) << (8 * i);
    pos_ += 8;
    return true;
  }
  bool done() const { return pos_ == b_.size(); }

 private:
  std::span<const uint8_t> b_;
  size_t pos_ = 0;
};

std::array<uint32_t, 256> make_crc_table() {
  std::array<uint32_t, 256> t{};
  for (uint32_t i = 0; i < 256; ++i) {
    uint32_t c = i;
    for (int k = 0; k < 8; ++k) c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
    t[i] = c;
  }
  return t;
}

}  // namespace

uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc) {
  static const std::array<uint32_t, 256> table = make_crc_table();
  crc = ~crc;
  for (uint8_t b : bytes) crc = table[(crc ^ b) & 0xff] ^ (crc >> 8);
  return ~crc;
}

Status encode_sample(const Sample& s, std::string& out) {
  const std::pair<const char*, const std::string*> texts[] = {
      {"machine", &s.machine}, {"signal", &s.signal}, {"source", &s.source}};
  for (const auto& [field, text] : texts) {
    if (text->size() > kMaxSampleText) return Error::invalid(field, "longer than 65535 bytes");
  }
  const auto* str = std::get_if<std::string>(&s.value);
  if (str && str->size() > kMaxSampleText)
    return Error::invalid("value", "longer than 65535 bytes");
  out.push_back(static_cast<char>(kVersion));
  put_text(out, s.machine);
  put_text(out, s.signal);
  put_varint(out, zigzag(s.ts_ms));
  out.push_back(static_cast<char>(s.quality));
  put_text(out, s.source);
  put_varint(out, s.seq);
  if (const auto* b = std::get_if<bool>(&s.value)) {
    out.push_back(static_cast<char>(*b ? kTrue : kFalse));
  } else if (const auto* i = std::get_if<int64_t>(&s.value)) {
    out.push_back(static_cast<char>(kInt));
    put_varint(out, zigzag(*i));
  } else if (const auto* d = std::get_if<double>(&s.value)) {
    out.push_back(static_cast<char>(kDouble));
    uint64_t bits;
    std::memcpy(&bits, d, sizeof bits);
    for (int k = 0; k < 8; ++k) out.push_back(static_cast<char>((bits >> (8 * k)) & 0xff));
  } else if (str) {
    out.push_back(static_cast<char>(kText));
    put_text(out, *str);
  } else {
    out.push_back(static_cast<char>(kNone));
  }
  return ok_status();
}

Result<Sample> decode_sample(std::span<const uint8_t> bytes) {
  auto bad = [](const char* why) { return Error::invalid("sample", why); };
  Reader r(bytes);
  Sample s;
  uint8_t version, quality, tag;
  uint64_t ts;
  if (!r.byte(version) || version != kVersion) return bad("unknown encoding version");
  if (!r.text(s.machine) || !r.text(s.signal)) return bad("truncated machine or signal");
  if (!r.varint(ts)) return bad("truncated timestamp");
  s.ts_ms = unzigzag(ts);
  if (!r.byte(quality) || quality > static_cast<uint8_t>(Quality::kBad)) return bad("bad quality");
  s.quality = static_cast<Quality>(quality);
  if (!r.text(s.source) || !r.varint(s.seq)) return bad("truncated source or seq");
  if (!r.byte(tag)) return bad("truncated value");
  switch (tag) {
    case kNone:
      break;
    case kFalse:
      s.value = false;
      break;
    case kTrue:
      s.value = true;
      break;
    case kInt: {
      uint64_t v;
      if (!r.varint(v)) return bad("truncated int value");
      s.value = unzigzag(v);
      break;
    }
    case kDouble: {
      uint64_t bits;
      if (!r.fixed64(bits)) return bad("truncated double value");
      double d;
      std::memcpy(&d, &bits, sizeof d);
      s.value = d;
      break;
    }
    case kText: {
      std::string t;
      if (!r.text(t)) return bad("truncated text value");
      s.value = std::move(t);
      break;
    }
    default:
      return bad("unknown value tag");
  }
  if (!r.done()) return bad("trailing bytes");
  return s;
}

}  // namespace kerf::ingest
