#include "kerf/sim/machine_sim.h"

#include <gtest/gtest.h>

#include "kerf/ingest/signals.h"

namespace kerf::sim {
namespace {

namespace sig = ingest::signals;

std::vector<ingest::Sample> run_for(MachineSimulator& sim, int64_t from_ms, int64_t to_ms,
                                    const std::map<std::string, SimWork>& work) {
  std::vector<ingest::Sample> all;
  for (int64_t t = from_ms; t <= to_ms; t += 1000) {
    auto step = sim.step(t, work);
    all.insert(all.end(), step.begin(), step.end());
  }
  return all;
}

// The values of `signal` in order, repeats (the periodic re-announcements) collapsed.
std::vector<std::string> texts(const std::vector<ingest::Sample>& samples, const char* signal) {
  std::vector<std::string> out;
  for (const auto& s : samples) {
    if (s.signal != signal) continue;
    std::string v = ingest::as_text(s.value);
    if (out.empty() || out.back() != v || signal == sig::kPartCount) out.push_back(v);
  }
  return out;
}

TEST(MachineSimTest, AMachineWithWorkSetsUpThenRunsAndCountsParts) {
  SimFaults no_faults;
  no_faults.breakdowns_per_hour = 0;
  no_faults.minor_stops_per_hour = 0;
  MachineSimulator sim({{"LAS-1", SimKind::kLaser, 30}}, 7, no_faults);
  auto samples = run_for(sim, 0, 3'600'000, {{"LAS-1", SimWork{.operation_id = 5, .program = "P1"}}});
  auto execution = texts(samples, sig::kExecution);
  ASSERT_EQ(execution.size(), 2u);
  EXPECT_EQ(execution[0], "READY");  // announced idle and set up (still READY), then running
  EXPECT_EQ(execution[1], "ACTIVE");
  EXPECT_EQ(texts(samples, sig::kProgram), std::vector<std::string>{"P1"});
  auto counts = texts(samples, sig::kPartCount);
  counts.erase(counts.begin());  // the announced baseline 0
  // One hour at 30 s ideal and speed >= 0.75 minus at most 90 s of setup: 88..120 parts.
  ASSERT_GE(counts.size(), 88u);
  EXPECT_LE(counts.size(), 121u);
  for (size_t i = 1; i < counts.size(); ++i) {
    EXPECT_EQ(std::stoll(counts[i]), std::stoll(counts[i - 1]) + 1);
  }
  for (size_t i = 1; i < samples.size(); ++i) EXPECT_LE(samples[i - 1].ts_ms, samples[i].ts_ms);
}

TEST(MachineSimTest, ABreakdownRaisesAFaultAndClearsIt) {
  SimFaults no_faults;
  no_faults.breakdowns_per_hour = 0;
  no_faults.minor_stops_per_hour = 0;
  MachineSimulator sim({{"PUN-1", SimKind::kPunch, 20}}, 3, no_faults);
  std::map<std::string, SimWork> work{{"PUN-1", SimWork{.operation_id = 9, .tool = "RO-10"}}};
  run_for(sim, 0, 200'000, work);
  sim.break_down("PUN-1", 120);
  auto samples = run_for(sim, 201'000, 400'000, work);
  auto alarms = texts(samples, sig::kAlarm);
  ASSERT_EQ(alarms.size(), 2u);
  EXPECT_EQ(alarms[0].rfind("FAULT|E", 0), 0u) << alarms[0];
  EXPECT_EQ(alarms[1], "NORMAL||");
  auto running = texts(samples, sig::kRunning);
  ASSERT_EQ(running.size(), 2u);
  EXPECT_EQ(running[0], "false");
  EXPECT_EQ(running[1], "true");
  EXPECT_FALSE(texts(samples, sig::kStrokeCount).empty());
}

TEST(MachineSimTest, WithoutWorkAMachineOnlyAnnouncesIdle) {
  MachineSimulator sim({{"POL-1", SimKind::kPolish, 60}}, 1);
  auto samples = run_for(sim, 0, 600'000, {});
  EXPECT_EQ(texts(samples, sig::kRunning), std::vector<std::string>{"false"});
  EXPECT_TRUE(texts(samples, sig::kCycleComplete).empty());
}

TEST(MachineSimTest, TheSameSeedGivesTheSameSignals) {
  auto play = [] {
    MachineSimulator sim({{"WLD-1", SimKind::kWeld, 45}, {"POL-1", SimKind::kPolish, 40}}, 42);
    return run_for(sim, 0, 7'200'000,
                   {{"WLD-1", SimWork{.operation_id = 1, .welder = "ana", .wps = "WPS-1"}},
                    {"POL-1", SimWork{.operation_id = 2}}});
  };
  auto a = play();
  EXPECT_EQ(a, play());
  EXPECT_FALSE(texts(a, sig::kInspection).empty());
  EXPECT_FALSE(texts(a, sig::kArcOn).empty());
}

}  // namespace
}  // namespace kerf::sim
