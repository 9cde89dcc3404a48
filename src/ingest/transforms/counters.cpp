#include "kerf/ingest/transforms/counters.h"

#include <cmath>
#include <optional>

#include "kerf/ingest/signals.h"

namespace kerf::ingest {

namespace {

// A non-negative integral counter value, or nullopt.
std::optional<int64_t> counter_value(const Value& v) {
  if (const auto* i = std::get_if<int64_t>(&v)) {
    if (*i < 0) return std::nullopt;
    return *i;
  }
  if (const auto* d = std::get_if<double>(&v)) {
    if (!std::isfinite(*d) || *d < 0 || *d > 9.0e18 || std::floor(*d) != *d) return std::nullopt;
    return static_cast<int64_t>(*d);
  }
  return std::nullopt;
}

Sample derived(const Sample& in, const char* signal, Value value) {
  Sample s;
  s.machine = in.machine;
  s.signal = signal;
  s.ts_ms = in.ts_ms;
  s.value = std::move(value);
  s.source = in.source;
  return s;
}

}  // namespace

void Counters::part_event(const Sample& in, int64_t delta, std::vector<Sample>& out) {
  out.push_back(derived(in, signals::kPartsDelta, delta));
  auto [it, first] = last_part_ts_.try_emplace(in.machine, in.ts_ms);
  if (first) return;
  if (in.ts_ms > it->second) {
    double seconds = static_cast<double>(in.ts_ms - it->second) / 1000.0;
    out.push_back(derived(in, signals::kCycleTime, seconds / static_cast<double>(delta)));
  }
  it->second = std::max(it->second, in.ts_ms);
}

void Counters::apply(Sample in, std::vector<Sample>& out) {
  bool parts = in.signal == signals::kPartCount;
  bool strokes = in.signal == signals::kStrokeCount;
  bool pulse = in.signal == signals::kCycleComplete;
  if ((!parts && !strokes && !pulse) || in.quality != Quality::kGood) {
    out.push_back(std::move(in));
    return;
  }
  if (pulse) {
    auto n = as_number(in.value);
    bool done = n ? *n == 1 : as_text(in.value) == "true";
    if (!done) {
      out.push_back(std::move(in));
      return;
    }
    Sample src = in;
    out.push_back(std::move(in));
    part_event(src, 1, out);
    return;
  }
  auto value = counter_value(in.value);
  if (!value) {
    ++ignored_;
    out.push_back(std::move(in));
    return;
  }
  int64_t modulus = parts ? options_.part_count_modulus : options_.stroke_count_modulus;
  auto key = std::make_pair(in.machine, in.signal);
  auto [it, first] = last_.try_emplace(key, *value);
  int64_t delta = 0;
  if (!first) {
    int64_t last = it->second;
    if (*value > last) {
      delta = *value - last;
    } else if (*value < last) {
      int64_t wrapped = modulus > 0 ? *value + modulus - last : -1;
      if (modulus > 0 && last < modulus && wrapped > 0 && wrapped < modulus / 2) {
        ++rollovers_;
        delta = wrapped;
      } else {
        ++resets_;
        delta = *value;
      }
    }
    it->second = *value;
  }
  if (delta <= 0) {
    out.push_back(std::move(in));
    return;
  }
  Sample src = in;
  out.push_back(std::move(in));
  if (parts) {
    part_event(src, delta, out);
  } else {
    out.push_back(derived(src, signals::kStrokesDelta, delta));
  }
}

}  // namespace kerf::ingest
