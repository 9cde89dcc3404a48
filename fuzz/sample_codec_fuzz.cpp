// libFuzzer target: the edge buffer's Sample decoding (docs/edge_buffer_format.md). Any input
// either decodes, and then its re-encoding decodes and re-encodes to the same bytes (encoding is
// canonical after one round; NaN payloads make Sample equality useless), or is rejected as
// invalid naming the field "sample".
#include <cstdint>
#include <cstdlib>
#include <string>

#include "kerf/ingest/sample_codec.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size > 1 << 18) return 0;
  auto decoded = kerf::ingest::decode_sample(std::span<const uint8_t>(data, size));
  if (!decoded.ok()) {
    if (decoded.error().code != kerf::ErrorCode::kInvalidArgument ||
        decoded.error().fields.empty() || decoded.error().fields[0].field != "sample") {
      std::abort();
    }
    return 0;
  }
  std::string again;
  if (!kerf::ingest::encode_sample(*decoded, again).ok()) std::abort();
  auto round = kerf::ingest::decode_sample(
      std::span<const uint8_t>(reinterpret_cast<const uint8_t*>(again.data()), again.size()));
  std::string third;
  if (!round.ok() || !kerf::ingest::encode_sample(*round, third).ok() || third != again) {
    std::abort();
  }
  return 0;
}
