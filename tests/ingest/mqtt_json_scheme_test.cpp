// The JSON scheme without a broker: topic, payload, timestamp and signal-mapping validation.
#include <gtest/gtest.h>

#include "kerf/core/clock.h"
#include "kerf/ingest/mqtt/json_scheme.h"
#include "kerf/ingest/mqtt/mqtt_options.h"
#include "kerf/ingest/mqtt/signal_map.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest::mqtt {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

Sample parse_ok(std::string_view topic, std::string_view payload) {
  auto r = parse_json_message(topic, payload, kNow, "test");
  EXPECT_TRUE(r.ok()) << topic << " " << payload << ": "
                      << (r.ok()                     ? ""
                          : r.error().fields.empty() ? r.error().message
                                                     : r.error().fields[0].message);
  return r.ok() ? *r : Sample{};
}

std::string rejected_field(std::string_view topic, std::string_view payload) {
  auto r = parse_json_message(topic, payload, kNow, "test");
  if (r.ok()) return "<accepted>";
  EXPECT_EQ(r.error().code, ErrorCode::kInvalidArgument);
  return r.error().fields.empty() ? "<no field>" : r.error().fields[0].field;
}

TEST(MqttJsonScheme, FullObjectPayload) {
  Sample s = parse_ok("kerf/p1/weld/WLD-1/current",
                      R"({"v": 182.5, "ts": "2026-11-29T11:30:00.250Z", "q": "good", "seq": 7})");
  EXPECT_EQ(s.machine, "WLD-1");
  EXPECT_EQ(s.signal, signals::kWeldCurrent);
  EXPECT_EQ(std::get<double>(s.value), 182.5);
  EXPECT_EQ(s.ts_ms, 1795951800250);
  EXPECT_EQ(s.seq, 7u);
  EXPECT_EQ(s.quality, Quality::kGood);
  EXPECT_EQ(s.source, "test");
}

TEST(MqttJsonScheme, BareScalarTakesNow) {
  Sample s = parse_ok("kerf/p1/weld/WLD-1/arc", "true");
  EXPECT_EQ(s.signal, signals::kArcOn);
  EXPECT_EQ(std::get<bool>(s.value), true);
  EXPECT_EQ(s.ts_ms, kNow);
}

TEST(MqttJsonScheme, EverySignalKind) {
  struct Case {
    const char* level;
    const char* payload;
    const char* signal;
    Value value;
  };
  const Case cases[] = {
      {"arc", "false", signals::kArcOn, Value(false)},
      {"current", "200", signals::kWeldCurrent, Value(200.0)},
      {"voltage", "24.5", signals::kWeldVoltage, Value(24.5)},
      {"wire_feed", "8.2", signals::kWireFeed, Value(8.2)},
      {"gas_flow", "15", signals::kGasFlow, Value(15.0)},
      {"welder", "\"B-1042\"", signals::kWelderId, Value(std::string("B-1042"))},
      {"wps", "\"WPS-135-01\"", signals::kWpsId, Value(std::string("WPS-135-01"))},
      {"running", "true", signals::kRunning, Value(true)},
      {"cycle_complete", "true", signals::kCycleComplete, Value(true)},
      {"inspection", "\"rework\"", signals::kInspection, Value(std::string("rework"))},
      {"pass", "true", signals::kInspection, Value(std::string("pass"))},
      {"fail", "{\"v\": true}", signals::kInspection, Value(std::string("fail"))},
      {"scan", "\"JOB-1001/OP-20\"", signals::kScan, Value(std::string("JOB-1001/OP-20"))},
      {"part_count", "41", signals::kPartCount, Value(int64_t{41})},
      {"execution", "\"ACTIVE\"", signals::kExecution, Value(std::string("ACTIVE"))},
      {"mode", "\"AUTOMATIC\"", signals::kControllerMode, Value(std::string("AUTOMATIC"))},
      {"availability", "\"AVAILABLE\"", signals::kAvailability, Value(std::string("AVAILABLE"))},
      {"estop", "\"ARMED\"", signals::kEmergencyStop, Value(std::string("ARMED"))},
      {"alarm", "\"FAULT|E12|wire stuck\"", signals::kAlarm,
       Value(std::string("FAULT|E12|wire stuck"))},
      {"setup", "1", signals::kSetup, Value(true)},
      {"program", "\"NEST-77\"", signals::kProgram, Value(std::string("NEST-77"))},
      {"speed_override", "95", signals::kSpeedOverride, Value(95.0)},
      {"Wire-Feed", "3", signals::kWireFeed, Value(3.0)},
  };
  for (const Case& c : cases) {
    Sample s = parse_ok(make_topic("p1", "dept", "M-1", c.level), c.payload);
    EXPECT_EQ(s.signal, c.signal) << c.level;
    EXPECT_EQ(s.value, c.value) << c.level;
  }
}

TEST(MqttJsonScheme, NullMeansUnavailable) {
  Sample s = parse_ok("kerf/p1/weld/WLD-1/current", R"({"v": null, "ts": 1000})");
  EXPECT_EQ(s.quality, Quality::kUnavailable);
  EXPECT_EQ(s.ts_ms, 1000);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(s.value));
  Sample bad = parse_ok("kerf/p1/weld/WLD-1/current", R"({"v": 3, "q": "bad"})");
  EXPECT_EQ(bad.quality, Quality::kBad);
}

TEST(MqttJsonScheme, RejectionsNameTheField) {
  const std::string t = "kerf/p1/weld/WLD-1/current";
  EXPECT_EQ(rejected_field("kerf/p1/weld/WLD-1", "1"), "topic");
  EXPECT_EQ(rejected_field("kerf/p1/weld/WLD-1/current/x", "1"), "topic");
  EXPECT_EQ(rejected_field("other/p1/weld/WLD-1/current", "1"), "topic");
  EXPECT_EQ(rejected_field("kerf/p1//WLD-1/current", "1"), "topic");
  EXPECT_EQ(rejected_field("kerf/p1/weld/WLD-1/humidity", "1"), "topic");
  EXPECT_EQ(rejected_field(t, "{not json"), "payload");
  EXPECT_EQ(rejected_field(t, "[1,2]"), "payload");
  EXPECT_EQ(rejected_field(t, std::string(kMaxJsonPayload + 1, ' ')), "payload");
  EXPECT_EQ(rejected_field(t, R"({"ts": 5})"), "v");
  EXPECT_EQ(rejected_field(t, R"({"v": "high"})"), "v");
  EXPECT_EQ(rejected_field(t, R"({"v": {"a": 1}})"), "v");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "ts": "yesterday"})"), "ts");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "ts": "2026-02-30T00:00:00Z"})"), "ts");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "ts": -5})"), "ts");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "ts": 1.5})"), "ts");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "q": "meh"})"), "q");
  EXPECT_EQ(rejected_field(t, R"({"v": null, "q": "good"})"), "q");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "seq": -1})"), "seq");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "seq": "3"})"), "seq");
  EXPECT_EQ(rejected_field(t, R"({"v": 1, "extra": 1})"), "extra");
  EXPECT_EQ(rejected_field("kerf/p1/weld/WLD-1/arc", "\"on\""), "v");
  EXPECT_EQ(rejected_field("kerf/p1/weld/WLD-1/arc", "2"), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/inspection", "\"maybe\""), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/pass", "false"), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/part_count", "-3"), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/part_count", "2.5"), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/execution", "\"RUNNING\""), "v");
  EXPECT_EQ(rejected_field("kerf/p1/pol/POL-1/alarm", "\"FAULT\""), "v");
  EXPECT_EQ(rejected_field("kerf/p1/scan/SC-1/scan", "\"\""), "v");
}

TEST(MqttJsonScheme, Rfc3339) {
  EXPECT_EQ(*parse_rfc3339("1970-01-01T00:00:00Z", "ts"), 0);
  EXPECT_EQ(*parse_rfc3339("1970-01-01T01:00:00+01:00", "ts"), 0);
  EXPECT_EQ(*parse_rfc3339("1970-01-01T00:00:01.5Z", "ts"), 1500);
  EXPECT_EQ(*parse_rfc3339("2024-02-29T23:59:59.999Z", "ts"), 1709251199999);
  EXPECT_FALSE(parse_rfc3339("2024-02-29 23:59:59Z", "ts").ok());
  EXPECT_FALSE(parse_rfc3339("2024-02-29T23:59:59", "ts").ok());
  EXPECT_FALSE(parse_rfc3339("2024-02-29T24:00:00Z", "ts").ok());
  EXPECT_FALSE(parse_rfc3339("2024-02-29T23:59:59.Z", "ts").ok());
}

TEST(MqttJsonScheme, EncodeRoundTrips) {
  // A numbered sample names its sender: the receiver's source becomes "<its own>|<sender>".
  Sample s{"WLD-2",     signals::kWeldVoltage, 1795951800250,
           Value(23.5), Quality::kGood,        "edge:cell-2",
           42};
  std::string payload = encode_json_payload(s);
  auto back = parse_json_message(make_topic("p1", "weld", s.machine, s.signal), payload, kNow, "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->source, "x|edge:cell-2");
  back->source = s.source;
  EXPECT_EQ(*back, s);
  EXPECT_EQ(parse_json_message(make_topic("p1", "weld", "W", "voltage"),
                               R"({"v": 1, "seq": 3, "src": ""})", kNow, "x")
                .error()
                .fields[0]
                .field,
            "src");
  Sample off{"WLD-2", signals::kWelderId, 5, Value{}, Quality::kUnavailable, "x", 0};
  back = parse_json_message(make_topic("p1", "weld", off.machine, off.signal),
                            encode_json_payload(off), kNow, "x");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, off);
}

TEST(MqttReconnect, DelayDoublesUpToTheCapWithJitter) {
  ManualClock clock(TimePoint{});
  Env env(clock, 42);
  MqttConnectOptions o;
  o.backoff_min = std::chrono::milliseconds(100);
  o.backoff_max = std::chrono::milliseconds(1000);
  bool jittered = false;
  for (int attempt = 0; attempt < 12; ++attempt) {
    int64_t nominal = std::min<int64_t>(1000, int64_t{100} << std::min(attempt, 10));
    for (int i = 0; i < 20; ++i) {
      int64_t d = reconnect_delay(o, attempt, env).count();
      EXPECT_GE(d, nominal - nominal / 2) << attempt;
      EXPECT_LE(d, nominal) << attempt;
      if (d != nominal) jittered = true;
    }
  }
  EXPECT_TRUE(jittered);
  // Same seed, same delays: the jitter comes from the Env only.
  Env a(clock, 7), b(clock, 7);
  for (int attempt = 0; attempt < 5; ++attempt) {
    EXPECT_EQ(reconnect_delay(o, attempt, a), reconnect_delay(o, attempt, b));
  }
}

}  // namespace
}  // namespace kerf::ingest::mqtt
