// The demo's machines: a deterministic simulator that turns "this machine has work now" into
// the signals a real laser, punch, weld cell or polishing station would send, with setups,
// minor stops, speed losses, breakdowns and scrap, so machine states and OEE move like a shop's.
// Pure: time comes in as an argument, randomness from a seeded Rng. The demo's drivers
// (src/cli/demo_machines*) publish its samples through the real protocols.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kerf/ingest/sample.h"
#include "kerf/sim/rng.h"

namespace kerf::sim {

enum class SimKind { kLaser, kPunch, kWeld, kPolish };

struct SimMachine {
  std::string code;  // machine code, the Sample::machine of everything it emits
  SimKind kind = SimKind::kLaser;
  double ideal_cycle_s = 60;  // > 0
};

// What the machine is asked to do now (from the committed schedule / running operation).
struct SimWork {
  int64_t operation_id = 0;  // 0 = no work: the machine idles
  std::string program;       // NC / nest program name
  std::string tool;          // punch: mounted tool code
  std::string welder;        // weld: welder badge / name
  std::string wps;           // weld: procedure spec
};

// How often things go wrong (per hour of running), and how long they last.
struct SimFaults {
  double breakdowns_per_hour = 1.5;
  int64_t breakdown_min_s = 60;
  int64_t breakdown_max_s = 480;
  double minor_stops_per_hour = 6;
  int64_t minor_stop_min_s = 15;
  int64_t minor_stop_max_s = 120;
  int64_t setup_min_s = 20;
  int64_t setup_max_s = 90;
  double slowest_speed = 0.75;  // cycle speed is drawn per operation in [slowest_speed, 1]
  double scrap_rate = 0.04;     // polishing inspection failures
};

class MachineSimulator {
 public:
  MachineSimulator(std::vector<SimMachine> machines, uint64_t seed, SimFaults faults = {});

  // Advances every machine to `now_ms` given its work (machines absent from `work` idle) and
  // returns the samples they emitted since the last call, in time order per machine. The first
  // call emits every machine's full current state, and so does every call 30 s after the last
  // such announcement (as a real controller's periodic refresh).
  std::vector<ingest::Sample> step(int64_t now_ms, const std::map<std::string, SimWork>& work);

  // Breaks `code` down at the next step() for `seconds` (tests, demo scripting).
  void break_down(const std::string& code, int64_t seconds);

  const std::vector<SimMachine>& machines() const { return machines_; }

 private:
  enum class Phase { kIdle, kSetup, kRun, kMinorStop, kDown };
  struct Live {
    Phase phase = Phase::kIdle;
    bool announced = false;
    int64_t announced_ms = 0;
    int64_t phase_until_ms = 0;
    int64_t next_part_ms = 0;
    int64_t last_ms = 0;
    int64_t part_count = 0;
    int64_t stroke_count = 0;
    int64_t operation_id = 0;
    double speed = 1.0;
    int fault_code = 0;
    int64_t forced_down_s = 0;
    SimWork work;
  };

  void enter(const SimMachine& m, Live& live, Phase phase, int64_t at_ms,
             std::vector<ingest::Sample>& out);
  void emit_part(const SimMachine& m, Live& live, int64_t at_ms, std::vector<ingest::Sample>& out);
  void advance(const SimMachine& m, Live& live, int64_t now_ms, const SimWork* work,
               std::vector<ingest::Sample>& out);
  int64_t cycle_ms(const SimMachine& m, const Live& live) const;

  std::vector<SimMachine> machines_;
  std::map<std::string, Live> live_;
  Rng rng_;
  SimFaults faults_;
};

}  // namespace kerf::sim
