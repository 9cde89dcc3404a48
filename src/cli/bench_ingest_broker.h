// The publishing side of `kerf bench ingest`: a pipelined MQTT publisher (QoS 1, up to `window`
// messages in flight, no wait per message).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace mqtt {
class async_client;
}

namespace kerf::cli {

// One MQTT connection that publishes with QoS 1 and keeps up to `window` PUBACKs outstanding:
// publish() waits only when the window is full, flush() waits for every outstanding PUBACK.
class PipelinedPublisher {
 public:
  PipelinedPublisher(std::string url, std::string client_id, int window);
  ~PipelinedPublisher();
  PipelinedPublisher(const PipelinedPublisher&) = delete;
  PipelinedPublisher& operator=(const PipelinedPublisher&) = delete;

  // Connects (clean session). Unavailable with Paho's reason.
  Status connect();
  // Queues one QoS 1 message. Unavailable when Paho refuses it or a PUBACK wait fails.
  Status publish(const std::string& topic, std::string_view payload);
  // Waits for every outstanding PUBACK.
  Status flush();
  void disconnect();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::cli
