#include "kerf/ingest/transforms/state_machine.h"

#include <gtest/gtest.h>

#include "ingest/sample_builders.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest {
namespace {

using model::MachineState;
using testing::make;
using testing::only;

std::vector<std::string> states_of(const std::vector<Sample>& out) {
  std::vector<std::string> v;
  for (const Sample& s : only(out, signals::kState)) v.push_back(as_text(s.value));
  return v;
}

Sample text(const char* signal, int64_t ts, const char* value, const char* machine = "LAS-1") {
  return make(machine, signal, ts, std::string(value));
}

TEST(StateMachine, AMachineNeverSeenIsUnknown) {
  StateMachine sm;
  EXPECT_EQ(sm.state("LAS-9"), MachineState::kUnknown);
  auto out = testing::run(sm, {make("LAS-9", signals::kPartCount, 1, int64_t{3})});
  EXPECT_EQ(out.size(), 1u);  // not a state input: passes on, no state
  EXPECT_EQ(sm.state("LAS-9"), MachineState::kUnknown);
}

TEST(StateMachine, ExecutionDrivesRunPausedIdle) {
  StateMachine sm;
  auto out =
      testing::run(sm, {text("availability", 1, "AVAILABLE"), text("execution", 2, "READY"),
                        text("execution", 3, "ACTIVE"), text("execution", 4, "FEED_HOLD"),
                        text("execution", 5, "INTERRUPTED"),
                        text("execution", 6, "PROGRAM_COMPLETED"), text("execution", 7, "WAIT")});
  EXPECT_EQ(states_of(out), (std::vector<std::string>{"IDLE", "RUN", "PAUSED", "IDLE"}));
  auto st = only(out, signals::kState);
  EXPECT_EQ(st[0].ts_ms, 1);  // availability alone already says IDLE
  EXPECT_EQ(st[1].ts_ms, 3);
  EXPECT_EQ(st[3].ts_ms, 6);
  EXPECT_EQ(sm.state("LAS-1"), MachineState::kIdle);
}

TEST(StateMachine, PrecedenceUnknownDownSetupRun) {
  StateMachine sm;
  auto out = testing::run(sm, {text("execution", 1, "ACTIVE"),          // RUN
                               text("mode", 2, "MANUAL"),               // SETUP beats RUN
                               text("estop", 3, "TRIGGERED"),           // DOWN beats SETUP
                               text("availability", 4, "UNAVAILABLE"),  // UNKNOWN beats DOWN
                               text("availability", 5, "AVAILABLE"),    // DOWN again
                               text("estop", 6, "ARMED"),               // SETUP
                               text("mode", 7, "AUTOMATIC")});          // RUN
  EXPECT_EQ(states_of(out),
            (std::vector<std::string>{"RUN", "SETUP", "DOWN", "UNKNOWN", "DOWN", "SETUP", "RUN"}));
}

TEST(StateMachine, FaultAlarmsHoldDownUntilClearedPerCode) {
  StateMachine sm;
  auto out = testing::run(
      sm,
      {text("execution", 1, "ACTIVE"), text("alarm", 2, "FAULT|A12|Servo overload"),
       text("alarm", 3, "FAULT|B7|Door open"), text("alarm", 4, "NORMAL|A12|"),  // B7 still active
       text("alarm", 5, "WARNING|B7|now a warning"), text("alarm", 6, "FAULT|C1|x"),
       text("alarm", 7, "NORMAL||"),  // clears all
       text("alarm", 8, "garbage")});
  EXPECT_EQ(states_of(out), (std::vector<std::string>{"RUN", "DOWN", "RUN", "DOWN", "RUN"}));
  auto st = only(out, signals::kState);
  EXPECT_EQ(st[2].ts_ms, 5);
  EXPECT_EQ(sm.ignored(), 1u);
  EXPECT_EQ(out.size(), 8u + 5u);  // every input passes on
}

TEST(StateMachine, BoolInputsForPunchAndWelder) {
  StateMachine sm;
  auto out = testing::run(
      sm, {make("PUN-1", signals::kRunning, 1, true), make("PUN-1", signals::kRunning, 2, false),
           make("PUN-1", signals::kSetup, 3, true), make("PUN-1", signals::kSetup, 4, false),
           make("WLD-1", signals::kArcOn, 5, std::string("on")),
           make("WLD-1", signals::kArcOn, 6, int64_t{0})});
  EXPECT_EQ(states_of(out),
            (std::vector<std::string>{"RUN", "IDLE", "SETUP", "IDLE", "RUN", "IDLE"}));
  EXPECT_EQ(only(out, signals::kState)[4].machine, "WLD-1");
}

TEST(StateMachine, UnavailableInputIsUnknownUntilAGoodValueArrives) {
  StateMachine sm;
  auto out = testing::run(
      sm, {text("execution", 1, "ACTIVE"), testing::unavailable("LAS-1", "execution", 2),
           text("mode", 3, "AUTOMATIC"),  // still UNKNOWN: execution unknown
           text("execution", 4, "UNAVAILABLE"), text("execution", 5, "STOPPED")});
  EXPECT_EQ(states_of(out), (std::vector<std::string>{"RUN", "UNKNOWN", "PAUSED"}));
  EXPECT_EQ(only(out, signals::kState)[2].ts_ms, 5);
}

TEST(StateMachine, BadQualityAndStaleSamplesAreIgnored) {
  StateMachine sm;
  auto out = testing::run(sm, {text("execution", 10, "ACTIVE"),
                               make("LAS-1", "execution", 11, std::string("READY"), Quality::kBad),
                               text("execution", 5, "READY"),  // older than the last one
                               make("LAS-1", "running", 12, std::string("maybe"))});
  EXPECT_EQ(states_of(out), (std::vector<std::string>{"RUN"}));
  EXPECT_EQ(sm.ignored(), 3u);
  EXPECT_EQ(sm.state("LAS-1"), MachineState::kRun);
}

TEST(StateMachine, DeriveTable) {
  StateMachine::Inputs in;
  EXPECT_EQ(StateMachine::derive(in), MachineState::kUnknown);
  in.running.flag = false;
  EXPECT_EQ(StateMachine::derive(in), MachineState::kIdle);
  in.execution.text = "OPTIONAL_STOP";
  EXPECT_EQ(StateMachine::derive(in), MachineState::kPaused);
  in.arc.flag = true;
  EXPECT_EQ(StateMachine::derive(in), MachineState::kRun);
  in.mode.text = "EDIT";
  EXPECT_EQ(StateMachine::derive(in), MachineState::kSetup);
  in.faults.insert("");
  EXPECT_EQ(StateMachine::derive(in), MachineState::kDown);
  in.alarm.unavailable = true;
  EXPECT_EQ(StateMachine::derive(in), MachineState::kUnknown);
}

TEST(StateSpans, TimelineFromStateSamples) {
  std::vector<Sample> states = {make("M", "state", 100, std::string("RUN")),
                                make("M", "state", 400, std::string("DOWN")),
                                make("M", "state", 900, std::string("IDLE"))};
  auto spans = state_spans(states, 0, 1000);
  ASSERT_EQ(spans.size(), 4u);
  EXPECT_EQ(spans[0].state, MachineState::kUnknown);
  EXPECT_EQ(spans[0].to_ms, 100);
  EXPECT_EQ(spans[1].state, MachineState::kRun);
  EXPECT_EQ(spans[2].from_ms, 400);
  EXPECT_EQ(spans[3].state, MachineState::kIdle);
  EXPECT_EQ(spans[3].to_ms, 1000);
  auto clipped = state_spans(states, 500, 800);
  ASSERT_EQ(clipped.size(), 1u);
  EXPECT_EQ(clipped[0].state, MachineState::kDown);
}

}  // namespace
}  // namespace kerf::ingest
