#include "kerf/ingest/mqtt/mqtt_publisher.h"

#include <vector>

#include "ingest/mqtt/mqtt_session.h"
#include "kerf/ingest/mqtt/json_scheme.h"

namespace kerf::ingest::mqtt {

MqttPublisher::MqttPublisher(MqttConnectOptions opts)
    : session_(std::make_unique<MqttSession>(std::move(opts), std::vector<std::string>{})) {}

MqttPublisher::~MqttPublisher() { stop(); }

Status MqttPublisher::start(std::chrono::milliseconds wait) {
  Status st = session_->start(nullptr);
  if (!st.ok()) return st;
  if (!session_->wait_connected(wait)) {
    return Error::unavailable("not connected to " + session_->options().broker_uri + ": " +
                              session_->last_error());
  }
  return ok_status();
}

void MqttPublisher::stop() { session_->stop(); }

Status MqttPublisher::publish(const std::string& topic, std::string_view payload, int qos,
                              bool retain) {
  if (qos < 0 || qos > 2) return Error::invalid("qos", "must be 0, 1 or 2");
  if (topic.empty() || topic.find_first_of("+#") != std::string::npos) {
    return Error::invalid("topic", "must be non-empty without wildcards");
  }
  if (!session_->connected()) {
    return Error::unavailable("not connected: " + session_->last_error());
  }
  return session_->publish(topic, std::string(payload), qos, retain);
}

Status MqttPublisher::publish_sample(std::string_view plant, std::string_view department,
                                     const Sample& s) {
  return publish(make_topic(plant, department, s.machine, s.signal), encode_json_payload(s));
}

bool MqttPublisher::connected() const { return session_->connected(); }

bool MqttPublisher::wait_connected(std::chrono::milliseconds timeout) {
  return session_->wait_connected(timeout);
}

}  // namespace kerf::ingest::mqtt
