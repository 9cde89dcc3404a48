// The MTConnect client as an ingest::Source: probe, current, then a streaming `sample` from
// nextSequence, recovering from OUT_OF_RANGE, agent restarts (a new instanceId), dropped
// connections and silent agents (no bytes for 2 x heartbeat). docs/mtconnect.md specifies it.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/ingest/pipeline.h"
#include "kerf/model/machine.h"

namespace kerf::ingest::mtconnect {

// "http://host:port[/prefix]" split up. Only plain http (TLS agents sit behind a proxy).
struct AgentUrl {
  std::string host;
  uint16_t port = 80;
  std::string prefix;  // "" or "/path" without a trailing slash
};
// Errors name the field "agent_url" and say what is wrong.
Result<AgentUrl> parse_agent_url(std::string_view url);

struct MtconnectConfig {
  std::string agent_url;  // http://host:port[/prefix]
  std::string device;     // "" = every device of the agent; else requests go to /<device>/...
  std::map<std::string, std::string> machines;  // device name -> machine code (required)
  int interval_ms = 100;                        // sample?interval= (>= 0)
  int heartbeat_ms = 1000;         // sample?heartbeat= (>= 10); silence for 2x -> reconnect
  int count = 1000;                // sample?count= (>= 1)
  int request_timeout_ms = 10000;  // connect + probe/current request
  int backoff_initial_ms = 250;    // first reconnect delay; doubles up to backoff_max_ms,
  int backoff_max_ms = 10000;      // each draw jittered to [d/2, d] through the Env

  // Ok, or invalid naming the first bad field ("agent_url", "machines", "interval_ms", ...).
  Status validate() const;
};

// A machine's endpoint "http://host:port[/prefix]/<device>" (the last path segment is the
// MTConnect device name) as a config mapping that device to `machine.code`.
Result<MtconnectConfig> config_for_machine(const model::Machine& machine);

// Protocol events since start, for tests, logs and /metrics.
struct MtconnectCounters {
  uint64_t probes = 0;
  uint64_t currents = 0;
  uint64_t streams = 0;             // streaming sample requests opened
  uint64_t parts = 0;               // multipart parts received (heartbeats included)
  uint64_t heartbeats = 0;          // parts without observations
  uint64_t out_of_range = 0;        // OUT_OF_RANGE answers (-> current)
  uint64_t instance_changes = 0;    // a new instanceId seen (-> probe, current)
  uint64_t heartbeat_timeouts = 0;  // no bytes for 2 x heartbeat (-> reconnect)
  uint64_t last_instance_id = 0;
  uint64_t next_sequence = 0;  // where the next sample request starts (0: from current)
};

class MtconnectSource final : public Source {
 public:
  // `config` must validate (start() fails otherwise). `env` gives jitter randomness.
  explicit MtconnectSource(MtconnectConfig config, Env& env = Env::system());
  ~MtconnectSource() override;
  MtconnectSource(const MtconnectSource&) = delete;
  MtconnectSource& operator=(const MtconnectSource&) = delete;

  // "mtconnect:<agent_url>[/<device>]"; also every Sample's `source`.
  std::string_view name() const override;
  // Starts the client thread; invalid config or a second start() is an error.
  Status start(Handler handler) override;
  void stop() override;
  SourceStats stats() const override;
  MtconnectCounters counters() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::ingest::mtconnect
