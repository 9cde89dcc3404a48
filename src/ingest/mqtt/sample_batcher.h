// Internal: the queue and flusher thread between an MQTT receive thread and the pipeline
// (docs/mqtt_format.md "Acknowledgement"). The receive thread add()s parsed samples; the flusher
// hands them to the handler in batches (SampleBatching), in order, retrying a failing batch with
// the caller's backoff and holding back every later sample until it succeeds or stop().
#pragma once

#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "kerf/ingest/mqtt/sample_batching.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::ingest::mqtt {

class SampleBatcher {
 public:
  // Sleeps before retry `attempt` of a failed batch; false = give up (the source stops).
  using Backoff = std::function<bool(int attempt)>;

  // Starts the flusher thread. `name` prefixes log lines.
  SampleBatcher(std::string name, SampleBatching options, Source::Handler handler, Backoff backoff);
  // stop().
  ~SampleBatcher();
  SampleBatcher(const SampleBatcher&) = delete;
  SampleBatcher& operator=(const SampleBatcher&) = delete;

  // Queues `samples` after those queued before, blocking while max_pending are waiting; false
  // (samples dropped) once stop() began.
  bool add(std::vector<Sample> samples);
  // Hands over what is queued (unless its handler keeps failing), then ends the thread.
  void stop();

  // Samples the handler accepted.
  uint64_t delivered() const { return delivered_.load(); }
  // The last handler failure ("" if none).
  std::string last_error() const;

 private:
  void run();

  const std::string name_;
  const SampleBatching options_;
  Source::Handler handler_;
  Backoff backoff_;
  std::atomic<uint64_t> delivered_{0};
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Sample> pending_;
  bool stopping_ = false;
  std::string last_error_;
  std::thread thread_;
};

}  // namespace kerf::ingest::mqtt
