// Plays a Sparkplug B edge node (tests, the demo simulator): builds NBIRTH / NDATA / DBIRTH /
// DDATA / DDEATH / NDEATH messages with a correct seq (0 at NBIRTH, +1 per message, wrapping at
// 256) and bdSeq. Publishing is the caller's (MqttPublisher).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/ingest/mqtt/sparkplug.h"

namespace kerf::ingest::mqtt {

struct SpMessage {
  std::string topic;
  std::string payload;
};

class SparkplugEdgeNode {
 public:
  SparkplugEdgeNode(std::string group, std::string node, uint64_t bdseq = 0);

  // NBIRTH: seq 0, a bdSeq metric (Int64) prepended to `metrics`.
  SpMessage nbirth(std::vector<SpMetric> metrics, int64_t ts_ms);
  SpMessage ndata(std::vector<SpMetric> metrics, int64_t ts_ms);
  SpMessage dbirth(const std::string& device, std::vector<SpMetric> metrics, int64_t ts_ms);
  SpMessage ddata(const std::string& device, std::vector<SpMetric> metrics, int64_t ts_ms);
  SpMessage ddeath(const std::string& device, int64_t ts_ms);
  // NDEATH with the current bdSeq (what the MQTT will message carries); no seq.
  SpMessage ndeath() const;
  // Starts a new session: bdSeq + 1 (the next nbirth() uses it).
  void new_session() { bdseq_ = (bdseq_ + 1) % 256; }
  // Skips `n` sequence numbers (simulates lost messages).
  void skip_seq(int n = 1) { seq_ = (seq_ + static_cast<uint64_t>(n)) % 256; }

  uint64_t bdseq() const { return bdseq_; }
  const std::string& group() const { return group_; }
  const std::string& node() const { return node_; }

 private:
  SpMessage make(SpMessageType type, const std::string& device, std::vector<SpMetric> metrics,
                 int64_t ts_ms, bool with_seq);

  std::string group_;
  std::string node_;
  uint64_t bdseq_;
  uint64_t seq_ = 0;
};

}  // namespace kerf::ingest::mqtt
