#include "kerf/sim/machine_sim.h"

#include <algorithm>
#include <cmath>

#include "kerf/ingest/signals.h"

namespace kerf::sim {

namespace sig = ingest::signals;

namespace {

constexpr int64_t kStrokesPerPart = 24;
constexpr int64_t kAnnounceEveryMs = 30'000;
constexpr const char* kFaultTexts[] = {"Servo overload", "Sheet not detected", "Gas pressure low",
                                       "Clamp open", "Cooling fault"};

ingest::Sample sample(const SimMachine& m, int64_t at_ms, const char* signal, ingest::Value v) {
  ingest::Sample s;
  s.machine = m.code;
  s.signal = signal;
  s.ts_ms = at_ms;
  s.value = std::move(v);
  s.source = "sim";
  return s;
}

}  // namespace

MachineSimulator::MachineSimulator(std::vector<SimMachine> machines, uint64_t seed,
                                   SimFaults faults)
    : machines_(std::move(machines)), rng_(seed), faults_(faults) {}

int64_t MachineSimulator::cycle_ms(const SimMachine& m, const Live& live) const {
  double ideal_ms = std::max(1.0, m.ideal_cycle_s) * 1000.0;
  return static_cast<int64_t>(std::llround(ideal_ms / std::max(0.1, live.speed)));
}

void MachineSimulator::enter(const SimMachine& m, Live& live, Phase phase, int64_t at_ms,
                             std::vector<ingest::Sample>& out) {
  const Phase before = live.phase;
  live.phase = phase;
  auto add = [&](const char* signal, ingest::Value v) {
    out.push_back(sample(m, at_ms, signal, std::move(v)));
  };
  if (before == Phase::kDown && phase != Phase::kDown) add(sig::kAlarm, std::string("NORMAL||"));
  if (phase == Phase::kDown) {
    live.fault_code = static_cast<int>(rng_.uniform(100, 999));
    const char* text = kFaultTexts[rng_.uniform(0, std::size(kFaultTexts) - 1)];
    add(sig::kAlarm, "FAULT|E" + std::to_string(live.fault_code) + "|" + text);
  }
  const bool run = phase == Phase::kRun;
  const bool setup = phase == Phase::kSetup;
  switch (m.kind) {
    case SimKind::kLaser: {
      const char* execution = run                          ? "ACTIVE"
                              : phase == Phase::kMinorStop ? "FEED_HOLD"
                              : phase == Phase::kDown      ? "STOPPED"
                                                           : "READY";
      add(sig::kControllerMode, std::string(setup ? "MANUAL" : "AUTOMATIC"));
      add(sig::kExecution, std::string(execution));
      if (setup) add(sig::kProgram, live.work.program);
      break;
    }
    case SimKind::kPunch:
      if (setup) {
        add(sig::kProgram, live.work.program);
        add(sig::kToolNumber, live.work.tool);
      }
      add(sig::kRunning, run);
      add(sig::kStrokesPerMinute, run ? std::round(180.0 * live.speed) : 0.0);
      break;
    case SimKind::kWeld:
      add(sig::kSetup, setup);
      if (setup) {
        add(sig::kWelderId, live.work.welder);
        add(sig::kWpsId, live.work.wps);
        add(sig::kProgram, live.work.program);
      }
      add(sig::kArcOn, run);
      if (run) {
        add(sig::kWeldCurrent, 150.0 + static_cast<double>(rng_.uniform(0, 60)));
        add(sig::kWeldVoltage, 22.0 + static_cast<double>(rng_.uniform(0, 40)) / 10.0);
        add(sig::kWireFeed, 7.0 + static_cast<double>(rng_.uniform(0, 30)) / 10.0);
        add(sig::kGasFlow, 12.0 + static_cast<double>(rng_.uniform(0, 40)) / 10.0);
      }
      break;
    case SimKind::kPolish:
      add(sig::kSetup, setup);
      if (setup) add(sig::kProgram, live.work.program);
      add(sig::kRunning, run);
      break;
  }
}

void MachineSimulator::emit_part(const SimMachine& m, Live& live, int64_t at_ms,
                                 std::vector<ingest::Sample>& out) {
  switch (m.kind) {
    case SimKind::kLaser:
      out.push_back(sample(m, at_ms, sig::kPartCount, ++live.part_count));
      break;
    case SimKind::kPunch:
      live.stroke_count += kStrokesPerPart;
      out.push_back(sample(m, at_ms, sig::kStrokeCount, live.stroke_count));
      out.push_back(sample(m, at_ms, sig::kPartCount, ++live.part_count));
      break;
    case SimKind::kWeld:
      out.push_back(sample(m, at_ms, sig::kCycleComplete, true));
      break;
    case SimKind::kPolish: {
      const bool fail = rng_.chance(faults_.scrap_rate);
      out.push_back(sample(m, at_ms, sig::kCycleComplete, true));
      out.push_back(sample(m, at_ms, sig::kInspection, std::string(fail ? "fail" : "pass")));
      break;
    }
  }
}

void MachineSimulator::advance(const SimMachine& m, Live& live, int64_t now_ms,
                               const SimWork* work, std::vector<ingest::Sample>& out) {
  if (!live.announced) {
    live.announced = true;
    live.announced_ms = now_ms;
    live.last_ms = now_ms;
    enter(m, live, Phase::kIdle, now_ms, out);
    if (m.kind == SimKind::kLaser) {
      out.push_back(sample(m, now_ms, sig::kAvailability, std::string("AVAILABLE")));
      out.push_back(sample(m, now_ms, sig::kEmergencyStop, std::string("ARMED")));
    }
    if (m.kind == SimKind::kLaser || m.kind == SimKind::kPunch) {
      out.push_back(sample(m, now_ms, sig::kPartCount, live.part_count));
    }
    if (m.kind == SimKind::kPunch) {
      out.push_back(sample(m, now_ms, sig::kStrokeCount, live.stroke_count));
    }
  }
  // Timed transitions and parts up to now, in time order.
  while (true) {
    const bool timed = live.phase == Phase::kSetup || live.phase == Phase::kMinorStop ||
                       live.phase == Phase::kDown;
    if (timed && live.phase_until_ms <= now_ms) {
      const int64_t at = live.phase_until_ms;
      if (live.operation_id != 0) {
        enter(m, live, Phase::kRun, at, out);
        live.next_part_ms = at + cycle_ms(m, live);
      } else {
        enter(m, live, Phase::kIdle, at, out);
      }
      continue;
    }
    if (live.phase == Phase::kRun && live.next_part_ms <= now_ms) {
      const int64_t at = live.next_part_ms;
      emit_part(m, live, at, out);
      live.next_part_ms = at + cycle_ms(m, live);
      continue;
    }
    break;
  }
  if (live.forced_down_s > 0) {
    live.phase_until_ms = now_ms + 1000 * live.forced_down_s;
    live.forced_down_s = 0;
    enter(m, live, Phase::kDown, now_ms, out);
  }
  // Work changes (a new operation, or none) take effect now; a breakdown runs its course first.
  const int64_t wanted = work ? work->operation_id : 0;
  if (wanted != live.operation_id && live.phase != Phase::kDown) {
    live.operation_id = wanted;
    live.work = work ? *work : SimWork{};
    if (wanted != 0) {
      live.speed = faults_.slowest_speed + (1.0 - faults_.slowest_speed) * rng_.real();
      live.phase_until_ms = now_ms + 1000 * rng_.uniform(faults_.setup_min_s, faults_.setup_max_s);
      enter(m, live, Phase::kSetup, now_ms, out);
    } else {
      enter(m, live, Phase::kIdle, now_ms, out);
    }
  }
  // Random events while running, in proportion to the time that passed.
  const double hours = static_cast<double>(std::max<int64_t>(0, now_ms - live.last_ms)) / 3.6e6;
  if (live.phase == Phase::kRun && hours > 0) {
    if (rng_.chance(faults_.breakdowns_per_hour * hours)) {
      live.phase_until_ms =
          now_ms + 1000 * rng_.uniform(faults_.breakdown_min_s, faults_.breakdown_max_s);
      enter(m, live, Phase::kDown, now_ms, out);
    } else if (rng_.chance(faults_.minor_stops_per_hour * hours)) {
      live.phase_until_ms =
          now_ms + 1000 * rng_.uniform(faults_.minor_stop_min_s, faults_.minor_stop_max_s);
      enter(m, live, Phase::kMinorStop, now_ms, out);
    }
  }
  // Now and then the whole current state again (a late subscriber catches up; receivers drop
  // the unchanged values).
  if (now_ms - live.announced_ms >= kAnnounceEveryMs) {
    live.announced_ms = now_ms;
    if (live.phase != Phase::kDown) enter(m, live, live.phase, now_ms, out);
    if (m.kind == SimKind::kLaser) {
      out.push_back(sample(m, now_ms, sig::kAvailability, std::string("AVAILABLE")));
    }
  }
  live.last_ms = now_ms;
}

void MachineSimulator::break_down(const std::string& code, int64_t seconds) {
  live_[code].forced_down_s = std::max<int64_t>(1, seconds);
}

std::vector<ingest::Sample> MachineSimulator::step(int64_t now_ms,
                                                   const std::map<std::string, SimWork>& work) {
  std::vector<ingest::Sample> out;
  for (const SimMachine& m : machines_) {
    auto it = work.find(m.code);
    advance(m, live_[m.code], now_ms, it == work.end() ? nullptr : &it->second, out);
  }
  return out;
}

}  // namespace kerf::sim
