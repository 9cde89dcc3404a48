// Connection settings shared by the MQTT sources and the publisher (Paho MQTT C++ async client).
#pragma once

#include <chrono>
#include <string>

#include "kerf/core/clock.h"

namespace kerf::ingest::mqtt {

struct MqttConnectOptions {
  std::string broker_uri;      // "tcp://127.0.0.1:1883"
  std::string client_id;       // stable per node: the broker keeps its persistent session
  bool clean_session = false;  // false: QoS 1 messages are queued while we are away
  std::chrono::seconds keep_alive{20};
  std::chrono::milliseconds backoff_min{100};    // first reconnect delay
  std::chrono::milliseconds backoff_max{10000};  // cap of the doubling delay
  std::chrono::milliseconds op_timeout{10000};   // connect / subscribe / PUBACK wait
  Env* env = nullptr;  // randomness for the jitter; nullptr = Env::system()
};

// The delay before reconnect attempt `attempt` (0-based): min(backoff_max, backoff_min x
// 2^attempt), jittered uniformly into [delay/2, delay] with `env`'s generator.
std::chrono::milliseconds reconnect_delay(const MqttConnectOptions& opts, int attempt, Env& env);

}  // namespace kerf::ingest::mqtt
