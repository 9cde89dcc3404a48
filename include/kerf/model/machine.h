// A machine on the floor (a laser, a punch, a weld cell, a polishing station, a scan station)
// and the state kerf derives from its signals. A work center has zero or more machines.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::model {

// Derived machine state. Precedence when several conditions hold at once (highest first):
// UNKNOWN > DOWN > SETUP > RUN > PAUSED > IDLE (docs/machine_states.md).
enum class MachineState { kUnknown, kDown, kSetup, kRun, kPaused, kIdle };
// "UNKNOWN", "DOWN", "SETUP", "RUN", "PAUSED", "IDLE" (upper case: the API's wire form).
std::string_view to_string(MachineState s);
Result<MachineState> parse_machine_state(std::string_view text);
// Lower number = higher precedence (UNKNOWN 0 ... IDLE 5).
int precedence(MachineState s);

// How kerf talks to the machine.
enum class MachineProtocol { kMqtt, kSparkplug, kMtconnect, kOpcua, kScan };
// "mqtt", "sparkplug", "mtconnect", "opcua", "scan"
std::string_view to_string(MachineProtocol p);
Result<MachineProtocol> parse_machine_protocol(std::string_view text);

struct Machine {
  int64_t id = 0;
  int64_t version = 0;
  std::string code;  // valid code, unique, e.g. "LAS-1"; the <machine> of topics and samples
  std::string name;  // required
  std::optional<int64_t> work_center_id;  // the work center it belongs to (none = unassigned)
  MachineProtocol protocol = MachineProtocol::kMqtt;
  // Protocol address: MQTT topic prefix or Sparkplug group/node/device, MTConnect agent URL +
  // device name, OPC UA endpoint URL (opc.tcp://host:port) + node ids; free text <= 500.
  std::string endpoint;
  double ideal_cycle_s = 0;  // >= 0; ideal seconds per part for OEE performance (0 = unknown)
  bool active = true;        // inactive machines are not ingested

  // Ok, or invalid with fields "code", "name", "endpoint", "ideal_cycle_s".
  Status validate() const;
  friend bool operator==(const Machine&, const Machine&) = default;
};

}  // namespace kerf::model
