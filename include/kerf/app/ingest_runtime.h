// Machine ingestion inside `kerf serve`: one pipeline (Dedup -> StateMachine -> Counters ->
// telemetry and machine sinks, docs/ingest.md) fed by a source per protocol connection, built
// from the machines table: one MTConnect client per agent URL, one OPC UA client per server
// endpoint, and, when a broker is configured, one MQTT JSON source and one Sparkplug B source for
// the plant (shared subscriptions, so several nodes split the load). A background task
// re-reads the machines and starts, restarts or stops the sources whose configuration changed.
// With several nodes on one database, a source that must run once (an MTConnect agent, an OPC UA
// server, the Sparkplug host) runs on the node holding its lease (table ingest_leases), renewed
// at every reconcile and taken over by another node when it expires (3 reconcile periods).
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "kerf/app/background.h"
#include "kerf/app/machine_service.h"
#include "kerf/core/result.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::app {

class Services;
class MachineSink;
class TelemetrySink;

struct IngestRuntimeOptions {
  std::string mqtt_url;          // "" = no MQTT / Sparkplug sources
  std::string plant = "main";    // kerf/<plant>/# and the Sparkplug group id
  std::string node_id = "kerf";  // MQTT client ids "<node_id>-json" / "<node_id>-spb"
  std::chrono::milliseconds reconcile_period{10'000};
};

class IngestRuntime {
 public:
  IngestRuntime(Services& services, IngestRuntimeOptions options);
  ~IngestRuntime();
  IngestRuntime(const IngestRuntime&) = delete;
  IngestRuntime& operator=(const IngestRuntime&) = delete;

  // Starts the sources of the active machines (and MQTT when configured). A source that cannot
  // start is logged and retried at the next reconcile; only a broken pipeline is an error.
  Status start();
  // Re-reads the machines; starts new sources, restarts changed ones, stops removed ones.
  Status reconcile();
  // Stops every source (idempotent; also the destructor).
  void stop();

  // Hands `batch` to the pipeline as a source would (HTTP scans, tests).
  Status push(std::vector<ingest::Sample> batch);

  std::vector<ingest::SourceStats> source_stats() const;
  ingest::PipelineStats pipeline_stats() const;
  const MachineSink& machine_sink() const { return *machine_sink_; }
  const TelemetrySink& telemetry_sink() const { return *telemetry_sink_; }
  // Registers "ingest.reconcile" with `background`.
  void add_background_tasks(Background& background);

 private:
  // Takes or renews this node's lease on the source `key` (MTConnect, OPC UA and Sparkplug
  // sources run on one node at a time; the MQTT JSON source on every node, shared by the
  // broker). True when this node may run it.
  Result<bool> hold(const std::string& key);
  // Wanted sources by configuration key (a key changes when the configuration does).
  Result<std::map<std::string, std::unique_ptr<ingest::Source>>> wanted_sources();

  Services& services_;
  IngestRuntimeOptions options_;
  std::shared_ptr<MachineSink> machine_sink_;
  std::shared_ptr<TelemetrySink> telemetry_sink_;
  ingest::Pipeline pipeline_;
  mutable std::mutex mu_;
  std::map<std::string, std::unique_ptr<ingest::Source>> sources_;
};

}  // namespace kerf::app
