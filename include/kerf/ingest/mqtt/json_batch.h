// Batch messages of the kerf MQTT JSON scheme (docs/mqtt_format.md, "Batches"): one message
// carries many samples of any machines in order, so an edge gateway forwards its buffer at
// hundreds of samples per broker round trip. Topic kerf/<plant>/_batch/<sender>/samples,
// payload {"src": "<sender source>", "samples": [{"m": machine, "s": signal, "v": value,
// "ts": ..., "q": ..., "seq": ...}, ...]}.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

inline constexpr std::size_t kMaxJsonBatchPayload = 1024 * 1024;
inline constexpr std::size_t kMaxJsonBatchSamples = 5000;

// True when `topic` is a batch topic (its department level is "_batch").
bool is_batch_topic(std::string_view topic);

// "kerf/<plant>/_batch/<sender>/samples" (no validation).
std::string make_batch_topic(std::string_view plant, std::string_view sender);

// A batch's samples and the elements it refused (each error names "samples[i].<field>").
struct JsonBatch {
  std::vector<Sample> samples;
  std::vector<Error> rejected;
};

// Parses a batch message. The whole message is refused (error naming "topic", "payload", "src"
// or "samples") when the topic, the JSON or the envelope is wrong; a bad element is refused
// alone and the others are kept, in order. An element without "ts" is stamped `now_ms`.
Result<JsonBatch> parse_json_batch(std::string_view topic, std::string_view payload, int64_t now_ms,
                                   std::string_view source);

// The payload for `samples` (each names its machine and signal), with "src" = `sender_source`
// when not empty.
std::string encode_json_batch(std::span<const Sample> samples, std::string_view sender_source);

}  // namespace kerf::ingest::mqtt
