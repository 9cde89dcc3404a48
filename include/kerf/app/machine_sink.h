// Ingestion sinks of the app layer: samples become use cases (audited, evented) or telemetry.
//
// MachineSink consumes derived samples (signals.h): state -> state timeline + machine state +
// "machine.state_changed"; alarm -> alarm fields + "machine.alarm"; parts_delta -> parts of the
// operation running on the machine's work center + "machine.parts"; cycle_s -> its actual run
// time; tool / strokes_delta -> hits on the mounted tool, "tool.life_warning" once it crosses the
// warning ratio; program -> program. Other signals only refresh last_signal_at. One change per
// machine per batch (actor "machine:<code>"), all of a batch in one transaction; when that fails,
// each machine's change runs alone so one machine's failure does not hold back the others.
// Unknown or inactive machine codes are counted and logged, never fatal.
//
// TelemetrySink writes every sample of known machines to machine_metrics, one transaction per
// consume().
#pragma once

#include <atomic>
#include <cstdint>
#include <mutex>
#include <set>
#include <span>
#include <string>

#include "kerf/app/machine_service.h"
#include "kerf/ingest/pipeline.h"

namespace kerf::app {

class ChangeRunner;

struct SinkCounters {
  uint64_t samples = 0;          // accepted samples
  uint64_t unknown_machine = 0;  // samples naming no (active) machine
  uint64_t invalid = 0;          // unusable values (e.g. unknown state name), logged
};

class MachineSink final : public ingest::Sink {
 public:
  MachineSink(ChangeRunner& changes, MachineOptions options = {})
      : changes_(changes), options_(options) {}
  std::string_view name() const override { return "machines"; }
  Status consume(std::span<const ingest::Sample> batch) override;
  SinkCounters counters() const;

 private:
  // Adds one machine's committed outcome to the counters (and logs an unknown code once).
  void record(const std::string& code, size_t samples, bool unknown, const SinkCounters& counted);

  ChangeRunner& changes_;
  MachineOptions options_;
  mutable std::mutex mu_;
  SinkCounters counters_;
  std::set<std::string> logged_unknown_;
};

class TelemetrySink final : public ingest::Sink {
 public:
  explicit TelemetrySink(ChangeRunner& changes) : changes_(changes) {}
  std::string_view name() const override { return "telemetry"; }
  Status consume(std::span<const ingest::Sample> batch) override;
  SinkCounters counters() const;

 private:
  ChangeRunner& changes_;
  mutable std::mutex mu_;
  SinkCounters counters_;
  std::set<std::string> logged_unknown_;
};

}  // namespace kerf::app
