// StateMachine: derives each machine's model::MachineState from its latest state inputs
// (availability, estop, alarm, mode, execution, running, setup, arc) and emits a
// signals::kState sample (text state name, ts of the causing sample) when the state changes.
// The mapping table and its precedence (UNKNOWN > DOWN > SETUP > RUN > PAUSED > IDLE) are in
// docs/machine_states.md. Every input sample passes on unchanged; the derived sample follows it.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <span>
#include <string>
#include <vector>

#include "kerf/ingest/oee.h"
#include "kerf/ingest/pipeline.h"
#include "kerf/model/machine.h"

namespace kerf::ingest {

class StateMachine final : public Transform {
 public:
  std::string_view name() const override { return "state_machine"; }
  void apply(Sample in, std::vector<Sample>& out) override;

  // The current state of `machine`; UNKNOWN for a machine never seen.
  model::MachineState state(const std::string& machine) const;
  // State inputs ignored: Quality::kBad, an unparsable alarm, a timestamp older than the
  // input's last one (the sample itself still passes on).
  uint64_t ignored() const { return ignored_; }

  // Derives the state from one set of inputs (exposed for tests and docs/machine_states.md).
  struct Inputs {
    // A state input's latest good text (upper case) or bool; `unavailable` when its latest
    // sample had Quality::kUnavailable.
    struct Input {
      std::optional<std::string> text;
      std::optional<bool> flag;
      bool unavailable = false;
      int64_t ts_ms = 0;
      bool seen() const { return text || flag || unavailable; }
    };
    Input availability, estop, alarm, mode, execution, running, setup, arc;
    std::set<std::string> faults;  // native codes of active FAULT alarms ("" = uncoded)
  };
  static model::MachineState derive(const Inputs& in);

 private:
  struct Machine {
    Inputs inputs;
    model::MachineState state = model::MachineState::kUnknown;
  };
  bool update(Inputs& inputs, const Sample& s);  // false when `s` is no usable state input

  std::map<std::string, Machine> machines_;
  uint64_t ignored_ = 0;
};

// Turns one machine's kState samples (in time order) into a timeline over [from_ms, to_ms):
// UNKNOWN before the first sample, each state until the next sample. Unparsable states count as
// UNKNOWN.
std::vector<StateSpan> state_spans(std::span<const Sample> state_samples, int64_t from_ms,
                                   int64_t to_ms);

}  // namespace kerf::ingest
