// ingest::Source for the kerf MQTT JSON scheme (docs/mqtt_format.md): subscribes with QoS 1 on a
// persistent session to $share/<group>/kerf/<plant>/# (or kerf/<plant>/# without a group) and
// hands the valid messages' samples to the handler in batches (SampleBatching). Batch messages
// (json_batch.h) carry many samples each. Malformed messages and batch elements are logged with
// field and reason, counted in SourceStats.rejected, and skipped.
#pragma once

#include <memory>
#include <string>

#include "kerf/ingest/mqtt/mqtt_options.h"
#include "kerf/ingest/mqtt/sample_batching.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::ingest::mqtt {

class MqttSession;

struct MqttSourceOptions {
  MqttConnectOptions connect;
  std::string plant;                 // subscribes to kerf/<plant>/#
  std::string share_group = "kerf";  // "" = plain subscription (every node gets everything)
  std::string name;                  // SourceStats.name; "" = "mqtt:<broker_uri>"
  SampleBatching batching;
};

// The subscription filter for `opts`: "$share/<group>/kerf/<plant>/#" or "kerf/<plant>/#".
std::string subscription_filter(const MqttSourceOptions& opts);

class MqttJsonSource final : public Source {
 public:
  explicit MqttJsonSource(MqttSourceOptions opts);
  ~MqttJsonSource() override;

  std::string_view name() const override { return name_; }
  // Validates the options (plant, group, client id) and starts connecting in the background.
  Status start(Handler handler) override;
  void stop() override;
  SourceStats stats() const override;

 private:
  struct State;
  void on_message(const std::string& topic, const std::string& payload);
  // Counts `count` refused samples (or one refused message) and logs `e` as the reason.
  void reject(const std::string& topic, const Error& e, size_t count);

  MqttSourceOptions opts_;
  std::string name_;
  std::unique_ptr<State> state_;
  std::unique_ptr<MqttSession> session_;
};

}  // namespace kerf::ingest::mqtt
