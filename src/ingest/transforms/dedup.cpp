#include "kerf/ingest/transforms/dedup.h"

#include "kerf/ingest/signals.h"

namespace kerf::ingest {

Dedup::Dedup() : Dedup({signals::kCycleComplete, signals::kInspection, signals::kScan}) {}

Dedup::Dedup(std::set<std::string> event_signals) : event_signals_(std::move(event_signals)) {}

void Dedup::apply(Sample in, std::vector<Sample>& out) {
  if (in.seq != 0) {
    auto [it, inserted] = last_seq_.try_emplace(in.source, in.seq);
    if (!inserted) {
      if (in.seq <= it->second) {
        ++replays_;
        return;
      }
      it->second = in.seq;
    }
  }
  if (!event_signals_.contains(in.signal)) {
    auto key = std::make_pair(in.machine, in.signal);
    auto it = last_.find(key);
    if (it != last_.end() && it->second.quality == in.quality && it->second.value == in.value) {
      ++duplicates_;
      return;
    }
    if (it == last_.end()) {
      last_.emplace(std::move(key), Last{in.value, in.quality});
    } else {
      it->second = Last{in.value, in.quality};
    }
  }
  out.push_back(std::move(in));
}

}  // namespace kerf::ingest
