#include "cli/bench_ingest_edge.h"

#include <chrono>
#include <thread>

#include "cli/bench_ingest_samples.h"
#include "kerf/ingest/edge_buffer.h"
#include "kerf/ingest/edge_gateway.h"

namespace kerf::cli::bench_ingest {
namespace {

constexpr const char* kEdgeId = "bench";

double seconds(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double>(d).count();
}

// The backlog: `n` samples made durable in a fresh buffer at `dir`, as the gateway's sources
// would have appended them.
Status fill_buffer(const std::filesystem::path& dir, int machines, int64_t n) {
  ingest::EdgeBufferOptions options;
  options.max_bytes = 1ull << 30;
  auto buffer = ingest::EdgeBuffer::open(dir, options);
  if (!buffer) return buffer.error();
  auto samples = synthetic_stream("E", machines, n);
  for (size_t i = 0; i < samples.size(); i += 1000) {
    std::vector<ingest::Sample> chunk;
    for (size_t k = i; k < std::min(samples.size(), i + 1000); ++k) {
      samples[k].source = std::string("edge:") + kEdgeId;
      chunk.push_back(std::move(samples[k]));
    }
    if (auto appended = (*buffer)->append(std::move(chunk)); !appended) return appended.error();
  }
  return {};
}

}  // namespace

Result<EdgeForwardFigures> bench_edge_forward(app::Services& services,
                                              const app::IngestRuntime& runtime,
                                              const std::string& broker_url,
                                              const std::filesystem::path& dir, int machines,
                                              int64_t n) {
  if (Status st = register_machines(services, "E", machines); !st) return st.error();
  if (Status st = fill_buffer(dir, machines, n); !st) return st.error();
  const auto before = source_stats(runtime, "mqtt:");
  ingest::EdgeConfig config;
  config.id = kEdgeId;
  config.buffer_dir = dir;
  config.buffer_max_bytes = 1ull << 30;
  config.mqtt_url = broker_url;
  config.plant = kPlant;
  const auto t0 = std::chrono::steady_clock::now();
  auto gateway = ingest::EdgeGateway::start(config);
  if (!gateway) return gateway.error();
  EdgeForwardFigures f;
  // Forwarded: the broker acknowledged everything (the buffer has nothing pending).
  auto forwarded_at = std::chrono::steady_clock::now();
  for (auto last = forwarded_at; (*gateway)->stats().forwarded < static_cast<uint64_t>(n);) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
    forwarded_at = std::chrono::steady_clock::now();
    if (forwarded_at - last > std::chrono::seconds(120)) {
      return Error::unavailable("the edge gateway did not forward its backlog within 120 s");
    }
  }
  f.forward_per_s = static_cast<double>(n) / seconds(forwarded_at - t0);
  std::chrono::steady_clock::time_point done;
  const uint64_t target = before.samples + before.rejected + static_cast<uint64_t>(n);
  if (Status st = wait_delivered(runtime, "mqtt:", target, done); !st) return st.error();
  f.store_per_s = static_cast<double>(n) / seconds(done - t0);
  const auto after = source_stats(runtime, "mqtt:");
  f.delivered = after.samples - before.samples;
  f.rejected = after.rejected - before.rejected;
  (*gateway)->stop();
  return f;
}

}  // namespace kerf::cli::bench_ingest
