#include "cli/bench_ingest_sparkplug.h"

#include <fmt/format.h>

#include <chrono>
#include <map>
#include <memory>
#include <thread>
#include <vector>

#include "cli/bench_ingest_broker.h"
#include "cli/bench_ingest_samples.h"
#include "kerf/ingest/mqtt/sparkplug_edge.h"
#include "kerf/ingest/signals.h"

namespace kerf::cli::bench_ingest {
namespace {

namespace sig = ingest::signals;
namespace mq = ingest::mqtt;

struct MetricDef {
  const char* signal;
  const char* name;
  uint64_t alias;
  mq::SpDataType type;
};
// Every signal synthetic() produces, as a device metric.
constexpr MetricDef kMetrics[] = {
    {sig::kWeldCurrent, "current", 1, mq::SpDataType::kDouble},
    {sig::kWeldVoltage, "voltage", 2, mq::SpDataType::kDouble},
    {sig::kWireFeed, "wire_feed", 3, mq::SpDataType::kDouble},
    {sig::kGasFlow, "gas_flow", 4, mq::SpDataType::kDouble},
    {sig::kExecution, "execution", 5, mq::SpDataType::kString},
};

const MetricDef& def_of(const std::string& signal) {
  for (const auto& d : kMetrics) {
    if (signal == d.signal) return d;
  }
  return kMetrics[0];
}

// A DDATA metric by alias with its own timestamp.
mq::SpMetric data_metric(const ingest::Sample& s) {
  const MetricDef& d = def_of(s.signal);
  mq::SpMetric m;
  m.alias = d.alias;
  m.timestamp = static_cast<uint64_t>(s.ts_ms);
  if (const auto* text = std::get_if<std::string>(&s.value)) {
    m.value = *text;
  } else {
    m.value = ingest::as_number(s.value).value_or(0.0);
  }
  return m;
}

std::vector<mq::SpMetric> birth_metrics() {
  std::vector<mq::SpMetric> out;
  for (const auto& d : kMetrics) {
    const ingest::Value initial = d.type == mq::SpDataType::kString
                                      ? ingest::Value(std::string("READY"))
                                      : ingest::Value(0.0);
    out.push_back(mq::make_metric(d.name, d.type, initial, d.alias));
  }
  return out;
}

constexpr std::string_view kSource = "sparkplug:";

ingest::SourceStats sparkplug_stats(const app::IngestRuntime& runtime) {
  return source_stats(runtime, kSource);
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// One edge node's messages in publishing order: NBIRTH, its DBIRTHs, then the DDATAs.
struct NodeWork {
  std::vector<mq::SpMessage> births;
  std::vector<mq::SpMessage> data;
};

std::vector<NodeWork> build_messages(const SparkplugBenchOptions& o) {
  const int nodes = std::min(o.edge_nodes, o.machines);
  std::vector<NodeWork> work(static_cast<size_t>(nodes));
  std::vector<std::unique_ptr<mq::SparkplugEdgeNode>> edges;
  const int64_t now = wall_ms();
  for (int p = 0; p < nodes; ++p) {
    edges.push_back(
        std::make_unique<mq::SparkplugEdgeNode>(kPlant, fmt::format("bench-edge-{}", p)));
    work[static_cast<size_t>(p)].births.push_back(edges.back()->nbirth({}, now));
  }
  for (int m = 0; m < o.machines; ++m) {
    work[static_cast<size_t>(m % nodes)].births.push_back(
        edges[static_cast<size_t>(m % nodes)]->dbirth(machine_code("P", m), birth_metrics(), now));
  }
  std::map<std::string, std::vector<mq::SpMetric>> pending;  // device -> metrics not yet sent
  std::map<std::string, int> node_of;
  for (int m = 0; m < o.machines; ++m) node_of[machine_code("P", m)] = m % nodes;
  auto emit = [&](const std::string& device, std::vector<mq::SpMetric>& metrics) {
    if (metrics.empty()) return;
    const auto ts = static_cast<int64_t>(*metrics.back().timestamp);
    const int p = node_of[device];
    work[static_cast<size_t>(p)].data.push_back(
        edges[static_cast<size_t>(p)]->ddata(device, std::move(metrics), ts));
    metrics.clear();
  };
  for (const auto& s : synthetic_stream("P", o.machines, o.samples)) {
    auto& metrics = pending[s.machine];
    metrics.push_back(data_metric(s));
    if (static_cast<int>(metrics.size()) >= o.metrics_per_message) emit(s.machine, metrics);
  }
  for (auto& [device, metrics] : pending) emit(device, metrics);
  return work;
}

}  // namespace

Result<SparkplugBenchFigures> bench_sparkplug(app::Services& services,
                                              const app::IngestRuntime& runtime,
                                              const std::string& broker_url,
                                              const SparkplugBenchOptions& o) {
  if (Status st = register_machines(services, "P", o.machines, model::MachineProtocol::kSparkplug);
      !st) {
    return st.error();
  }
  auto work = build_messages(o);
  std::vector<std::unique_ptr<PipelinedPublisher>> publishers;
  for (size_t p = 0; p < work.size(); ++p) {
    publishers.push_back(
        std::make_unique<PipelinedPublisher>(broker_url, fmt::format("bench-spb-{}", p), o.window));
    if (Status st = publishers.back()->connect(); !st) return st.error();
  }
  // The births first, until the source has delivered their samples (it is subscribed).
  const auto base = sparkplug_stats(runtime);
  const uint64_t birth_samples = static_cast<uint64_t>(o.machines) * std::size(kMetrics);
  for (size_t p = 0; p < work.size(); ++p) {
    for (const auto& m : work[p].births) {
      if (Status st = publishers[p]->publish(m.topic, m.payload); !st) return st.error();
    }
    if (Status st = publishers[p]->flush(); !st) return st.error();
  }
  std::chrono::steady_clock::time_point done;
  if (Status st =
          wait_delivered(runtime, kSource, base.samples + base.rejected + birth_samples, done);
      !st) {
    return st.error();
  }
  const auto before = sparkplug_stats(runtime);
  SparkplugBenchFigures f;
  std::vector<Status> results(work.size());
  const auto t0 = std::chrono::steady_clock::now();
  std::vector<std::thread> threads;
  for (size_t p = 0; p < work.size(); ++p) {
    threads.emplace_back([&, p] {
      for (const auto& m : work[p].data) {
        if (Status st = publishers[p]->publish(m.topic, m.payload); !st) {
          results[p] = st;
          return;
        }
      }
      results[p] = publishers[p]->flush();
    });
    f.messages += work[p].data.size();
  }
  for (auto& t : threads) t.join();
  f.publish_per_s = static_cast<double>(o.samples) / seconds_since(t0);
  for (const auto& st : results) {
    if (!st) return st.error();
  }
  const uint64_t target = before.samples + before.rejected + static_cast<uint64_t>(o.samples);
  if (Status st = wait_delivered(runtime, kSource, target, done); !st) return st.error();
  f.store_per_s = static_cast<double>(o.samples) / std::chrono::duration<double>(done - t0).count();
  const auto after = sparkplug_stats(runtime);
  f.delivered = after.samples - before.samples;
  f.rejected = after.rejected - before.rejected;
  return f;
}

}  // namespace kerf::cli::bench_ingest
