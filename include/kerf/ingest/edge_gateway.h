// The edge gateway (`kerf edge --config edge.toml`): runs machine sources next to the machines
// and forwards their samples to the central kerf over MQTT (the JSON topic scheme, with the
// gateway's id and a per-gateway sequence number), through a disk buffer: a sample is
// acknowledged to its source only once it is durable in the buffer, and leaves the buffer only
// once the broker acknowledged it (QoS 1 PUBACK). While the broker or the link is down the
// buffer fills (bounded; when full the oldest unsent segment is dropped and counted); after it
// the backlog is forwarded in order. The central Dedup drops re-forwarded samples by
// (source, seq). docs/edge.md specifies the configuration and the guarantees.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/ingest/edge_buffer.h"
#include "kerf/ingest/mtconnect/source.h"
#include "kerf/ingest/opcua/opcua_source.h"

namespace kerf::ingest {

struct EdgeConfig {
  std::string id;                                     // [edge] id: samples' source "edge:<id>"
  std::filesystem::path buffer_dir;                   // [edge] buffer_dir
  uint64_t buffer_max_bytes = 256ull << 20;           // [edge] buffer_max_mb
  std::string mqtt_url;                               // [central] mqtt_url (tcp://host:port)
  std::string plant = "main";                         // [central] plant
  std::vector<mtconnect::MtconnectConfig> mtconnect;  // [[mtconnect]] agent_url, machines
  std::vector<opcua::OpcUaSourceOptions> opcua;       // [[opcua]] endpoint, machines, user...
};

// Parses an edge.toml. Errors name the key ("edge.id", "mtconnect[0].agent_url", ...).
Result<EdgeConfig> parse_edge_config(const std::string& toml_text);

struct EdgeStats {
  EdgeBufferStats buffer;
  uint64_t forwarded = 0;         // samples acknowledged by the broker
  uint64_t publish_failures = 0;  // publish attempts that failed (then retried)
  bool broker_connected = false;
  std::vector<SourceStats> sources;
};

class EdgeGateway {
 public:
  ~EdgeGateway();
  EdgeGateway(const EdgeGateway&) = delete;
  EdgeGateway& operator=(const EdgeGateway&) = delete;

  // Opens the buffer (recovering after a crash), starts the sources and the forwarder.
  static Result<std::unique_ptr<EdgeGateway>> start(EdgeConfig config, Env& env = Env::system());
  // Stops the sources, then the forwarder (idempotent; also the destructor). What is still in
  // the buffer is forwarded at the next start.
  void stop();
  EdgeStats stats() const;

 private:
  struct Impl;
  explicit EdgeGateway(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::ingest
