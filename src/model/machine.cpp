#include "kerf/model/machine.h"

#include <array>

#include "kerf/model/validation.h"
#include "model/enum_names.h"

namespace kerf::model {

namespace {
constexpr std::array kAllStates = {MachineState::kUnknown, MachineState::kDown,
                                   MachineState::kSetup,   MachineState::kRun,
                                   MachineState::kPaused,  MachineState::kIdle};
constexpr std::array kAllProtocols = {MachineProtocol::kMqtt, MachineProtocol::kSparkplug,
                                      MachineProtocol::kMtconnect, MachineProtocol::kOpcua,
                                      MachineProtocol::kScan};
constexpr size_t kMaxEndpoint = 500;
}  // namespace

std::string_view to_string(MachineState s) {
  switch (s) {
    case MachineState::kUnknown: return "UNKNOWN";
    case MachineState::kDown: return "DOWN";
    case MachineState::kSetup: return "SETUP";
    case MachineState::kRun: return "RUN";
    case MachineState::kPaused: return "PAUSED";
    case MachineState::kIdle: return "IDLE";
  }
  return "UNKNOWN";
}

Result<MachineState> parse_machine_state(std::string_view text) {
  return detail::parse_enum<MachineState>(text, kAllStates, "state");
}

int precedence(MachineState s) { return static_cast<int>(s); }

std::string_view to_string(MachineProtocol p) {
  switch (p) {
    case MachineProtocol::kMqtt: return "mqtt";
    case MachineProtocol::kSparkplug: return "sparkplug";
    case MachineProtocol::kMtconnect: return "mtconnect";
    case MachineProtocol::kOpcua: return "opcua";
    case MachineProtocol::kScan: return "scan";
  }
  return "mqtt";
}

Result<MachineProtocol> parse_machine_protocol(std::string_view text) {
  return detail::parse_enum<MachineProtocol>(text, kAllProtocols, "protocol");
}

Status Machine::validate() const {
  FieldErrors errors;
  check_code(errors, "code", code);
  check_required_text(errors, "name", name);
  if (endpoint.size() > kMaxEndpoint) errors.add("endpoint", "must be at most 500 characters");
  if (!(ideal_cycle_s >= 0) || ideal_cycle_s > 86400) {
    errors.add("ideal_cycle_s", "must be between 0 and 86400 seconds");
  }
  return errors.status();
}

}  // namespace kerf::model
