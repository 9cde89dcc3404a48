// `kerf bench ingest`: machine ingestion figures (docs/benchmarks.md, "Machine ingestion") on a
// seeded scratch database (SQLite, or --database-url). Phases:
//  1. store: synthetic samples of M registered machines pushed through the server's pipeline
//     (app::IngestRuntime::push: Dedup -> StateMachine -> Counters -> telemetry + machine sinks)
//     in batches of --batch;
//  2. mqtt -> store: a private mosquitto, --publishers connections publishing JSON (QoS 1, up to
//     --window PUBACKs outstanding each), an IngestRuntime with the broker as mqtt_url, timed
//     from the first publish until the MQTT source has delivered every sample to the pipeline;
//  3. sparkplug -> store: --publishers Sparkplug B edge nodes publishing DDATA messages of
//     --metrics-per-message samples each (bench_ingest_sparkplug.h), same broker and runtime;
//  4. edge replay: ingest::bench_edge_replay; then edge forward: a gateway's buffered backlog
//     of N samples forwarded as batch messages through the broker into the runtime
//     (bench_ingest_edge.h);
//  5. latency: M machines x --hz state-changing samples (execution ACTIVE/READY) over MQTT for
//     --latency-seconds; publish -> machine.state_changed on the EventBus (no WebSocket hop);
//  6. RSS: VmRSS of this process (the server side: database, pipeline, bus) after 5.
#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "cli/bench_ingest_broker.h"
#include "cli/bench_ingest_edge.h"
#include "cli/bench_ingest_samples.h"
#include "cli/bench_ingest_sparkplug.h"
#include "cli/command_registry.h"
#include "cli/context.h"
#include "cli/mosquitto_child.h"
#include "kerf/app/ingest_runtime.h"
#include "kerf/app/machine_service.h"
#include "kerf/app/machine_sink.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/ingest/bench.h"
#include "kerf/ingest/mqtt/json_scheme.h"
#include "kerf/ingest/signals.h"

namespace kerf::cli {
namespace {

namespace sig = ingest::signals;
using namespace bench_ingest;  // NOLINT(build/namespaces): the phases share its helpers
using SteadyTime = std::chrono::steady_clock::time_point;

// Returns the error of a Status-valued expression from the enclosing Status function.
#define BENCH_TRY(expr)                   \
  do {                                    \
    if (Status st_ = (expr); !st_.ok()) { \
      return st_;                         \
    }                                     \
  } while (false)

struct IngestBenchFlags {
  int64_t samples = 100'000;
  int64_t mqtt_samples = 0;  // 0 = --samples
  int machines = 50;
  std::string database_url;
  bool json = false;
  int batch = 1000;
  int publishers = 4;
  int window = 500;
  double latency_seconds = 20;
  double hz = 10;
  int metrics_per_message = 50;
};

double seconds_since(SteadyTime t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

struct Figures {
  double store_per_s = 0;
  uint64_t store_telemetry_rows = 0;
  uint64_t store_unknown = 0;
  uint64_t store_sink_failures = 0;
  double mqtt_publish_per_s = 0;
  double mqtt_store_per_s = 0;
  uint64_t mqtt_delivered = 0;
  uint64_t mqtt_rejected = 0;
  SparkplugBenchFigures sparkplug;
  EdgeForwardFigures edge_forward;
  ingest::EdgeReplayBench edge;
  uint64_t latency_published = 0;
  uint64_t latency_events = 0;
  double latency_p50_ms = 0;
  double latency_p99_ms = 0;
  double latency_max_ms = 0;
  int64_t rss_kb = 0;
  ingest::PipelineStats mqtt_pipeline;  // the MQTT runtime's pipeline after the latency phase
};

Status bench_store(app::Services& services, const IngestBenchFlags& flags, Figures& f) {
  BENCH_TRY(register_machines(services, "S", flags.machines));
  app::IngestRuntime runtime(services, {});
  auto samples = synthetic_stream("S", flags.machines, flags.samples);
  std::vector<std::vector<ingest::Sample>> batches;
  for (size_t i = 0; i < samples.size(); i += static_cast<size_t>(flags.batch)) {
    const size_t end = std::min(samples.size(), i + static_cast<size_t>(flags.batch));
    batches.emplace_back(std::make_move_iterator(samples.begin() + static_cast<ptrdiff_t>(i)),
                         std::make_move_iterator(samples.begin() + static_cast<ptrdiff_t>(end)));
  }
  const auto t0 = std::chrono::steady_clock::now();
  for (auto& b : batches) {
    if (Status st = runtime.push(std::move(b)); !st) return st.error();
  }
  f.store_per_s = static_cast<double>(flags.samples) / seconds_since(t0);
  f.store_telemetry_rows = runtime.telemetry_sink().counters().samples;
  f.store_unknown = runtime.telemetry_sink().counters().unknown_machine;
  f.store_sink_failures = runtime.pipeline_stats().sink_failures;
  return {};
}

// The MQTT JSON source's stats of `runtime`.
ingest::SourceStats mqtt_stats(const app::IngestRuntime& runtime) {
  return source_stats(runtime, "mqtt:");
}

// Publishes probes until the runtime's MQTT source delivers one (it has subscribed).
Status wait_subscribed(const app::IngestRuntime& runtime, PipelinedPublisher& publisher,
                       const std::string& code) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  for (int64_t k = 1; mqtt_stats(runtime).samples == 0; ++k) {
    if (std::chrono::steady_clock::now() > deadline) {
      return Error::unavailable("the ingest MQTT source received nothing within 30 s: " +
                                mqtt_stats(runtime).last_error);
    }
    ingest::Sample probe = synthetic(code, k, wall_ms() - 60'000);
    probe.signal = sig::kGasFlow;
    probe.value = -static_cast<double>(k);
    BENCH_TRY(publisher.publish(ingest::mqtt::make_topic(kPlant, kDepartment, code, probe.signal),
                                ingest::mqtt::encode_json_payload(probe)));
    BENCH_TRY(publisher.flush());
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
  return {};
}

Status bench_mqtt(app::Services& services, app::IngestRuntime& runtime, const std::string& url,
                  const IngestBenchFlags& flags, Figures& f) {
  BENCH_TRY(register_machines(services, "Q", flags.machines));
  const int64_t n = flags.mqtt_samples > 0 ? flags.mqtt_samples : flags.samples;
  // Topics and payloads built up front, per publisher (machine m goes to publisher m % P, so
  // every machine's samples arrive in order).
  const int pubs = std::min(flags.publishers, flags.machines);
  std::vector<std::vector<std::pair<std::string, std::string>>> work(static_cast<size_t>(pubs));
  {
    auto samples = synthetic_stream("Q", flags.machines, n);
    for (size_t i = 0; i < samples.size(); ++i) {
      const auto& s = samples[i];
      work[(i % static_cast<size_t>(flags.machines)) % static_cast<size_t>(pubs)].emplace_back(
          ingest::mqtt::make_topic(kPlant, kDepartment, s.machine, s.signal),
          ingest::mqtt::encode_json_payload(s));
    }
  }
  std::vector<std::unique_ptr<PipelinedPublisher>> publishers;
  for (int p = 0; p < pubs; ++p) {
    publishers.push_back(
        std::make_unique<PipelinedPublisher>(url, fmt::format("bench-pub-{}", p), flags.window));
    BENCH_TRY(publishers.back()->connect());
  }
  BENCH_TRY(wait_subscribed(runtime, *publishers.front(), machine_code("Q", 0)));
  const uint64_t base = mqtt_stats(runtime).samples;
  const uint64_t base_rejected = mqtt_stats(runtime).rejected;
  std::vector<Status> results(static_cast<size_t>(pubs));
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (int p = 0; p < pubs; ++p) {
    threads.emplace_back([&, p] {
      auto& pub = *publishers[static_cast<size_t>(p)];
      for (const auto& [topic, payload] : work[static_cast<size_t>(p)]) {
        if (Status st = pub.publish(topic, payload); !st) {
          results[static_cast<size_t>(p)] = st;
          return;
        }
      }
      results[static_cast<size_t>(p)] = pub.flush();
    });
  }
  for (auto& t : threads) t.join();
  f.mqtt_publish_per_s = static_cast<double>(n) / seconds_since(t0);
  for (const auto& st : results) BENCH_TRY(st);
  SteadyTime done;
  BENCH_TRY(
      wait_delivered(runtime, "mqtt:", base + base_rejected + static_cast<uint64_t>(n), done));
  f.mqtt_store_per_s = static_cast<double>(n) / std::chrono::duration<double>(done - t0).count();
  f.mqtt_delivered = mqtt_stats(runtime).samples - base;
  f.mqtt_rejected = mqtt_stats(runtime).rejected - base_rejected;
  return {};
}

double pct(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

Status bench_latency(app::Services& services, const std::string& url, const IngestBenchFlags& flags,
                     Figures& f) {
  BENCH_TRY(register_machines(services, "L", flags.machines));
  std::mutex mu;
  std::map<std::pair<std::string, int64_t>, SteadyTime> sent;  // (code, ts_ms) -> publish time
  std::vector<double> latencies;
  auto sub = services.bus().subscribe("machine.state_changed", 1 << 20);
  std::atomic<bool> stop{false};
  std::thread consumer([&] {
    while (!stop.load()) {
      auto ev = sub.pop_wait(std::chrono::milliseconds(100));
      if (!ev) continue;
      const auto now = std::chrono::steady_clock::now();
      auto doc = nlohmann::json::parse(ev->payload_json, nullptr, false);
      if (!doc.is_object() || !doc.contains("at") || !doc.contains("code")) continue;
      auto at = ingest::mqtt::parse_rfc3339(doc["at"].get<std::string>(), "at");
      if (!at) continue;
      std::lock_guard lock(mu);
      auto it = sent.find({doc["code"].get<std::string>(), *at});
      if (it == sent.end()) continue;
      latencies.push_back(std::chrono::duration<double, std::milli>(now - it->second).count());
      sent.erase(it);
    }
  });
  PipelinedPublisher publisher(url, "bench-latency", 10'000);
  Status result = publisher.connect();
  std::vector<std::string> codes;
  for (int m = 0; m < flags.machines; ++m) codes.push_back(machine_code("L", m));
  const auto period = std::chrono::duration_cast<std::chrono::steady_clock::duration>(
      std::chrono::duration<double>(1.0 / flags.hz));
  const auto t0 = std::chrono::steady_clock::now();
  const auto end = t0 + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                            std::chrono::duration<double>(flags.latency_seconds));
  auto tick = t0;
  std::map<std::string, int64_t> last_ts_of;
  for (int64_t k = 0; result && tick < end; ++k, tick += period) {
    std::this_thread::sleep_until(tick);
    for (const auto& code : codes) {
      ingest::Sample s;
      s.machine = code;
      s.signal = sig::kExecution;
      s.value = std::string(k % 2 == 0 ? "ACTIVE" : "READY");
      // Strictly increasing per machine (a late tick may follow the previous one within a
      // millisecond), so (code, ts) names one sample and its event.
      int64_t& last_ts = last_ts_of[code];
      s.ts_ms = std::max(wall_ms(), last_ts + 1);
      last_ts = s.ts_ms;
      s.source = "bench";
      {
        std::lock_guard lock(mu);
        sent[{code, s.ts_ms}] = std::chrono::steady_clock::now();
      }
      result = publisher.publish(ingest::mqtt::make_topic(kPlant, kDepartment, code, s.signal),
                                 ingest::mqtt::encode_json_payload(s));
      if (!result) break;
      ++f.latency_published;
    }
  }
  if (result) result = publisher.flush();
  // Stragglers: up to 10 s for the last events.
  const auto grace = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < grace) {
    {
      std::lock_guard lock(mu);
      if (latencies.size() >= f.latency_published) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  consumer.join();
  BENCH_TRY(result);
  std::sort(latencies.begin(), latencies.end());
  f.latency_events = latencies.size();
  f.latency_p50_ms = pct(latencies, 0.50);
  f.latency_p99_ms = pct(latencies, 0.99);
  f.latency_max_ms = latencies.empty() ? 0 : latencies.back();
  return {};
}

int64_t rss_kb() {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("VmRSS:", 0) == 0) return std::stoll(line.substr(6));
  }
  return 0;
}

void print(const IngestBenchFlags& flags, const Figures& f) {
  const std::string backend = flags.database_url.empty() ? "sqlite" : "postgresql";
  const int64_t mqtt_n = flags.mqtt_samples > 0 ? flags.mqtt_samples : flags.samples;
  if (flags.json) {
    nlohmann::json j = {{"backend", backend},
                        {"machines", flags.machines},
                        {"store",
                         {{"samples", flags.samples},
                          {"batch", flags.batch},
                          {"samples_per_s", f.store_per_s},
                          {"telemetry_rows", f.store_telemetry_rows},
                          {"unknown_machine", f.store_unknown},
                          {"sink_failures", f.store_sink_failures}}},
                        {"mqtt_store",
                         {{"samples", mqtt_n},
                          {"publishers", flags.publishers},
                          {"window", flags.window},
                          {"publish_per_s", f.mqtt_publish_per_s},
                          {"samples_per_s", f.mqtt_store_per_s},
                          {"delivered", f.mqtt_delivered},
                          {"rejected", f.mqtt_rejected}}},
                        {"sparkplug_store",
                         {{"samples", mqtt_n},
                          {"metrics_per_message", flags.metrics_per_message},
                          {"messages", f.sparkplug.messages},
                          {"publish_per_s", f.sparkplug.publish_per_s},
                          {"samples_per_s", f.sparkplug.store_per_s},
                          {"delivered", f.sparkplug.delivered},
                          {"rejected", f.sparkplug.rejected}}},
                        {"edge_forward",
                         {{"samples", flags.samples},
                          {"forward_per_s", f.edge_forward.forward_per_s},
                          {"samples_per_s", f.edge_forward.store_per_s},
                          {"delivered", f.edge_forward.delivered},
                          {"rejected", f.edge_forward.rejected}}},
                        {"edge_replay",
                         {{"samples", f.edge.samples},
                          {"append_per_s", f.edge.append_per_s},
                          {"replay_per_s", f.edge.replay_per_s},
                          {"bytes", f.edge.bytes}}},
                        {"latency",
                         {{"hz", flags.hz},
                          {"seconds", flags.latency_seconds},
                          {"published", f.latency_published},
                          {"events", f.latency_events},
                          {"p50_ms", f.latency_p50_ms},
                          {"p99_ms", f.latency_p99_ms},
                          {"max_ms", f.latency_max_ms}}},
                        {"mqtt_pipeline",
                         {{"samples_in", f.mqtt_pipeline.samples_in},
                          {"dropped", f.mqtt_pipeline.dropped},
                          {"sink_failures", f.mqtt_pipeline.sink_failures},
                          {"last_error", f.mqtt_pipeline.last_error}}},
                        {"rss_kb", f.rss_kb}};
    std::cout << j.dump() << "\n";
    return;
  }
  std::cout << fmt::format("backend {}, {} machines\n", backend, flags.machines);
  std::cout << fmt::format(
      "store_samples_per_s {:.0f}  ({} samples, batches of {}, {} "
      "telemetry rows, {} unknown, {} sink failures)\n",
      f.store_per_s, flags.samples, flags.batch, f.store_telemetry_rows, f.store_unknown,
      f.store_sink_failures);
  std::cout << fmt::format("mqtt_publish_per_s {:.0f}  ({} publishers, QoS 1, {} in flight each)\n",
                           f.mqtt_publish_per_s, flags.publishers, flags.window);
  std::cout << fmt::format(
      "mqtt_store_samples_per_s {:.0f}  ({} samples, {} delivered, {} "
      "rejected)\n",
      f.mqtt_store_per_s, mqtt_n, f.mqtt_delivered, f.mqtt_rejected);
  std::cout << fmt::format(
      "sparkplug_store_samples_per_s {:.0f}  ({} samples in {} DDATA of {} metrics, publishing "
      "{:.0f}/s, {} delivered, {} rejected)\n",
      f.sparkplug.store_per_s, mqtt_n, f.sparkplug.messages, flags.metrics_per_message,
      f.sparkplug.publish_per_s, f.sparkplug.delivered, f.sparkplug.rejected);
  std::cout << fmt::format("edge_append_per_s {:.0f}\n", f.edge.append_per_s);
  std::cout << fmt::format(
      "edge_forward_store_samples_per_s {:.0f}  ({} buffered samples forwarded as batch "
      "messages at {:.0f}/s, {} delivered, {} rejected)\n",
      f.edge_forward.store_per_s, flags.samples, f.edge_forward.forward_per_s,
      f.edge_forward.delivered, f.edge_forward.rejected);
  std::cout << fmt::format("edge_replay_per_s {:.0f}  ({} samples, {} bytes)\n",
                           f.edge.replay_per_s, f.edge.samples, f.edge.bytes);
  std::cout << fmt::format("state_event_p50_ms {:.2f}\n", f.latency_p50_ms);
  std::cout << fmt::format(
      "state_event_p99_ms {:.2f}  ({} machines x {} Hz for {} s: {} "
      "published, {} events, max {:.2f} ms)\n",
      f.latency_p99_ms, flags.machines, flags.hz, flags.latency_seconds, f.latency_published,
      f.latency_events, f.latency_max_ms);
  std::cout << fmt::format(
      "mqtt_pipeline_sink_failures {}  ({} samples in, {} dropped{}{})\n",
      f.mqtt_pipeline.sink_failures, f.mqtt_pipeline.samples_in, f.mqtt_pipeline.dropped,
      f.mqtt_pipeline.last_error.empty() ? "" : ", last: ", f.mqtt_pipeline.last_error);
  std::cout << fmt::format("rss_mb {:.1f}\n", static_cast<double>(f.rss_kb) / 1024.0);
}

int run_bench(const IngestBenchFlags& flags) {
  spdlog::set_level(spdlog::level::warn);
  ScratchDir scratch("kerf-bench-ingest-");
  auto ctx = open_demo_context(flags.database_url, scratch.path(), 42);
  if (!ctx) {
    fail(ctx.error());
    return 1;
  }
  app::Services& services = *(*ctx)->services;
  Figures f;
  auto step = [](const char* what, Status st) {
    if (!st) std::cerr << "bench ingest: " << what << ": " << st.error().message << "\n";
    return st.ok();
  };
  if (!step("store", bench_store(services, flags, f))) return 1;
  // No persistence; an unbounded queue per subscriber (the default 1000 would drop QoS 1
  // messages while the ingest side catches up with the publishers).
  auto broker = start_mosquitto(scratch.path() + "/mosquitto",
                                "max_queued_messages 0\nmax_inflight_messages 100\n");
  if (!broker) {
    std::cerr << "bench ingest: " << broker.error().message << "\n";
    return 1;
  }
  {
    app::IngestRuntimeOptions options;
    options.mqtt_url = broker->url;
    options.plant = kPlant;
    options.node_id = "bench";
    app::IngestRuntime runtime(services, options);
    if (!step("ingest runtime", runtime.start())) return 1;
    if (!step("mqtt", bench_mqtt(services, runtime, broker->url, flags, f))) return 1;
    SparkplugBenchOptions spb;
    spb.machines = flags.machines;
    spb.edge_nodes = flags.publishers;
    spb.samples = flags.mqtt_samples > 0 ? flags.mqtt_samples : flags.samples;
    spb.metrics_per_message = flags.metrics_per_message;
    spb.window = flags.window;
    auto sparkplug = bench_sparkplug(services, runtime, broker->url, spb);
    if (!sparkplug) {
      std::cerr << "bench ingest: sparkplug: " << sparkplug.error().message << "\n";
      return 1;
    }
    f.sparkplug = *sparkplug;
    auto edge =
        ingest::bench_edge_replay(scratch.path() + "/edge", flags.samples, Env::system().clock());
    if (!edge) {
      std::cerr << "bench ingest: edge replay: " << edge.error().message << "\n";
      return 1;
    }
    f.edge = *edge;
    auto forward =
        bench_edge_forward(services, runtime, broker->url, scratch.path() + "/edge-forward",
                           flags.machines, flags.samples);
    if (!forward) {
      std::cerr << "bench ingest: edge forward: " << forward.error().message << "\n";
      return 1;
    }
    f.edge_forward = *forward;
    if (!step("latency", bench_latency(services, broker->url, flags, f))) return 1;
    f.rss_kb = rss_kb();
    f.mqtt_pipeline = runtime.pipeline_stats();
  }
  print(flags, f);
  return 0;
}

const CommandRegistrar kBenchIngest("bench ingest", [](CLI::App& root) {
  auto& bench = subcommand_of(root, "bench", "Benchmarks that print figures");
  auto flags = std::make_shared<IngestBenchFlags>();
  auto* cmd = bench.add_subcommand(
      "ingest", "Machine ingestion: store and MQTT throughput, edge replay, state event latency");
  cmd->add_option("--samples", flags->samples, "samples of the store and edge phases")
      ->check(CLI::Range(int64_t{100}, int64_t{100'000'000}));
  cmd->add_option("--mqtt-samples", flags->mqtt_samples,
                  "samples of the MQTT phase (default "
                  "--samples)")
      ->check(CLI::Range(int64_t{0}, int64_t{100'000'000}));
  cmd->add_option("--machines", flags->machines, "machines per phase")->check(CLI::Range(1, 1000));
  cmd->add_option("--database-url", flags->database_url,
                  "empty database URL (postgresql://...); default: a temp SQLite file");
  cmd->add_option("--batch", flags->batch, "samples per pipeline push in the store phase")
      ->check(CLI::Range(1, 1'000'000));
  cmd->add_option("--publishers", flags->publishers, "MQTT publisher connections")
      ->check(CLI::Range(1, 64));
  cmd->add_option("--window", flags->window, "unacknowledged QoS 1 messages per publisher")
      ->check(CLI::Range(1, 65535));
  cmd->add_option("--latency-seconds", flags->latency_seconds, "duration of the latency phase")
      ->check(CLI::Range(0.5, 3600.0));
  cmd->add_option("--hz", flags->hz, "samples per machine per second in the latency phase")
      ->check(CLI::Range(0.1, 1000.0));
  cmd->add_option("--metrics-per-message", flags->metrics_per_message,
                  "samples per Sparkplug DDATA message in the Sparkplug phase")
      ->check(CLI::Range(1, 1000));
  cmd->add_flag("--json", flags->json, "one JSON summary instead of lines");
  cmd->callback([flags] { exit_code() = run_bench(*flags); });
});

}  // namespace
}  // namespace kerf::cli
