// ingest::Source for OPC UA punches: connects with the Client, browses the Objects folder for
// the machine folders, subscribes to their variables and turns every data change into a Sample
// (node_mapping.h). Runs on its own thread; reconnects with backoff and jitter, re-activating
// the session and republishing what it missed when the session survived, else creating a new
// session and transferring or recreating the subscription (docs/opcua.md, "Reconnect").
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/ingest/opcua/client.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::ingest::opcua {

struct OpcUaSourceOptions {
  ClientOptions client;
  // Machine folders under Objects to subscribe; empty = every folder with a StrokeCount
  // variable. The folder's browse name is the machine code.
  std::vector<std::string> machines;
  double publishing_interval_ms = 250;
  double sampling_interval_ms = 100;
  uint32_t max_keep_alive_count = 10;
  uint32_t lifetime_count = 120;  // keep-alives the server waits before dropping the subscription
  std::chrono::milliseconds min_backoff{200};
  std::chrono::milliseconds max_backoff{10000};
  Env* env = nullptr;  // default Env::system() (clock for timestamps, random jitter)
};

// What the source did so far, beyond SourceStats (for tests and /metrics).
struct OpcUaSourceCounters {
  uint64_t sessions_created = 0;
  uint64_t sessions_reactivated = 0;  // reconnects where the old session survived
  uint64_t subscriptions_created = 0;
  uint64_t subscriptions_transferred = 0;
  uint64_t republished = 0;  // notification messages recovered by Republish
  uint64_t keep_alives = 0;
  uint64_t monitored_items = 0;  // of the current subscription
};

class OpcUaSource final : public Source {
 public:
  explicit OpcUaSource(OpcUaSourceOptions options);
  ~OpcUaSource() override;

  std::string_view name() const override { return name_; }  // "opcua:<endpoint url>"
  Status start(Handler handler) override;
  void stop() override;
  SourceStats stats() const override;
  OpcUaSourceCounters counters() const;
  // Closes the current TCP connection as a network drop would (fault injection for tests and
  // the demo); the source reconnects on its own.
  void drop_connection();

 private:
  struct Impl;
  std::string name_;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::ingest::opcua
