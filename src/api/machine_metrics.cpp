#include "kerf/api/machine_metrics.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include <cmath>

namespace kerf::api {
namespace {

constexpr const char* kStates[] = {"UNKNOWN", "DOWN", "SETUP", "RUN", "PAUSED", "IDLE"};

void add_counter(std::string& out, const char* name, const char* help) {
  out += fmt::format("# HELP {} {}\n# TYPE {} counter\n", name, help, name);
}

}  // namespace

void expose_machines(Metrics& metrics, app::Services& services,
                     std::vector<const app::MachineSink*> machine_sinks,
                     std::vector<const app::TelemetrySink*> telemetry_sinks) {
  metrics.add_collector([&services] {
    app::Principal reader = app::system_principal();
    auto views = services.machines().views(reader);
    if (!views.ok()) {
      spdlog::warn("metrics: machine views failed: {}", views.error().message);
      return std::string();
    }
    std::string state =
        "# HELP kerf_machine_state Current state of each machine (1 = in that state).\n"
        "# TYPE kerf_machine_state gauge\n";
    std::string oee =
        "# HELP kerf_machine_oee OEE of each machine today so far (0..1).\n"
        "# TYPE kerf_machine_oee gauge\n";
    for (const auto& v : *views) {
      const std::string_view current = model::to_string(v.status.state);
      for (const char* s : kStates) {
        state += fmt::format("kerf_machine_state{{machine=\"{}\",state=\"{}\"}} {}\n",
                             v.machine.code, s, current == s ? 1 : 0);
      }
      const double o = std::isfinite(v.oee_today.oee) ? v.oee_today.oee : 0.0;
      oee += fmt::format("kerf_machine_oee{{machine=\"{}\"}} {}\n", v.machine.code, o);
    }
    return state + oee;
  });
  if (machine_sinks.empty() && telemetry_sinks.empty()) return;
  metrics.add_collector([machine_sinks, telemetry_sinks] {
    std::string samples, unknown, invalid;
    add_counter(samples, "kerf_ingest_sink_samples_total", "Samples accepted by each sink.");
    add_counter(unknown, "kerf_ingest_sink_unknown_machine_total",
                "Samples naming no (active) machine, ignored and logged.");
    add_counter(invalid, "kerf_ingest_sink_invalid_total", "Unusable sample values, logged.");
    auto add = [&](const std::string& name, const app::SinkCounters& c) {
      samples += fmt::format("kerf_ingest_sink_samples_total{{sink=\"{}\"}} {}\n", name, c.samples);
      unknown += fmt::format("kerf_ingest_sink_unknown_machine_total{{sink=\"{}\"}} {}\n", name,
                             c.unknown_machine);
      invalid += fmt::format("kerf_ingest_sink_invalid_total{{sink=\"{}\"}} {}\n", name, c.invalid);
    };
    for (const auto* s : machine_sinks) add(std::string(s->name()), s->counters());
    for (const auto* s : telemetry_sinks) add(std::string(s->name()), s->counters());
    return samples + unknown + invalid;
  });
}

}  // namespace kerf::api
