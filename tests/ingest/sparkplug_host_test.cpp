// Sparkplug B payload codec and host state machine without a broker: BIRTH/DATA with aliases,
// seq gaps and DATA before BIRTH asking for a rebirth, bdSeq, DEATH making metrics unavailable.
#include "kerf/ingest/mqtt/sparkplug_host.h"

#include <gtest/gtest.h>

#include "kerf/ingest/mqtt/sparkplug.h"
#include "kerf/ingest/mqtt/sparkplug_edge.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest::mqtt {
namespace {

constexpr int64_t kNow = 1'800'000'000'000;

SparkplugOutput feed(SparkplugHost& host, const SpMessage& m, int64_t now = kNow) {
  return host.on_message(m.topic, m.payload, now);
}

std::vector<SpMetric> weld_birth() {
  return {make_metric("Welding/Arc", SpDataType::kBoolean, Value(false), 1),
          make_metric("Welding/Current", SpDataType::kFloat, Value(0.0), 2),
          make_metric("Welding/Voltage", SpDataType::kDouble, Value(0.0), 3),
          make_metric("Welder", SpDataType::kString, Value(std::string("B-7")), 4),
          make_metric("Parts", SpDataType::kUInt32, Value(int64_t{0}), 5),
          make_metric("Cabinet Temperature", SpDataType::kFloat, Value(31.0), 6)};
}

// The rebirth NCMD decodes to "Node Control/Rebirth" = true for that node.
void expect_rebirth(const SparkplugOutput& out, const std::string& node) {
  ASSERT_EQ(out.rebirths.size(), 1u);
  EXPECT_EQ(out.rebirths[0].topic, "spBv1.0/shop/NCMD/" + node);
  auto p = decode_sparkplug(out.rebirths[0].payload);
  ASSERT_TRUE(p.ok());
  ASSERT_EQ(p->metrics.size(), 1u);
  EXPECT_EQ(p->metrics[0].name, "Node Control/Rebirth");
  EXPECT_EQ(p->metrics[0].value, SpWireValue(true));
}

TEST(Sparkplug, PayloadRoundTripsAndSignedTypes) {
  SpPayload p;
  p.timestamp = 123;
  p.seq = 7;
  p.metrics = {make_metric("a", SpDataType::kInt8, Value(int64_t{-3}), 9),
               make_metric("b", SpDataType::kInt64, Value(int64_t{-5})),
               make_metric("c", SpDataType::kString, Value(std::string("x"))),
               make_metric("d", SpDataType::kDouble, Value{})};
  auto back = decode_sparkplug(encode_sparkplug(p));
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, p);
  EXPECT_EQ(*metric_value(back->metrics[0].value, SpDataType::kInt8, "m"), Value(int64_t{-3}));
  EXPECT_EQ(*metric_value(back->metrics[1].value, SpDataType::kInt64, "m"), Value(int64_t{-5}));
  EXPECT_TRUE(back->metrics[3].is_null);
  EXPECT_FALSE(metric_value(SpWireValue(1.5), SpDataType::kBoolean, "m").ok());
  EXPECT_FALSE(metric_value(SpWireValue(uint64_t{1} << 63), SpDataType::kUInt64, "m").ok());
  EXPECT_FALSE(decode_sparkplug("\xff\xff\xff").ok());
}

TEST(Sparkplug, Topics) {
  auto t = parse_sparkplug_topic("spBv1.0/shop/DDATA/edge-1/WLD-1");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->type, SpMessageType::kDData);
  EXPECT_EQ(t->device, "WLD-1");
  EXPECT_FALSE(parse_sparkplug_topic("spBv1.0/shop/DDATA/edge-1").ok());
  EXPECT_FALSE(parse_sparkplug_topic("spBv1.0/shop/NDATA/edge-1/x").ok());
  EXPECT_FALSE(parse_sparkplug_topic("spBv1.0/shop/XDATA/edge-1").ok());
  EXPECT_FALSE(parse_sparkplug_topic("spAv1.0/shop/NDATA/edge-1").ok());
  EXPECT_EQ(sparkplug_topic("g", SpMessageType::kNCmd, "e"), "spBv1.0/g/NCMD/e");
}

TEST(SparkplugHost, BirthThenDataByAlias) {
  SparkplugHost host("sp");
  SparkplugEdgeNode edge("shop", "edge-1", 3);
  auto out =
      feed(host, edge.nbirth({make_metric("Running", SpDataType::kBoolean, Value(true))}, 1000));
  ASSERT_EQ(out.samples.size(), 1u);
  EXPECT_EQ(out.samples[0].machine, "edge-1");
  EXPECT_EQ(out.samples[0].signal, signals::kRunning);
  EXPECT_EQ(out.samples[0].ts_ms, 1000);

  out = feed(host, edge.dbirth("WLD-1", weld_birth(), 2000));
  EXPECT_EQ(out.samples.size(), 5u);  // cabinet temperature has no signals.h meaning
  EXPECT_TRUE(out.rejected.empty());
  EXPECT_EQ(host.stats().unmapped_metrics, 1u);

  SpMetric arc_on{"", 1, 2500, std::nullopt, false, SpWireValue(true)};
  SpMetric current{"", 2, std::nullopt, std::nullopt, false, SpWireValue(181.5f)};
  SpMetric welder{"Welder", std::nullopt, std::nullopt, std::nullopt, true, {}};
  SpMetric parts{"", 5, std::nullopt, std::nullopt, false, SpWireValue(uint32_t{12})};
  out = feed(host, edge.ddata("WLD-1", {arc_on, current, welder, parts}, 3000));
  ASSERT_EQ(out.samples.size(), 4u);
  EXPECT_TRUE(out.rebirths.empty());
  EXPECT_EQ(out.samples[0].signal, signals::kArcOn);
  EXPECT_EQ(out.samples[0].value, Value(true));
  EXPECT_EQ(out.samples[0].ts_ms, 2500);
  EXPECT_EQ(out.samples[1].signal, signals::kWeldCurrent);
  EXPECT_EQ(out.samples[1].value, Value(181.5));
  EXPECT_EQ(out.samples[1].ts_ms, 3000);
  EXPECT_EQ(out.samples[1].machine, "WLD-1");
  EXPECT_EQ(out.samples[2].quality, Quality::kUnavailable);
  EXPECT_EQ(out.samples[3].signal, signals::kPartCount);
  EXPECT_EQ(out.samples[3].value, Value(int64_t{12}));
  EXPECT_TRUE(host.node_online("shop", "edge-1"));
}

TEST(SparkplugHost, SeqGapRequestsRebirthAndDropsUntilNBirth) {
  SparkplugHost host("sp", 5000);
  SparkplugEdgeNode edge("shop", "edge-1");
  feed(host, edge.nbirth({}, 1));
  feed(host, edge.dbirth("WLD-1", weld_birth(), 2));
  edge.skip_seq();  // one message lost
  SpMetric arc{"", 1, std::nullopt, std::nullopt, false, SpWireValue(true)};
  auto out = feed(host, edge.ddata("WLD-1", {arc}, 3));
  EXPECT_TRUE(out.samples.empty());
  expect_rebirth(out, "edge-1");
  EXPECT_FALSE(host.node_online("shop", "edge-1"));
  // Still dropped; no second request within the interval, one after it.
  out = feed(host, edge.ddata("WLD-1", {arc}, 4), kNow + 1000);
  EXPECT_TRUE(out.samples.empty());
  EXPECT_TRUE(out.rebirths.empty());
  out = feed(host, edge.ddata("WLD-1", {arc}, 5), kNow + 6000);
  EXPECT_EQ(out.rebirths.size(), 1u);
  // The rebirth: NBIRTH then DBIRTH, and data flows again.
  out = feed(host, edge.nbirth({}, 6));
  EXPECT_TRUE(host.node_online("shop", "edge-1"));
  feed(host, edge.dbirth("WLD-1", weld_birth(), 7));
  out = feed(host, edge.ddata("WLD-1", {arc}, 8));
  ASSERT_EQ(out.samples.size(), 1u);
  EXPECT_EQ(host.stats().rebirths_requested, 2u);
  EXPECT_EQ(host.stats().dropped, 3u);
}

TEST(SparkplugHost, DataBeforeBirthAndUnknownAliasRequestRebirth) {
  SparkplugHost host("sp");
  SparkplugEdgeNode edge("shop", "edge-2");
  edge.nbirth({}, 1);  // consumed by nobody: the host never saw the birth
  auto out = feed(host, edge.ndata({make_metric("Running", SpDataType::kBoolean, Value(true))}, 2));
  EXPECT_TRUE(out.samples.empty());
  expect_rebirth(out, "edge-2");

  SparkplugHost host2("sp");
  SparkplugEdgeNode edge2("shop", "edge-2");
  feed(host2, edge2.nbirth({make_metric("Running", SpDataType::kBoolean, Value(true), 1)}, 1));
  SpMetric unknown{"", 99, std::nullopt, std::nullopt, false, SpWireValue(true)};
  out = feed(host2, edge2.ndata({unknown}, 2));
  EXPECT_EQ(out.rejected.size(), 1u);
  expect_rebirth(out, "edge-2");
  // DDATA for a device that never had a DBIRTH.
  SparkplugHost host3("sp");
  SparkplugEdgeNode edge3("shop", "edge-3");
  feed(host3, edge3.nbirth({}, 1));
  out = feed(host3, edge3.ddata("X", {unknown}, 2));
  expect_rebirth(out, "edge-3");
}

TEST(SparkplugHost, DeathMakesEveryMetricUnavailable) {
  SparkplugHost host("sp");
  SparkplugEdgeNode edge("shop", "edge-1", 5);
  feed(host, edge.nbirth({make_metric("Running", SpDataType::kBoolean, Value(true))}, 1));
  feed(host, edge.dbirth("WLD-1", weld_birth(), 2));
  feed(host, edge.dbirth("POL-1", {make_metric("Running", SpDataType::kBoolean, Value(true))}, 3));
  auto out = feed(host, edge.ddeath("POL-1", 4));
  ASSERT_EQ(out.samples.size(), 1u);
  EXPECT_EQ(out.samples[0].machine, "POL-1");
  EXPECT_EQ(out.samples[0].quality, Quality::kUnavailable);

  // A stale NDEATH (older bdSeq) is ignored; the matching one kills node and devices.
  SparkplugEdgeNode old_session("shop", "edge-1", 4);
  out = feed(host, old_session.ndeath());
  EXPECT_TRUE(out.samples.empty());
  EXPECT_TRUE(host.node_online("shop", "edge-1"));
  out = feed(host, edge.ndeath());
  EXPECT_EQ(out.samples.size(), 6u);  // 5 mapped WLD-1 metrics + edge-1 running
  for (const Sample& s : out.samples) {
    EXPECT_EQ(s.quality, Quality::kUnavailable) << s.machine << " " << s.signal;
  }
  EXPECT_FALSE(host.node_online("shop", "edge-1"));
}

TEST(SparkplugHost, MalformedInputIsRejectedWithAField) {
  SparkplugHost host("sp");
  auto out = host.on_message("kerf/p1/x/y/z", "", kNow);
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].fields.at(0).field, "topic");
  out = host.on_message("spBv1.0/shop/NBIRTH/e", "\x0a\xff", kNow);
  EXPECT_EQ(out.rejected.at(0).fields.at(0).field, "payload");
  SpPayload no_bdseq;
  no_bdseq.seq = 0;
  out = host.on_message("spBv1.0/shop/NBIRTH/e", encode_sparkplug(no_bdseq), kNow);
  EXPECT_EQ(out.rejected.at(0).fields.at(0).field, "metrics/bdSeq");
  SparkplugEdgeNode edge("shop", "e");
  feed(host, edge.nbirth({make_metric("Current", SpDataType::kDouble, Value(1.0), 1)}, 1));
  SpMetric wrong{"", 1, std::nullopt, std::nullopt, false, SpWireValue(std::string("hot"))};
  out = feed(host, edge.ndata({wrong}, 2));
  ASSERT_EQ(out.rejected.size(), 1u);
  EXPECT_EQ(out.rejected[0].fields.at(0).field, "metrics/0");
  EXPECT_TRUE(out.rebirths.empty());  // a bad value is not a protocol error
}

}  // namespace
}  // namespace kerf::ingest::mqtt
