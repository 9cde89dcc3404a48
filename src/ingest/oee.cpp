#include "kerf/ingest/oee.h"

#include <algorithm>
#include <cmath>

namespace kerf::ingest {

using model::MachineState;

namespace {

// Sorted, disjoint union of the non-empty spans.
std::vector<TimeSpan> merge(std::vector<TimeSpan> spans) {
  std::erase_if(spans, [](const TimeSpan& s) { return s.to_ms <= s.from_ms; });
  std::sort(spans.begin(), spans.end(),
            [](const TimeSpan& a, const TimeSpan& b) { return a.from_ms < b.from_ms; });
  std::vector<TimeSpan> out;
  for (const TimeSpan& s : spans) {
    if (!out.empty() && s.from_ms <= out.back().to_ms) {
      out.back().to_ms = std::max(out.back().to_ms, s.to_ms);
    } else {
      out.push_back(s);
    }
  }
  return out;
}

// Length of [from, to) inside the merged planned spans.
int64_t planned_within(const std::vector<TimeSpan>& planned, int64_t from, int64_t to) {
  int64_t sum = 0;
  for (const TimeSpan& p : planned) {
    int64_t a = std::max(from, p.from_ms);
    int64_t b = std::min(to, p.to_ms);
    if (b > a) sum += b - a;
  }
  return sum;
}

// The state timeline over [lo, hi): sorted, the earlier span winning overlaps, gaps as UNKNOWN.
std::vector<StateSpan> timeline(std::vector<StateSpan> states, int64_t lo, int64_t hi) {
  std::erase_if(states, [](const StateSpan& s) { return s.to_ms <= s.from_ms; });
  std::stable_sort(states.begin(), states.end(), [](const StateSpan& a, const StateSpan& b) {
    return a.from_ms < b.from_ms;
  });
  std::vector<StateSpan> out;
  int64_t cursor = lo;
  for (const StateSpan& s : states) {
    int64_t from = std::max(s.from_ms, cursor);
    int64_t to = std::min(s.to_ms, hi);
    if (to <= from) continue;
    if (from > cursor) out.push_back({cursor, from, MachineState::kUnknown});
    out.push_back({from, to, s.state});
    cursor = to;
  }
  if (hi > cursor) out.push_back({cursor, hi, MachineState::kUnknown});
  return out;
}

bool is_stop(MachineState s) { return s == MachineState::kPaused || s == MachineState::kIdle; }

void finish(OeeResult& r, double ideal_total_ms) {
  r.availability = r.planned_ms > 0 ? static_cast<double>(r.operating_ms) / r.planned_ms : 0;
  r.performance =
      r.operating_ms > 0 ? std::min(1.0, ideal_total_ms / static_cast<double>(r.operating_ms)) : 0;
  r.quality = r.total > 0 ? static_cast<double>(r.good) / static_cast<double>(r.total) : 1;
  r.oee = r.availability * r.performance * r.quality;
}

}  // namespace

OeeResult compute_oee(const OeeInput& input) {
  OeeResult r;
  std::vector<TimeSpan> planned = merge(input.planned);
  r.good = std::max<int64_t>(0, input.good);
  r.total = r.good + std::max<int64_t>(0, input.scrap);
  if (planned.empty()) {
    finish(r, 0);
    return r;
  }
  for (const TimeSpan& p : planned) r.planned_ms += p.to_ms - p.from_ms;

  std::vector<StateSpan> spans = timeline(input.states, planned.front().from_ms,
                                          planned.back().to_ms);
  int64_t stop_planned = 0;  // planned time of the current PAUSED/IDLE stretch
  auto close_stop = [&] {
    if (stop_planned == 0) return;
    if (stop_planned < input.minor_stop_ms) {
      r.losses.minor_stops_ms += stop_planned;
    } else {
      r.losses.idling_ms += stop_planned;
    }
    stop_planned = 0;
  };
  for (const StateSpan& s : spans) {
    int64_t ms = planned_within(planned, s.from_ms, s.to_ms);
    r.state_ms[static_cast<int>(s.state)] += ms;
    if (is_stop(s.state)) {
      stop_planned += ms;
      continue;
    }
    close_stop();
  }
  close_stop();

  auto at = [&](MachineState s) { return r.state_ms[static_cast<int>(s)]; };
  r.losses.equipment_failure_ms = at(MachineState::kDown) + at(MachineState::kUnknown);
  r.losses.setup_ms = at(MachineState::kSetup);
  r.run_ms = at(MachineState::kRun);
  r.operating_ms =
      r.planned_ms - r.losses.equipment_failure_ms - r.losses.setup_ms - r.losses.idling_ms;

  double ideal_ms = std::max(0.0, input.ideal_cycle_s) * 1000.0;
  double ideal_total_ms = ideal_ms > 0 ? ideal_ms * static_cast<double>(r.total)
                                       : static_cast<double>(r.operating_ms);
  if (ideal_ms > 0) {
    r.losses.reduced_speed_ms =
        std::max<int64_t>(0, r.run_ms - std::llround(ideal_total_ms));
    r.losses.defects_ms = std::llround(ideal_ms * static_cast<double>(r.total - r.good));
  }
  finish(r, ideal_total_ms);
  return r;
}

OeeResult combine(const std::vector<OeeResult>& parts) {
  OeeResult r;
  double ideal_total_ms = 0;  // sum of each part's performance x operating time
  for (const OeeResult& p : parts) {
    r.planned_ms += p.planned_ms;
    r.operating_ms += p.operating_ms;
    r.run_ms += p.run_ms;
    r.good += p.good;
    r.total += p.total;
    r.losses.equipment_failure_ms += p.losses.equipment_failure_ms;
    r.losses.setup_ms += p.losses.setup_ms;
    r.losses.idling_ms += p.losses.idling_ms;
    r.losses.minor_stops_ms += p.losses.minor_stops_ms;
    r.losses.reduced_speed_ms += p.losses.reduced_speed_ms;
    r.losses.defects_ms += p.losses.defects_ms;
    for (int i = 0; i < 6; ++i) r.state_ms[i] += p.state_ms[i];
    ideal_total_ms += p.performance * static_cast<double>(p.operating_ms);
  }
  finish(r, ideal_total_ms);
  return r;
}

}  // namespace kerf::ingest
