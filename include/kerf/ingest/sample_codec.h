// Compact binary form of a Sample (docs/edge_buffer_format.md "Sample encoding"): used by the
// edge buffer's records and usable wherever Samples cross a process boundary in binary.
#pragma once

#include <cstdint>
#include <span>
#include <string>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest {

inline constexpr size_t kMaxSampleText = 65535;  // machine, signal, source, text value bytes

// Appends the encoding of `s` to `out`. Strings longer than kMaxSampleText are an error
// (invalid, naming the field); `out` is then unchanged.
Status encode_sample(const Sample& s, std::string& out);

// Decodes exactly one sample from all of `bytes`; invalid (field "sample") on any malformed,
// truncated or trailing input.
Result<Sample> decode_sample(std::span<const uint8_t> bytes);

// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320) of `bytes`, continuing from `crc`.
uint32_t crc32(std::span<const uint8_t> bytes, uint32_t crc = 0);

}  // namespace kerf::ingest
