// The edge phase of `kerf bench ingest` that crosses the network: an edge gateway's buffer holds
// a backlog (what piles up during an outage) and the gateway forwards it as batch messages
// (json_batch.h) through the broker into the server's MQTT JSON source and pipeline.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include "kerf/app/ingest_runtime.h"
#include "kerf/app/services.h"

namespace kerf::cli::bench_ingest {

struct EdgeForwardFigures {
  double forward_per_s = 0;  // samples/s from the gateway's start until the broker acked all
  double store_per_s = 0;    // samples/s from the gateway's start until all are through the sinks
  uint64_t delivered = 0;    // samples the server's source handed to the pipeline
  uint64_t rejected = 0;
};

// Registers `machines` machines "BE-000".., fills an edge buffer in `dir` with `samples` of
// theirs, then starts an edge gateway on it towards `broker_url` and waits until `runtime` has
// taken them all (Unavailable after 30 s without progress).
Result<EdgeForwardFigures> bench_edge_forward(app::Services& services,
                                              const app::IngestRuntime& runtime,
                                              const std::string& broker_url,
                                              const std::filesystem::path& dir, int machines,
                                              int64_t samples);

}  // namespace kerf::cli::bench_ingest
