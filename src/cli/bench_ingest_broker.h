// Peers of `kerf bench ingest`: a private mosquitto broker started as a child process, and a
// pipelined MQTT publisher (QoS 1, up to `window` messages in flight, no wait per message).
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

#include "kerf/core/child_process.h"
#include "kerf/core/result.h"

namespace mqtt {
class async_client;
}

namespace kerf::cli {

// A mosquitto listening on 127.0.0.1:<free port>, configured in `dir` (created), stopped when
// the object goes.
struct BenchBroker {
  std::unique_ptr<ChildProcess> process;
  std::string url;  // tcp://127.0.0.1:<port>
};

// Starts mosquitto (from PATH) and waits until it accepts connections. Unavailable, with the
// reason and the broker log's tail, when mosquitto is missing or does not come up.
Result<BenchBroker> start_bench_broker(const std::string& dir);

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
