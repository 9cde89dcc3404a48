// Machines, synthetic samples and source progress shared by the phases of `kerf bench ingest`.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/app/ingest_runtime.h"
#include "kerf/app/services.h"
#include "kerf/ingest/sample.h"
#include "kerf/model/machine.h"

namespace kerf::cli::bench_ingest {

inline constexpr const char* kPlant = "main";
inline constexpr const char* kDepartment = "weld";

// Wall-clock milliseconds since the epoch.
int64_t wall_ms();
// "B<prefix>-<m>" (e.g. "BS-007").
std::string machine_code(const char* prefix, int m);
// Registers `count` active machines "B<prefix>-000".. speaking `protocol` (kerf JSON topics or
// Sparkplug devices of plant kPlant).
Status register_machines(app::Services& services, const char* prefix, int count,
                         model::MachineProtocol protocol = model::MachineProtocol::kMqtt);
// Sample k of machine `code`: every 100th an execution change (ACTIVE / READY: a state change,
// so a use case with audit row and event), the others weld telemetry whose value changes every
// time (so Dedup passes them all).
ingest::Sample synthetic(const std::string& code, int64_t k, int64_t ts_ms);
// `n` samples round-robin over `machines` machines of `prefix`, one ms apart per machine,
// ending now (so later phases and real-time samples are never older).
std::vector<ingest::Sample> synthetic_stream(const char* prefix, int machines, int64_t n);

// The stats of `runtime`'s source whose name starts with `prefix` ("mqtt:", "sparkplug:").
ingest::SourceStats source_stats(const app::IngestRuntime& runtime, std::string_view prefix);

// Waits until that source has handed `target` samples in all (delivered + rejected) to the
// pipeline (a push returns after the sinks committed); `done` = when. Unavailable, naming the
// count reached, after 30 s without progress.
Status wait_delivered(const app::IngestRuntime& runtime, std::string_view prefix, uint64_t target,
                      std::chrono::steady_clock::time_point& done);

}  // namespace kerf::cli::bench_ingest
