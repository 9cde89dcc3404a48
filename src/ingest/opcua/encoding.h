// Internal: the constants of the OPC UA binary encoding (OPC 10000-6) that the Writer and the
// Reader share (src/ingest/opcua/binary_writer.cpp, binary_reader.cpp, types.cpp).
#pragma once

#include <cstdint>

namespace kerf::ingest::opcua::encoding {

inline constexpr int64_t kEpochDelta = 116444736000000000;  // 1601-01-01 -> 1970-01-01, 100 ns

// NodeId encoding bytes (OPC 10000-6 §5.2.2.9).
inline constexpr uint8_t kTwoByte = 0, kFourByte = 1, kNumeric = 2, kStringId = 3, kGuidId = 4,
                         kOpaque = 5;
inline constexpr uint8_t kNamespaceUriFlag = 0x80, kServerIndexFlag = 0x40;

// Built-in type ids are 1..25 (0 = null).
inline bool valid_builtin(uint8_t t) { return t <= 25; }

}  // namespace kerf::ingest::opcua::encoding
