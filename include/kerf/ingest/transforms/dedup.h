// Dedup: drops replays and unchanged values before anything else sees them
// (docs/ingest_transforms.md).
//  - A sample with seq != 0 whose seq is <= the last seq seen from the same `source` is a replay
//    (edge gateway re-forwarding after a lost acknowledgement, MQTT QoS 1 redelivery): dropped.
//  - A sample whose (machine, signal) value and quality equal the last passed one is a
//    duplicate: dropped. Event signals (each sample is one event: cycle_complete, inspection,
//    scan by default) are never dropped for an equal value, only for a replayed seq.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "kerf/ingest/pipeline.h"

namespace kerf::ingest {

class Dedup final : public Transform {
 public:
  // Event signals: cycle_complete, inspection, scan.
  Dedup();
  explicit Dedup(std::set<std::string> event_signals);

  std::string_view name() const override { return "dedup"; }
  void apply(Sample in, std::vector<Sample>& out) override;
  uint64_t dropped() const override { return replays_ + duplicates_; }

  uint64_t replays() const { return replays_; }        // dropped for a seq already seen
  uint64_t duplicates() const { return duplicates_; }  // dropped for an unchanged value

 private:
  struct Last {
    Value value;
    Quality quality = Quality::kGood;
  };
  std::set<std::string> event_signals_;
  std::map<std::string, uint64_t> last_seq_;  // by source
  std::map<std::pair<std::string, std::string>, Last> last_;  // by (machine, signal)
  uint64_t replays_ = 0;
  uint64_t duplicates_ = 0;
};

}  // namespace kerf::ingest
