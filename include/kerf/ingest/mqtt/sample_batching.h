// How an MQTT source hands received samples to the pipeline: in batches (one database
// transaction per batch instead of per message). A batch closes at max_batch samples or `linger`
// after its first sample; under load the queue fills while the previous batch commits, so
// batches grow towards max_batch and throughput with them (group commit).
#pragma once

#include <chrono>
#include <cstddef>

namespace kerf::ingest::mqtt {

struct SampleBatching {
  size_t max_batch = 5000;
  std::chrono::milliseconds linger{20};
  // At most this many parsed samples wait for the pipeline; beyond it the receive thread blocks
  // (back-pressure: the broker holds the rest).
  size_t max_pending = 50'000;
};

}  // namespace kerf::ingest::mqtt
