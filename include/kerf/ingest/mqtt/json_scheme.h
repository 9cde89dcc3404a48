// The kerf MQTT JSON scheme (docs/mqtt_format.md): topic kerf/<plant>/<department>/<machine>/
// <signal>, payload {"v": value, "ts": RFC 3339 UTC | epoch ms, "q": quality, "seq": uint} or a
// bare JSON scalar. Pure functions: parsing, validation and encoding without a broker.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

inline constexpr std::size_t kMaxJsonPayload = 64 * 1024;

// The levels of a kerf/<plant>/<department>/<machine>/<signal> topic.
struct TopicAddress {
  std::string plant;
  std::string department;
  std::string machine;
  std::string signal;  // as sent (not yet mapped)
};

// Splits and validates a topic: exactly five levels, the first "kerf", every other level
// 1..64 bytes of [A-Za-z0-9_.-]. Errors name field "topic".
Result<TopicAddress> parse_topic(std::string_view topic);

// "kerf/<plant>/<department>/<machine>/<signal>" (no validation).
std::string make_topic(std::string_view plant, std::string_view department,
                       std::string_view machine, std::string_view signal);

// Milliseconds since the epoch of an RFC 3339 timestamp ("2026-11-29T11:30:00.250Z"; offsets
// "+hh:mm" are converted to UTC). Errors name `field`.
Result<int64_t> parse_rfc3339(std::string_view text, const std::string& field);

// A message of the scheme as a Sample: signal mapped to signals.h, value checked against the
// signal's type, timestamp from "ts" or `now_ms`, quality from "q" (a null value means
// unavailable), seq from "seq". Payloads above kMaxJsonPayload, unknown fields, wrong types and
// unknown signals are errors naming the field ("topic", "payload", "v", "ts", "q", "seq").
Result<Sample> parse_json_message(std::string_view topic, std::string_view payload, int64_t now_ms,
                                  std::string_view source);

// The JSON payload for `s`: {"v": value, "ts": ts_ms, "q": quality (omitted when good),
// "seq": seq (omitted when 0)}.
std::string encode_json_payload(const Sample& s);

}  // namespace kerf::ingest::mqtt
