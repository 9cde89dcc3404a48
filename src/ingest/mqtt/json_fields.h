// Internal: the pieces of the kerf JSON scheme that a single message and a batch element share
// (src/ingest/mqtt/json_scheme.cpp, json_batch.cpp).
#pragma once

#include <nlohmann/json.hpp>
#include <string>
#include <string_view>

#include "kerf/core/result.h"
#include "kerf/ingest/mqtt/signal_map.h"
#include "kerf/ingest/sample.h"

namespace kerf::ingest::mqtt {

// A topic level: 1..64 bytes of [A-Za-z0-9_.-].
bool valid_level(std::string_view level);

// What a payload object says besides machine and signal, before the signal's type is checked.
struct SampleFields {
  Value raw;
  bool has_v = false;
  bool quality_given = false;
};

// Reads one field of a sample object ("v", "ts", "q", "seq", "src") into `out` / `f`; any
// other key is an error. Errors name `path` + the key ("samples[3].ts").
Status read_sample_field(const std::string& key, const nlohmann::json& j, const std::string& path,
                         std::string_view source, Sample& out, SampleFields& f);

// Checks the value against `mapping` (pulses, types, null = unavailable) and completes `out`.
Result<Sample> finish_sample(const SignalMapping& mapping, std::string_view signal_name, Sample out,
                             SampleFields f, const std::string& path);

// {"v", "ts", "q" (unless good), "seq" (unless 0)} of `s`.
nlohmann::json sample_object(const Sample& s);

}  // namespace kerf::ingest::mqtt
