// The Sparkplug B host application's view of its edge nodes: birth certificates define metric
// names, aliases and datatypes; seq (0..255 per edge node, across all its messages) must be
// consecutive; bdSeq ties an NDEATH to its NBIRTH. A gap, DATA before BIRTH or an unknown alias
// asks the node for a rebirth (NCMD "Node Control/Rebirth" = true) and drops its messages until
// the new NBIRTH. NDEATH / DDEATH turn every metric of that node / device unavailable.
// Pure (no broker, no clock): the caller passes the time and publishes the requests.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/result.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

// An NCMD to publish (QoS 0, not retained).
struct RebirthRequest {
  std::string topic;    // spBv1.0/<group>/NCMD/<edge node>
  std::string payload;  // metric "Node Control/Rebirth" (Boolean) = true
};

struct SparkplugOutput {
  std::vector<Sample> samples;
  std::vector<RebirthRequest> rebirths;
  std::vector<Error> rejected;  // one per malformed message or metric (field + reason)
};

struct SparkplugHostStats {
  uint64_t messages = 0;
  uint64_t rejected = 0;  // malformed messages / metrics
  uint64_t dropped = 0;   // messages dropped while waiting for a rebirth
  uint64_t rebirths_requested = 0;
  uint64_t unmapped_metrics = 0;  // metrics with no signals.h meaning (ignored)
};

class SparkplugHost {
 public:
  // `source` goes into Sample::source; a rebirth is re-requested at most every
  // `rebirth_interval_ms` while a node stays silent.
  explicit SparkplugHost(std::string source, int64_t rebirth_interval_ms = 5000);
  ~SparkplugHost();
  SparkplugHost(SparkplugHost&&) noexcept;
  SparkplugHost& operator=(SparkplugHost&&) noexcept;

  // Processes one MQTT message (any topic; non-Sparkplug topics are rejected). Metric names map
  // through map_signal_name(); machine = device id, or edge node id for node metrics.
  SparkplugOutput on_message(std::string_view topic, std::string_view payload, int64_t now_ms);

  const SparkplugHostStats& stats() const { return stats_; }
  // Whether `group`/`edge_node` is born and in sequence (for tests and /metrics).
  bool node_online(std::string_view group, std::string_view edge_node) const;

 private:
  struct Node;
  std::string source_;
  int64_t rebirth_interval_ms_;
  std::map<std::string, std::unique_ptr<Node>, std::less<>> nodes_;
  SparkplugHostStats stats_;
};

}  // namespace kerf::ingest::mqtt
