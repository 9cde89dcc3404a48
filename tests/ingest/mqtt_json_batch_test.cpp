// Batch messages of the JSON scheme without a broker: envelope and element validation, a bad
// element refused alone, and the encoding the edge gateway sends round-trips.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "kerf/ingest/mqtt/json_batch.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest::mqtt {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;
const std::string kTopic = "kerf/p1/_batch/cell-2/samples";

std::string field_of(const Error& e) { return e.fields.empty() ? "<none>" : e.fields[0].field; }

std::string refused(std::string_view topic, std::string_view payload) {
  auto r = parse_json_batch(topic, payload, kNow, "mqtt");
  if (r.ok()) return "<accepted>";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  return field_of(r.error());
}

TEST(MqttJsonBatch, TopicsAreRecognised) {
  EXPECT_EQ(make_batch_topic("p1", "cell-2"), kTopic);
  EXPECT_TRUE(is_batch_topic(kTopic));
  EXPECT_FALSE(is_batch_topic("kerf/p1/weld/WLD-1/current"));
  EXPECT_FALSE(is_batch_topic("kerf/p1/_batch/cell-2"));
  EXPECT_EQ(refused("kerf/p1/_batch/cell-2/other", R"({"samples": []})"), "topic");
  EXPECT_EQ(refused("kerf/p1/weld/cell-2/samples", R"({"samples": []})"), "topic");
}

TEST(MqttJsonBatch, ElementsBecomeSamplesInOrderWithTheSendersSource) {
  auto r = parse_json_batch(kTopic, R"({"src": "edge:cell-2", "samples": [
      {"m": "WLD-1", "s": "current", "v": 182.5, "ts": 1795951800250, "seq": 7},
      {"m": "WLD-2", "s": "Arc-On", "v": true, "seq": 8},
      {"m": "WLD-1", "s": "welder", "v": null, "q": "bad", "seq": 9}]})",
                            kNow, "mqtt");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->samples.size(), 3u);
  EXPECT_TRUE(r->rejected.empty());
  EXPECT_EQ(r->samples[0].machine, "WLD-1");
  EXPECT_EQ(r->samples[0].signal, signals::kWeldCurrent);
  EXPECT_EQ(r->samples[0].ts_ms, 1795951800250);
  EXPECT_EQ(r->samples[0].seq, 7u);
  EXPECT_EQ(r->samples[0].source, "mqtt|edge:cell-2");
  EXPECT_EQ(r->samples[1].signal, signals::kArcOn);
  EXPECT_EQ(r->samples[1].ts_ms, kNow);  // no ts: received now
  EXPECT_EQ(r->samples[2].quality, Quality::kBad);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(r->samples[2].value));
}

TEST(MqttJsonBatch, ABadElementIsRefusedAloneWithItsIndexAndField) {
  auto r = parse_json_batch(kTopic, R"({"samples": [
      {"m": "WLD-1", "s": "current", "v": 1.5},
      {"m": "WLD-1", "s": "current", "v": "hot"},
      {"m": "WLD-1", "s": "nonsense", "v": 1},
      {"s": "current", "v": 1},
      {"m": "WLD/1", "s": "current", "v": 1},
      {"m": "WLD-1", "s": "current"},
      {"m": "WLD-1", "s": "current", "v": 1, "ts": -5},
      {"m": "WLD-1", "s": "current", "v": 1, "src": "x"},
      {"m": "WLD-1", "s": "current", "v": 1, "extra": 0},
      7,
      {"m": "WLD-1", "s": "voltage", "v": 23}]})",
                            kNow, "mqtt");
  ASSERT_TRUE(r.ok()) << r.error().message;
  ASSERT_EQ(r->samples.size(), 2u);
  EXPECT_EQ(r->samples[1].signal, signals::kWeldVoltage);
  std::vector<std::string> fields;
  for (const auto& e : r->rejected) fields.push_back(field_of(e));
  EXPECT_EQ(fields, (std::vector<std::string>{"samples[1].v", "samples[2].s", "samples[3].m",
                                              "samples[4].m", "samples[5].v", "samples[6].ts",
                                              "samples[7].src", "samples[8].extra", "samples[9]"}));
}

TEST(MqttJsonBatch, ABadEnvelopeRefusesTheWholeMessage) {
  EXPECT_EQ(refused(kTopic, "not json"), "payload");
  EXPECT_EQ(refused(kTopic, "[]"), "payload");
  EXPECT_EQ(refused(kTopic, "{}"), "samples");
  EXPECT_EQ(refused(kTopic, R"({"samples": {}})"), "samples");
  EXPECT_EQ(refused(kTopic, R"({"samples": [], "src": ""})"), "src");
  EXPECT_EQ(refused(kTopic, R"({"samples": [], "more": 1})"), "more");
  std::string many = R"({"samples": [)";
  for (std::size_t i = 0; i <= kMaxJsonBatchSamples; ++i) many += i == 0 ? "1" : ",1";
  EXPECT_EQ(refused(kTopic, many + "]}"), "samples");
  EXPECT_EQ(refused(kTopic, std::string(kMaxJsonBatchPayload + 1, ' ')), "payload");
}

TEST(MqttJsonBatch, EncodeRoundTrips) {
  std::vector<Sample> in = {
      {"WLD-1", signals::kWeldCurrent, 1795951800250, Value(182.5), Quality::kGood, "edge:c", 1},
      {"PUN-1", signals::kStrokeCount, 1795951800251, Value(int64_t{42}), Quality::kGood, "edge:c",
       2},
      {"WLD-1", signals::kWelderId, 1795951800252, Value{}, Quality::kUnavailable, "edge:c", 3},
      {"LAS-1", signals::kExecution, 1795951800253, Value(std::string("ACTIVE")), Quality::kBad,
       "edge:c", 4}};
  auto back = parse_json_batch(kTopic, encode_json_batch(in, "edge:c"), kNow, "mqtt");
  ASSERT_TRUE(back.ok()) << back.error().message;
  ASSERT_TRUE(back->rejected.empty()) << back->rejected.front().message;
  ASSERT_EQ(back->samples.size(), in.size());
  for (std::size_t i = 0; i < in.size(); ++i) {
    EXPECT_EQ(back->samples[i].source, "mqtt|edge:c");
    back->samples[i].source = in[i].source;
    EXPECT_EQ(back->samples[i], in[i]) << i;
  }
}

}  // namespace
}  // namespace kerf::ingest::mqtt
