#include "kerf/ingest/mqtt/sparkplug_edge.h"

namespace kerf::ingest::mqtt {

SparkplugEdgeNode::SparkplugEdgeNode(std::string group, std::string node, uint64_t bdseq)
    : group_(std::move(group)), node_(std::move(node)), bdseq_(bdseq) {}

SpMessage SparkplugEdgeNode::make(SpMessageType type, const std::string& device,
                                  std::vector<SpMetric> metrics, int64_t ts_ms, bool with_seq) {
  SpPayload p;
  p.timestamp = static_cast<uint64_t>(ts_ms);
  if (with_seq) {
    p.seq = seq_;
    seq_ = (seq_ + 1) % 256;
  }
  p.metrics = std::move(metrics);
  return SpMessage{sparkplug_topic(group_, type, node_, device), encode_sparkplug(p)};
}

SpMessage SparkplugEdgeNode::nbirth(std::vector<SpMetric> metrics, int64_t ts_ms) {
  seq_ = 0;
  metrics.insert(metrics.begin(),
                 make_metric("bdSeq", SpDataType::kInt64, Value(static_cast<int64_t>(bdseq_))));
  return make(SpMessageType::kNBirth, "", std::move(metrics), ts_ms, true);
}

SpMessage SparkplugEdgeNode::ndata(std::vector<SpMetric> metrics, int64_t ts_ms) {
  return make(SpMessageType::kNData, "", std::move(metrics), ts_ms, true);
}

SpMessage SparkplugEdgeNode::dbirth(const std::string& device, std::vector<SpMetric> metrics,
                                    int64_t ts_ms) {
  return make(SpMessageType::kDBirth, device, std::move(metrics), ts_ms, true);
}

SpMessage SparkplugEdgeNode::ddata(const std::string& device, std::vector<SpMetric> metrics,
                                   int64_t ts_ms) {
  return make(SpMessageType::kDData, device, std::move(metrics), ts_ms, true);
}

SpMessage SparkplugEdgeNode::ddeath(const std::string& device, int64_t ts_ms) {
  return make(SpMessageType::kDDeath, device, {}, ts_ms, true);
}

SpMessage SparkplugEdgeNode::ndeath() const {
  SpPayload p;
  p.metrics.push_back(
      make_metric("bdSeq", SpDataType::kInt64, Value(static_cast<int64_t>(bdseq_))));
  return SpMessage{sparkplug_topic(group_, SpMessageType::kNDeath, node_), encode_sparkplug(p)};
}

}  // namespace kerf::ingest::mqtt
