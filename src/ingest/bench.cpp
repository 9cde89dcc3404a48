#include "kerf/ingest/bench.h"

#include <fmt/format.h>

#include <chrono>

#include "kerf/ingest/edge_buffer.h"
#include "kerf/ingest/pipeline.h"
#include "kerf/ingest/signals.h"
#include "kerf/ingest/transforms/counters.h"
#include "kerf/ingest/transforms/dedup.h"
#include "kerf/ingest/transforms/state_machine.h"

namespace kerf::ingest {

namespace {

// Sample i of a deterministic stream: 10 machines, signals cycling through execution, running,
// part_count, current and program.
Sample synthetic(int64_t i) {
  static const char* const kExec[] = {"ACTIVE", "READY", "FEED_HOLD"};
  Sample s;
  s.machine = fmt::format("M-{}", i % 10);
  s.ts_ms = 1'780'000'000'000 + i * 10;
  s.source = "bench:edge";
  switch ((i / 10) % 5) {
    case 0:
      s.signal = signals::kExecution;
      s.value = std::string(kExec[(i / 50) % 3]);
      break;
    case 1:
      s.signal = signals::kRunning;
      s.value = (i / 50) % 2 == 0;
      break;
    case 2:
      s.signal = signals::kPartCount;
      s.value = int64_t{i / 50};
      break;
    case 3:
      s.signal = signals::kWeldCurrent;
      s.value = 100.0 + static_cast<double>(i % 97) / 10.0;
      break;
    default:
      s.signal = signals::kProgram;
      s.value = std::string("O1234");
      break;
  }
  return s;
}

double per_second(int64_t n, std::chrono::steady_clock::duration d) {
  double s = std::chrono::duration<double>(d).count();
  return s > 0 ? static_cast<double>(n) / s : 0;
}

class CountingSink final : public Sink {
 public:
  std::string_view name() const override { return "count"; }
  Status consume(std::span<const Sample> batch) override {
    count += batch.size();
    return ok_status();
  }
  uint64_t count = 0;
};

}  // namespace

Result<EdgeReplayBench> bench_edge_replay(const std::filesystem::path& dir, int64_t n,
                                          const Clock& clock, size_t batch) {
  EdgeBufferOptions options;
  options.max_bytes = 1ull << 30;
  auto opened = EdgeBuffer::open(dir, options);
  if (!opened.ok()) return opened.error();
  EdgeBuffer& buffer = **opened;
  if (buffer.stats().last_pos != 0) return Error::invalid("dir", "already holds an edge buffer");
  if (batch == 0) batch = 1;
  EdgeReplayBench r;
  r.samples = n;
  auto t0 = clock.steady_now();
  for (int64_t i = 0; i < n;) {
    std::vector<Sample> chunk;
    for (size_t k = 0; k < batch && i < n; ++k, ++i) chunk.push_back(synthetic(i));
    auto appended = buffer.append(std::move(chunk));
    if (!appended.ok()) return appended.error();
  }
  auto t1 = clock.steady_now();
  r.bytes = buffer.stats().bytes;
  int64_t replayed = 0;
  while (true) {
    auto records = buffer.peek(batch);
    if (!records.ok()) return records.error();
    if (records->empty()) break;
    replayed += static_cast<int64_t>(records->size());
    if (Status st = buffer.commit(records->back().pos); !st.ok()) return st.error();
  }
  auto t2 = clock.steady_now();
  if (replayed != n) {
    return Error::internal(fmt::format("edge replay returned {} of {} samples", replayed, n));
  }
  r.append_per_s = per_second(n, t1 - t0);
  r.replay_per_s = per_second(n, t2 - t1);
  return r;
}

PipelineBench bench_pipeline(int64_t n, const Clock& clock, size_t batch) {
  Pipeline pipeline;
  pipeline.add_transform(std::make_unique<Dedup>());
  pipeline.add_transform(std::make_unique<StateMachine>());
  pipeline.add_transform(std::make_unique<Counters>());
  auto sink = std::make_shared<CountingSink>();
  pipeline.add_sink(sink);
  if (batch == 0) batch = 1;
  PipelineBench r;
  r.samples = n;
  std::vector<std::vector<Sample>> batches;  // generated up front: only the pipeline is timed
  for (int64_t i = 0; i < n;) {
    auto& chunk = batches.emplace_back();
    chunk.reserve(batch);
    for (size_t k = 0; k < batch && i < n; ++k, ++i) chunk.push_back(synthetic(i));
  }
  auto t0 = clock.steady_now();
  for (auto& chunk : batches) (void)pipeline.push(std::move(chunk));
  r.samples_per_s = per_second(n, clock.steady_now() - t0);
  r.samples_out = sink->count;
  return r;
}

}  // namespace kerf::ingest
