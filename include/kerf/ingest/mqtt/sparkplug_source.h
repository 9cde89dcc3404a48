// ingest::Source for Sparkplug B edge nodes: subscribes with QoS 1 on a persistent session to
// spBv1.0/<group>/# (never shared: seq checking needs every message of an edge node on one
// host), runs SparkplugHost and publishes its rebirth NCMDs. The samples go to the handler in
// batches (SampleBatching), in order; rejected messages and metrics are logged and counted.
#pragma once

#include <memory>
#include <string>

#include "kerf/ingest/mqtt/mqtt_options.h"
#include "kerf/ingest/mqtt/sample_batching.h"
#include "kerf/ingest/mqtt/sparkplug_host.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::ingest::mqtt {

class MqttSession;

struct SparkplugSourceOptions {
  MqttConnectOptions connect;
  std::string group;  // Sparkplug group id
  std::string name;   // SourceStats.name; "" = "sparkplug:<group>@<broker_uri>"
  int64_t rebirth_interval_ms = 5000;
  SampleBatching batching;
};

class SparkplugSource final : public Source {
 public:
  explicit SparkplugSource(SparkplugSourceOptions opts);
  ~SparkplugSource() override;

  std::string_view name() const override { return name_; }
  Status start(Handler handler) override;
  void stop() override;
  SourceStats stats() const override;
  // The host's counters (rebirths requested, dropped, unmapped).
  SparkplugHostStats host_stats() const;

 private:
  struct State;
  void on_message(const std::string& topic, const std::string& payload);

  SparkplugSourceOptions opts_;
  std::string name_;
  std::unique_ptr<State> state_;
  std::unique_ptr<MqttSession> session_;
};

}  // namespace kerf::ingest::mqtt
