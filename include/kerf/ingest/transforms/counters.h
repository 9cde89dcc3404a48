// Counters: turns cumulative counters into deltas that survive resets and rollover
// (docs/ingest_transforms.md "Counters").
//  - signals::kPartCount -> kPartsDelta, kStrokeCount -> kStrokesDelta (int > 0).
//  - The first value of a (machine, counter) only sets the baseline.
//  - A higher value: delta = value - last.
//  - A lower value: with a modulus M configured for the counter, a rollover when the wrapped
//    distance value + M - last is < M / 2 (delta = that distance), else a reset; without a
//    modulus always a reset. After a reset the delta is the new value (counted from 0).
//  - signals::kCycleComplete true -> kPartsDelta 1.
//  - Each parts delta after the machine's first part event also yields kCycleTime: seconds
//    since the previous part event divided by the delta (seconds per part).
// Unavailable or bad samples, non-integer or negative counter values leave the baseline as is.
// Every input passes on; derived samples follow it (source = the input's, seq = 0).
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "kerf/ingest/pipeline.h"

namespace kerf::ingest {

struct CounterOptions {
  int64_t part_count_modulus = 0;    // 0 = no rollover (e.g. 65536 for a 16-bit counter)
  int64_t stroke_count_modulus = 0;  // same for stroke_count
};

class Counters final : public Transform {
 public:
  Counters() = default;
  explicit Counters(CounterOptions options) : options_(options) {}

  std::string_view name() const override { return "counters"; }
  void apply(Sample in, std::vector<Sample>& out) override;

  uint64_t resets() const { return resets_; }        // drops taken as counter resets
  uint64_t rollovers() const { return rollovers_; }  // drops taken as rollovers
  uint64_t ignored() const { return ignored_; }      // unusable counter values

 private:
  void part_event(const Sample& in, int64_t delta, std::vector<Sample>& out);

  CounterOptions options_;
  std::map<std::pair<std::string, std::string>, int64_t> last_;  // (machine, counter) -> value
  std::map<std::string, int64_t> last_part_ts_;                  // machine -> ts of part event
  uint64_t resets_ = 0;
  uint64_t rollovers_ = 0;
  uint64_t ignored_ = 0;
};

}  // namespace kerf::ingest
