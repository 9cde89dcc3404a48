// Publishes to the broker with QoS 1 and waits for the PUBACK: the edge gateway forwards samples
// as JSON on the kerf topic scheme (with seq, so the receiver can drop duplicates), the demo
// simulator plays weld cells and polishing stations, tests play Sparkplug edge nodes.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/ingest/mqtt/mqtt_options.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

class MqttSession;

class MqttPublisher {
 public:
  explicit MqttPublisher(MqttConnectOptions opts);
  ~MqttPublisher();
  MqttPublisher(const MqttPublisher&) = delete;
  MqttPublisher& operator=(const MqttPublisher&) = delete;

  // Starts connecting (and reconnecting with backoff) in the background and waits up to
  // `wait` for the first connection. Ok once connected; Unavailable when `wait` passed (the
  // publisher keeps trying in the background).
  Status start(std::chrono::milliseconds wait = std::chrono::seconds(10));
  void stop();  // idempotent

  // Publishes `payload` on `topic` (QoS 1 by default) and waits for the PUBACK. Unavailable
  // when disconnected or when no PUBACK came within op_timeout: the caller keeps the message
  // and retries (a retried message may arrive twice; receivers drop it by seq).
  Status publish(const std::string& topic, std::string_view payload, int qos = 1,
                 bool retain = false);

  // `s` as JSON (encode_json_payload) on kerf/<plant>/<department>/<s.machine>/<s.signal>.
  Status publish_sample(std::string_view plant, std::string_view department, const Sample& s);

  bool connected() const;
  // Waits up to `timeout` for a (re)connection.
  bool wait_connected(std::chrono::milliseconds timeout);

 private:
  std::unique_ptr<MqttSession> session_;
};

}  // namespace kerf::ingest::mqtt
