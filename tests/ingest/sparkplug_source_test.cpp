// The Sparkplug B source against a real mosquitto: an edge node played with SparkplugEdgeNode and
// MqttPublisher; BIRTH/DATA with aliases, a seq gap answered by a rebirth NCMD seen on the broker,
// DEATH making metrics unavailable.
#include "kerf/ingest/mqtt/sparkplug_source.h"

#include <gtest/gtest.h>
#include <mqtt/async_client.h>

#include <thread>

#include "ingest/mqtt_test_util.h"
#include "kerf/ingest/mqtt/mqtt_publisher.h"
#include "kerf/ingest/mqtt/sparkplug.h"
#include "kerf/ingest/mqtt/sparkplug_edge.h"
#include "kerf/ingest/signals.h"
#include "support/mosquitto_harness.h"

namespace kerf::ingest::mqtt {
namespace {

using namespace std::chrono_literals;
using testing::MosquittoHarness;
using testing::SampleCollector;
using testing::unique_client_id;

MqttConnectOptions connect_options(const MosquittoHarness& broker, const std::string& id) {
  MqttConnectOptions o;
  o.broker_uri = broker.uri();
  o.client_id = unique_client_id(id);
  o.backoff_min = 50ms;
  o.backoff_max = 1s;
  return o;
}

void send(MqttPublisher& pub, const SpMessage& m) {
  Status st = pub.publish(m.topic, m.payload);
  ASSERT_TRUE(st.ok()) << st.error().message;
}

TEST(SparkplugSource, BirthDataRebirthAndDeathThroughTheBroker) {
  MosquittoHarness broker;
  broker.start();

  // An observer of the commands the host sends to edge nodes.
  ::mqtt::async_client observer(broker.uri(), unique_client_id("observer"));
  ::mqtt::connect_options co;
  co.set_mqtt_version(MQTTVERSION_3_1_1);
  observer.start_consuming();
  ASSERT_TRUE(observer.connect(co)->wait_for(30s));
  ASSERT_TRUE(observer.subscribe("spBv1.0/shop/NCMD/#", 1)->wait_for(30s));

  SampleCollector got;
  SparkplugSourceOptions so;
  so.connect = connect_options(broker, "host");
  so.group = "shop";
  SparkplugSource source(so);
  ASSERT_TRUE(source.start(got.handler()).ok());
  for (int i = 0; i < 600 && !source.stats().connected; ++i) std::this_thread::sleep_for(50ms);
  ASSERT_TRUE(source.stats().connected) << source.stats().last_error;

  MqttPublisher pub(connect_options(broker, "edge"));
  ASSERT_TRUE(pub.start().ok());
  SparkplugEdgeNode edge("shop", "cell-2", 1);
  const std::vector<SpMetric> weld = {
      make_metric("Arc", SpDataType::kBoolean, Value(false), 1),
      make_metric("Current", SpDataType::kFloat, Value(0.0), 2),
      make_metric("Wire Feed", SpDataType::kDouble, Value(0.0), 3),
      make_metric("WPS", SpDataType::kString, Value(std::string("WPS-135-01")), 4)};
  send(pub, edge.nbirth({make_metric("Node Control/Rebirth", SpDataType::kBoolean, Value(false))},
                        1000));
  send(pub, edge.dbirth("WLD-3", weld, 1001));
  send(pub, edge.ddata("WLD-3",
                       {SpMetric{"", 1, std::nullopt, std::nullopt, false, SpWireValue(true)},
                        SpMetric{"", 2, std::nullopt, std::nullopt, false, SpWireValue(176.0f)}},
                       1002));
  ASSERT_TRUE(got.wait_count(6)) << source.stats().last_error;
  auto samples = got.samples();
  EXPECT_EQ(samples[4].signal, signals::kArcOn);
  EXPECT_EQ(samples[4].value, Value(true));
  EXPECT_EQ(samples[5].signal, signals::kWeldCurrent);
  EXPECT_EQ(samples[5].value, Value(176.0));
  EXPECT_EQ(samples[5].machine, "WLD-3");

  // A lost message: the next DDATA is out of sequence -> NCMD rebirth on the broker.
  edge.skip_seq();
  send(pub, edge.ddata("WLD-3", {SpMetric{"", 2, {}, {}, false, SpWireValue(1.0f)}}, 1003));
  auto cmd = observer.try_consume_message_for(30s);
  ASSERT_TRUE(cmd) << "no rebirth NCMD observed; " << source.stats().last_error;
  EXPECT_EQ(cmd->get_topic(), "spBv1.0/shop/NCMD/cell-2");
  auto payload = decode_sparkplug(cmd->get_payload_str());
  ASSERT_TRUE(payload.ok());
  ASSERT_EQ(payload->metrics.size(), 1u);
  EXPECT_EQ(payload->metrics[0].name, "Node Control/Rebirth");
  EXPECT_EQ(payload->metrics[0].value, SpWireValue(true));
  EXPECT_EQ(source.host_stats().rebirths_requested, 1u);

  // The node answers with a new birth; data flows again.
  send(pub, edge.nbirth({}, 2000));
  send(pub, edge.dbirth("WLD-3", weld, 2001));
  send(pub, edge.ddata("WLD-3", {SpMetric{"", 2, {}, {}, false, SpWireValue(150.0f)}}, 2002));
  ASSERT_TRUE(got.wait_until([](const auto& v) {
    return !v.empty() && v.back().value == Value(150.0);
  })) << source.stats().last_error;
  std::size_t before_death = got.samples().size();

  // NDEATH (the will the broker would publish): every metric of the node unavailable.
  send(pub, edge.ndeath());
  ASSERT_TRUE(got.wait_count(before_death + 4));
  samples = got.samples();
  for (std::size_t i = before_death; i < samples.size(); ++i) {
    EXPECT_EQ(samples[i].machine, "WLD-3");
    EXPECT_EQ(samples[i].quality, Quality::kUnavailable) << samples[i].signal;
  }
  EXPECT_EQ(source.stats().rejected, 0u);
  observer.disconnect()->wait_for(10s);
}

}  // namespace
}  // namespace kerf::ingest::mqtt
