// One Paho async client with our own reconnect loop (backoff + jitter from the Env) that
// re-subscribes its filters after every (re)connect. Private to src/ingest.
#pragma once

#include <mqtt/async_client.h>

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/mqtt/mqtt_options.h"

namespace kerf::ingest::mqtt {

class MqttSession {
 public:
  // Called on Paho's receive thread, one message at a time; when it returns, Paho has already
  // acknowledged the message (see docs/mqtt_format.md, "Acknowledgement").
  using MessageFn = std::function<void(const std::string& topic, const std::string& payload)>;

  MqttSession(MqttConnectOptions opts, std::vector<std::string> filters);
  ~MqttSession();  // stop()

  // Validates the options, creates the client and starts the connect loop. Returns at once.
  Status start(MessageFn on_message);
  // Stops the loop, disconnects, joins. Idempotent.
  void stop();

  // QoS `qos` publish; with QoS >= 1 waits for the PUBACK up to op_timeout. Unavailable when
  // not connected or no PUBACK came.
  Status publish(const std::string& topic, const std::string& payload, int qos, bool retain);

  // Waits up to `timeout` for the session to be connected and subscribed.
  bool wait_connected(std::chrono::milliseconds timeout);
  // Sleeps the reconnect backoff for `attempt`; false when stop() interrupted it.
  bool sleep_backoff(int attempt);

  bool connected() const;
  bool stopping() const { return stopping_.load(); }
  uint64_t reconnects() const;
  std::string last_error() const;
  const MqttConnectOptions& options() const { return opts_; }

 private:
  void run();
  Status connect_once();

  MqttConnectOptions opts_;
  std::vector<std::string> filters_;
  Env* env_;
  std::unique_ptr<::mqtt::async_client> client_;
  MessageFn on_message_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::atomic<bool> stopping_{false};
  bool connected_ = false;
  bool ever_connected_ = false;
  uint64_t reconnects_ = 0;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace kerf::ingest::mqtt
