// Ingest micro-benchmarks for `kerf bench ingest` (docs/benchmarks.md). Wall time only through
// the Clock's steady_now(), so a test can run them on a ManualClock (rates then read 0).
#pragma once

#include <cstdint>
#include <filesystem>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"

namespace kerf::ingest {

struct EdgeReplayBench {
  int64_t samples = 0;
  double append_per_s = 0;  // durable appends, batches of `batch` samples (one fsync each)
  double replay_per_s = 0;  // peek `batch` + commit until empty, as the forwarder does
  uint64_t bytes = 0;       // segment bytes the samples took
};

// Appends `n` synthetic samples (10 machines x 5 signals, mixed value types) to a fresh edge
// buffer in `dir` (which must not hold one), then replays them all. Errors from the buffer.
Result<EdgeReplayBench> bench_edge_replay(const std::filesystem::path& dir, int64_t n,
                                          const Clock& clock, size_t batch = 1000);

struct PipelineBench {
  int64_t samples = 0;
  double samples_per_s = 0;  // through Dedup -> StateMachine -> Counters into a counting sink
  uint64_t samples_out = 0;
};

// Pushes `n` synthetic samples in batches of `batch` through the standard transform chain.
PipelineBench bench_pipeline(int64_t n, const Clock& clock, size_t batch = 1000);

}  // namespace kerf::ingest
