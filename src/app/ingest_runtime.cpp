#include "kerf/app/ingest_runtime.h"

#include <spdlog/spdlog.h>

#include <algorithm>

#include "kerf/app/lease.h"
#include "kerf/app/machine_sink.h"
#include "kerf/app/principal.h"
#include "kerf/app/scan_service.h"
#include "kerf/app/services.h"
#include "kerf/ingest/mqtt/mqtt_source.h"
#include "kerf/ingest/mqtt/sparkplug_source.h"
#include "kerf/ingest/mtconnect/source.h"
#include "kerf/ingest/opcua/opcua_source.h"
#include "kerf/ingest/transforms/counters.h"
#include "kerf/ingest/transforms/dedup.h"
#include "kerf/ingest/transforms/state_machine.h"

namespace kerf::app {

namespace {

using SourceMap = std::map<std::string, std::unique_ptr<ingest::Source>>;

// Sources that must run on one node of the plant (the MQTT JSON source is shared by the broker).
bool needs_lease(const std::string& key) { return key.rfind("mqtt|", 0) != 0; }

// MTConnect machines grouped by agent: one client per agent URL.
void add_mtconnect(const std::vector<model::Machine>& machines, SourceMap& out) {
  std::map<std::string, ingest::mtconnect::MtconnectConfig> by_agent;
  for (const auto& m : machines) {
    auto config = ingest::mtconnect::config_for_machine(m);
    if (!config) {
      spdlog::warn("machine {}: MTConnect endpoint '{}' unusable: {}", m.code, m.endpoint,
                   config.error().message);
      continue;
    }
    auto [it, fresh] = by_agent.try_emplace(config->agent_url, *config);
    if (!fresh) {
      it->second.machines.insert(config->machines.begin(), config->machines.end());
      if (it->second.device != config->device) it->second.device.clear();  // several devices
    }
  }
  for (auto& [url, config] : by_agent) {
    std::string key = "mtconnect|" + url + "|" + config.device;
    for (const auto& [device, code] : config.machines) key += "|" + device + "=" + code;
    out.emplace(key, std::make_unique<ingest::mtconnect::MtconnectSource>(config));
  }
}

// OPC UA machines grouped by server endpoint; the machine code is the folder's browse name.
void add_opcua(const std::vector<model::Machine>& machines, SourceMap& out) {
  std::map<std::string, std::vector<std::string>> by_endpoint;
  for (const auto& m : machines) by_endpoint[m.endpoint].push_back(m.code);
  for (auto& [endpoint, codes] : by_endpoint) {
    std::sort(codes.begin(), codes.end());
    std::string key = "opcua|" + endpoint;
    for (const auto& c : codes) key += "|" + c;
    ingest::opcua::OpcUaSourceOptions options;
    options.client.endpoint_url = endpoint;
    options.machines = codes;
    out.emplace(key, std::make_unique<ingest::opcua::OpcUaSource>(options));
  }
}

}  // namespace

IngestRuntime::IngestRuntime(Services& services, IngestRuntimeOptions options)
    : services_(services),
      options_(std::move(options)),
      machine_sink_(
          std::make_shared<MachineSink>(services.changes(), services.machines().options())),
      telemetry_sink_(std::make_shared<TelemetrySink>(services.changes())) {
  pipeline_.add_transform(std::make_unique<ingest::Dedup>());
  pipeline_.add_transform(std::make_unique<ingest::StateMachine>());
  pipeline_.add_transform(std::make_unique<ingest::Counters>());
  pipeline_.add_sink(telemetry_sink_);
  pipeline_.add_sink(machine_sink_);
  // Scan stations over MQTT (signals::kScan) drive the operation use cases.
  pipeline_.add_sink(std::make_shared<ScanSink>(services.scans()));
}

IngestRuntime::~IngestRuntime() { stop(); }

Result<SourceMap> IngestRuntime::wanted_sources() {
  auto page = services_.machines().list(system_principal(), store::ListQuery{.limit = 1000});
  if (!page) return page.error();
  std::vector<model::Machine> mtconnect, opcua;
  for (const auto& m : page->items) {
    if (!m.active) continue;
    if (m.protocol == model::MachineProtocol::kMtconnect) mtconnect.push_back(m);
    if (m.protocol == model::MachineProtocol::kOpcua) opcua.push_back(m);
  }
  SourceMap out;
  add_mtconnect(mtconnect, out);
  add_opcua(opcua, out);
  if (!options_.mqtt_url.empty()) {
    ingest::mqtt::MqttSourceOptions json;
    json.connect.broker_uri = options_.mqtt_url;
    json.connect.client_id = options_.node_id + "-json";
    json.plant = options_.plant;
    out.emplace("mqtt|" + options_.mqtt_url + "|" + options_.plant,
                std::make_unique<ingest::mqtt::MqttJsonSource>(json));
    ingest::mqtt::SparkplugSourceOptions spb;
    spb.connect.broker_uri = options_.mqtt_url;
    spb.connect.client_id = options_.node_id + "-spb";
    spb.group = options_.plant;
    out.emplace("sparkplug|" + options_.mqtt_url + "|" + options_.plant,
                std::make_unique<ingest::mqtt::SparkplugSource>(spb));
  }
  return out;
}

Status IngestRuntime::start() { return reconcile(); }

Result<bool> IngestRuntime::hold(const std::string& key) {
  if (!needs_lease(key)) return true;
  return hold_lease(services_, key, 3 * options_.reconcile_period);
}

Status IngestRuntime::reconcile() {
  auto wanted = wanted_sources();
  if (!wanted) return wanted.error();
  // Keep only the sources this node holds (or takes over) the lease of.
  for (auto it = wanted->begin(); it != wanted->end();) {
    auto held = hold(it->first);
    if (!held) return held.error();
    it = *held ? std::next(it) : wanted->erase(it);
  }
  std::lock_guard lock(mu_);
  for (auto it = sources_.begin(); it != sources_.end();) {
    if (wanted->count(it->first) != 0) {
      ++it;
      continue;
    }
    spdlog::info("ingest: stopping {}", it->second->name());
    it->second->stop();
    it = sources_.erase(it);
  }
  for (auto& [key, source] : *wanted) {
    if (sources_.count(key) != 0) continue;
    auto started = source->start(
        [this](std::vector<ingest::Sample> batch) { return pipeline_.push(std::move(batch)); });
    if (!started) {
      spdlog::warn("ingest: {} not started: {}", source->name(), started.error().message);
      continue;
    }
    spdlog::info("ingest: started {}", source->name());
    sources_.emplace(key, std::move(source));
  }
  return {};
}

void IngestRuntime::stop() {
  std::lock_guard lock(mu_);
  for (auto& [key, source] : sources_) {
    source->stop();
    if (!needs_lease(key)) continue;
    // Another node may take the source over at once instead of after the lease expires.
    auto released = release_lease(services_, key);
    if (!released) spdlog::warn("ingest: lease of {} not released: {}", key, released.error().message);
  }
  sources_.clear();
}

Status IngestRuntime::push(std::vector<ingest::Sample> batch) {
  return pipeline_.push(std::move(batch));
}

std::vector<ingest::SourceStats> IngestRuntime::source_stats() const {
  std::lock_guard lock(mu_);
  std::vector<ingest::SourceStats> out;
  for (const auto& [key, source] : sources_) out.push_back(source->stats());
  return out;
}

ingest::PipelineStats IngestRuntime::pipeline_stats() const { return pipeline_.stats(); }

void IngestRuntime::add_background_tasks(Background& background) {
  background.add_periodic("ingest.reconcile", options_.reconcile_period,
                          [this] { return reconcile(); });
}

}  // namespace kerf::app
