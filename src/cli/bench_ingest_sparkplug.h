// The Sparkplug B phase of `kerf bench ingest`: edge nodes publish DDATA messages that carry
// many metric samples each (the protocol's batching), through a private mosquitto into the
// server's SparkplugSource and pipeline.
#pragma once

#include <cstdint>
#include <string>

#include "kerf/app/ingest_runtime.h"
#include "kerf/app/services.h"

namespace kerf::cli::bench_ingest {

struct SparkplugBenchOptions {
  int machines = 50;             // Sparkplug devices, "BP-000"..
  int edge_nodes = 4;            // one publisher connection each; device m on node m mod E
  int64_t samples = 100'000;     // DDATA metric samples in total
  int metrics_per_message = 50;  // samples per DDATA
  int window = 500;              // unacknowledged QoS 1 messages per publisher
};

struct SparkplugBenchFigures {
  double publish_per_s = 0;  // samples/s on the publishing side
  double store_per_s = 0;    // samples/s from the first publish until all are through the sinks
  uint64_t messages = 0;     // DDATA messages published
  uint64_t delivered = 0;    // samples the source handed to the pipeline (births included)
  uint64_t rejected = 0;
};

// Registers the devices as machines, publishes NBIRTH / DBIRTH then the DDATA stream, and waits
// until `runtime`'s Sparkplug source has delivered every sample (Unavailable after 30 s without
// progress).
Result<SparkplugBenchFigures> bench_sparkplug(app::Services& services,
                                              const app::IngestRuntime& runtime,
                                              const std::string& broker_url,
                                              const SparkplugBenchOptions& options);

}  // namespace kerf::cli::bench_ingest
