// Terse Sample construction for the ingest tests.
#pragma once

#include <string>
#include <vector>

#include "kerf/ingest/pipeline.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::testing {

inline Sample make(std::string machine, std::string signal, int64_t ts_ms, Value value,
                   Quality quality = Quality::kGood, std::string source = "test",
                   uint64_t seq = 0) {
  Sample s;
  s.machine = std::move(machine);
  s.signal = std::move(signal);
  s.ts_ms = ts_ms;
  s.value = std::move(value);
  s.quality = quality;
  s.source = std::move(source);
  s.seq = seq;
  return s;
}

inline Sample unavailable(std::string machine, std::string signal, int64_t ts_ms) {
  return make(std::move(machine), std::move(signal), ts_ms, {}, Quality::kUnavailable);
}

// Runs `in` through `t` one by one and returns everything it emitted.
inline std::vector<Sample> run(Transform& t, std::vector<Sample> in) {
  std::vector<Sample> out;
  for (Sample& s : in) t.apply(std::move(s), out);
  return out;
}

// The emitted samples of one signal.
inline std::vector<Sample> only(const std::vector<Sample>& all, const std::string& signal) {
  std::vector<Sample> out;
  for (const Sample& s : all) {
    if (s.signal == signal) out.push_back(s);
  }
  return out;
}

}  // namespace kerf::ingest::testing
