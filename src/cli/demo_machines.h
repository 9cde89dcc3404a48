// The demo's live machines (`kerf serve --demo`): starts the protocol peers as child processes
// (mosquitto, the fake MTConnect agent for the lasers, the node-opcua punch simulator), makes
// sure the demo machines exist with those peers' endpoints, and plays sim::MachineSimulator
// through the real protocols, following the operations running on the floor. A missing peer is
// reported by name and the rest still starts.
#pragma once

#include <memory>
#include <string>

#include "kerf/core/config.h"

namespace kerf::app {
class Services;
}

namespace kerf::cli {

class DemoMachines {
 public:
  // Starts what it can; `mqtt_url` is the broker the demo uses (settings.mqtt_url, or the
  // mosquitto it started; "" when there is none).
  static std::unique_ptr<DemoMachines> start(app::Services& services, const Settings& settings);
  ~DemoMachines();
  DemoMachines(const DemoMachines&) = delete;
  DemoMachines& operator=(const DemoMachines&) = delete;

  const std::string& mqtt_url() const;
  // Starts the thread that plays the machines (after ingestion started).
  void run();

 private:
  struct Impl;
  explicit DemoMachines(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::cli
