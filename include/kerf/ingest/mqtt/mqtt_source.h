// ingest::Source for the kerf MQTT JSON scheme (docs/mqtt_format.md): subscribes with QoS 1 on a
// persistent session to $share/<group>/kerf/<plant>/# (or kerf/<plant>/# without a group) and
// hands each valid message to the handler as a one-sample batch. Malformed messages are logged
// with field and reason, counted in SourceStats.rejected, and skipped.
#pragma once

#include <chrono>
#include <memory>
#include <string>

#include "kerf/ingest/mqtt/mqtt_options.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::ingest::mqtt {

class MqttSession;

struct MqttSourceOptions {
  MqttConnectOptions connect;
  std::string plant;                 // subscribes to kerf/<plant>/#
  std::string share_group = "kerf";  // "" = plain subscription (every node gets everything)
  std::string name;                  // SourceStats.name; "" = "mqtt:<broker_uri>"
  // Messages are handed to the pipeline in batches (one database transaction per batch instead
  // of per message): a batch closes at max_batch samples or `linger` after its first sample.
  size_t max_batch = 1000;
  std::chrono::milliseconds linger{20};
  // At most this many parsed samples wait for the pipeline; beyond it the receive thread blocks
  // (back-pressure: the broker holds the rest).
  size_t max_pending = 50'000;
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
  void flush_loop();
  void stop_flusher();

  MqttSourceOptions opts_;
  std::string name_;
  std::unique_ptr<State> state_;
  std::unique_ptr<MqttSession> session_;
};

}  // namespace kerf::ingest::mqtt
