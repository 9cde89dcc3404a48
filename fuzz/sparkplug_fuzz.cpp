// libFuzzer target for the Sparkplug B payload decoder and host mapping (and the MQTT JSON
// scheme): any bytes must decode or fail with a Result error, and the host must never crash.
// Byte 0 picks the topic (low 3 bits: NBIRTH, NDATA, DBIRTH, DDATA, DDEATH, NDEATH, garbage
// topic, JSON scheme single and batch messages); the rest is the payload. Each input runs on a
// fresh host that has seen a valid NBIRTH + DBIRTH, so DATA messages reach the alias / datatype
// mapping.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "kerf/ingest/mqtt/json_batch.h"
#include "kerf/ingest/mqtt/json_scheme.h"
#include "kerf/ingest/mqtt/sparkplug.h"
#include "kerf/ingest/mqtt/sparkplug_edge.h"
#include "kerf/ingest/mqtt/sparkplug_host.h"

using namespace kerf::ingest;
using namespace kerf::ingest::mqtt;

namespace {

void check_output(const SparkplugOutput& out) {
  for (const Sample& s : out.samples) {
    if (s.machine.empty() || s.signal.empty()) std::abort();
  }
  for (const RebirthRequest& r : out.rebirths) {
    if (r.topic.rfind("spBv1.0/", 0) != 0 || !decode_sparkplug(r.payload).ok()) std::abort();
  }
  for (const kerf::Error& e : out.rejected) {
    if (e.code != kerf::ErrorCode::kInvalidArgument) std::abort();
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0 || size > 64 * 1024) return 0;
  std::string_view payload(reinterpret_cast<const char*>(data) + 1, size - 1);
  const int pick = data[0] & 7;

  if (pick == 7) {
    auto s = parse_json_message("kerf/p1/weld/WLD-1/current", payload, 1000, "fuzz");
    if (s.ok() && s->signal.empty()) std::abort();
    auto scan = parse_json_message("kerf/p1/asm/SC-1/scan", payload, 1000, "fuzz");
    (void)scan;
    auto batch = parse_json_batch("kerf/p1/_batch/gw/samples", payload, 1000, "fuzz");
    if (batch.ok()) {
      for (const Sample& b : batch->samples) {
        if (b.machine.empty() || b.signal.empty()) std::abort();
      }
      // What was accepted encodes to a batch that parses to the same samples.
      auto again = parse_json_batch("kerf/p1/_batch/gw/samples",
                                    encode_json_batch(batch->samples, ""), 1000, "fuzz");
      if (!again.ok() || !again->rejected.empty() ||
          again->samples.size() != batch->samples.size()) {
        std::abort();
      }
    }
    return 0;
  }

  auto decoded = decode_sparkplug(payload);
  if (decoded.ok()) {
    // Decoding what we encode gives the same number of metrics and the same seq.
    auto again = decode_sparkplug(encode_sparkplug(*decoded));
    if (!again.ok() || again->metrics.size() != decoded->metrics.size() ||
        again->seq != decoded->seq) {
      std::abort();
    }
  }

  SparkplugHost host("fuzz", 0);
  SparkplugEdgeNode edge("g", "e", 1);
  check_output(host.on_message(
      edge.nbirth({make_metric("Running", SpDataType::kBoolean, kerf::ingest::Value(true), 1)}, 1)
          .topic,
      edge.nbirth({make_metric("Running", SpDataType::kBoolean, kerf::ingest::Value(true), 1)}, 1)
          .payload,
      1));
  auto dbirth = edge.dbirth(
      "D",
      {make_metric("Current", SpDataType::kFloat, kerf::ingest::Value(1.0), 2),
       make_metric("Parts", SpDataType::kUInt32, kerf::ingest::Value(int64_t{3}), 3),
       make_metric("Welder", SpDataType::kString, kerf::ingest::Value(std::string("w")), 4)},
      2);
  check_output(host.on_message(dbirth.topic, dbirth.payload, 2));

  static const char* kTopics[] = {
      "spBv1.0/g/NBIRTH/e",   "spBv1.0/g/NDATA/e",  "spBv1.0/g/DBIRTH/e/D", "spBv1.0/g/DDATA/e/D",
      "spBv1.0/g/DDEATH/e/D", "spBv1.0/g/NDEATH/e", "spBv1.0/g/NDATA"};
  check_output(host.on_message(kTopics[pick], payload, 3));
  // A second message after whatever state the first left.
  check_output(host.on_message("spBv1.0/g/DDATA/e/D", payload, 4));
  return 0;
}
