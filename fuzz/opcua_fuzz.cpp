// libFuzzer target for kerf's OPC UA binary decoding (docs/opcua.md): chunk reassembly and
// every response decoder the client uses must reject malformed bytes with an error, never
// crash, and the built-in type codec must be idempotent: encode(decode(b)) decodes and
// re-encodes to the same bytes. The first input byte picks the target.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <span>
#include <vector>

#include "kerf/ingest/opcua/binary.h"
#include "kerf/ingest/opcua/chunks.h"
#include "kerf/ingest/opcua/messages.h"

using namespace kerf::ingest::opcua;

namespace {

// Splits `data` into chunks by their own size fields and feeds them to an assembler.
void fuzz_chunks(std::span<const uint8_t> data) {
  NoneSecurityPolicy none;
  ChunkAssembler assembler({8192, 8192, 1 << 20, 64}, none);
  std::size_t pos = 0;
  while (data.size() - pos >= kHeaderSize) {
    auto header = decode_chunk_header(data.subspan(pos, kHeaderSize));
    if (!header.ok()) return;
    const std::size_t size = std::min<std::size_t>(header->size, data.size() - pos);
    std::vector<uint8_t> chunk(data.begin() + pos, data.begin() + pos + size);
    pos += size;
    auto r = assembler.feed(std::move(chunk));
    if (!r.ok() && !assembler.last_error_was_abort()) return;
    if (r.ok() && r->has_value() && (*r)->body.size() > (1u << 20)) std::abort();
  }
  (void)decode_acknowledge(data);
}

void fuzz_builtin(std::span<const uint8_t> data) {
  Reader r(data);
  DataValue dv = r.data_value("fuzz");
  if (!r.ok()) return;
  Writer w1;
  w1.data_value(dv);
  Reader r2(w1.bytes());
  DataValue again = r2.data_value("again");
  if (!r2.ok() || r2.remaining() != 0) std::abort();
  Writer w2;
  w2.data_value(again);
  if (w1.bytes() != w2.bytes()) std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > (1u << 16)) return 0;
  const std::span<const uint8_t> body(data + 1, size - 1);
  switch (data[0] % 10) {
    case 0:
      fuzz_chunks(body);
      break;
    case 1:
      fuzz_builtin(body);
      break;
    case 2:
      (void)decode_publish_response(body);
      break;
    case 3:
      (void)decode_read_response(body);
      break;
    case 4:
      (void)decode_browse_response(body);
      break;
    case 5:
      (void)decode_create_session_response(body);
      break;
    case 6:
      (void)decode_activate_session_response(body);
      break;
    case 7:
      (void)decode_create_monitored_items_response(body);
      break;
    case 8:
      (void)decode_open_secure_channel_response(body);
      break;
    case 9:
      (void)decode_republish_response(body);
      (void)decode_transfer_subscriptions_response(body);
      (void)decode_create_subscription_response(body);
      break;
  }
  return 0;
}
