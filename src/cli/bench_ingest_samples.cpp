#include "cli/bench_ingest_samples.h"

#include <fmt/format.h>

#include <chrono>
#include <thread>

#include "kerf/app/machine_service.h"
#include "kerf/app/principal.h"
#include "kerf/ingest/signals.h"

namespace kerf::cli::bench_ingest {

namespace sig = ingest::signals;

int64_t wall_ms() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string machine_code(const char* prefix, int m) { return fmt::format("B{}-{:03}", prefix, m); }

Status register_machines(app::Services& services, const char* prefix, int count,
                         model::MachineProtocol protocol) {
  const auto who = app::system_principal();
  for (int m = 0; m < count; ++m) {
    model::Machine machine;
    machine.code = machine_code(prefix, m);
    machine.name = "Bench machine " + machine.code;
    machine.protocol = protocol;
    machine.endpoint = protocol == model::MachineProtocol::kSparkplug
                           ? fmt::format("spBv1.0/{}/bench/{}", kPlant, machine.code)
                           : fmt::format("kerf/{}/{}/{}", kPlant, kDepartment, machine.code);
    machine.ideal_cycle_s = 60;
    if (auto saved = services.machines().create(who, machine); !saved) return saved.error();
  }
  return {};
}

ingest::Sample synthetic(const std::string& code, int64_t k, int64_t ts_ms) {
  static const char* const kTelemetry[] = {sig::kWeldCurrent, sig::kWeldVoltage, sig::kWireFeed,
                                           sig::kGasFlow};
  ingest::Sample s;
  s.machine = code;
  s.ts_ms = ts_ms;
  s.source = "bench";
  if (k % 100 == 0) {
    s.signal = sig::kExecution;
    s.value = std::string((k / 100) % 2 == 0 ? "ACTIVE" : "READY");
  } else {
    s.signal = kTelemetry[k % 4];
    s.value = 100.0 + static_cast<double>(k % 997) * 0.01;
  }
  return s;
}

std::vector<ingest::Sample> synthetic_stream(const char* prefix, int machines, int64_t n) {
  const int64_t per_machine = (n + machines - 1) / machines;
  const int64_t t0 = wall_ms() - per_machine - 1;
  std::vector<std::string> codes;
  for (int m = 0; m < machines; ++m) codes.push_back(machine_code(prefix, m));
  std::vector<ingest::Sample> out;
  out.reserve(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    const int64_t k = i / machines;
    out.push_back(synthetic(codes[static_cast<size_t>(i % machines)], k, t0 + k));
  }
  return out;
}

ingest::SourceStats source_stats(const app::IngestRuntime& runtime, std::string_view prefix) {
  for (auto& s : runtime.source_stats()) {
    if (s.name.rfind(prefix, 0) == 0) return s;
  }
  return {};
}

Status wait_delivered(const app::IngestRuntime& runtime, std::string_view prefix, uint64_t target,
                      std::chrono::steady_clock::time_point& done) {
  uint64_t last = 0;
  auto last_progress = std::chrono::steady_clock::now();
  for (;;) {
    const auto stats = source_stats(runtime, prefix);
    const uint64_t got = stats.samples + stats.rejected;
    done = std::chrono::steady_clock::now();
    if (got >= target) return {};
    if (got != last) {
      last = got;
      last_progress = done;
    } else if (done - last_progress > std::chrono::seconds(30)) {
      return Error::unavailable(fmt::format("{} source stalled at {} of {} samples: {}", prefix,
                                            got, target, stats.last_error));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
}

}  // namespace kerf::cli::bench_ingest
