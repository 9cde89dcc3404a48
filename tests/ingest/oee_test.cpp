#include "kerf/ingest/oee.h"

#include <gtest/gtest.h>

namespace kerf::ingest {
namespace {

using model::MachineState;
constexpr int64_t kMin = 60'000;

TEST(Oee, CombineAddsTimesAndRecomputesRatios) {
  OeeInput a;
  a.planned = {{0, 100 * kMin}};
  a.states = {{0, 100 * kMin, MachineState::kRun}};
  a.good = 50;  // half speed at 60 s
  a.ideal_cycle_s = 60;
  OeeInput b;
  b.planned = {{0, 100 * kMin}};
  b.states = {{0, 50 * kMin, MachineState::kDown}, {50 * kMin, 100 * kMin, MachineState::kRun}};
  b.good = 40;
  b.scrap = 10;
  b.ideal_cycle_s = 60;
  OeeResult ra = compute_oee(a), rb = compute_oee(b);
  EXPECT_DOUBLE_EQ(ra.oee, 0.5);
  EXPECT_DOUBLE_EQ(rb.oee, 0.5 * 1.0 * 0.8);
  OeeResult all = combine({ra, rb});
  EXPECT_EQ(all.planned_ms, 200 * kMin);
  EXPECT_EQ(all.operating_ms, 150 * kMin);
  EXPECT_EQ(all.good, 90);
  EXPECT_EQ(all.total, 100);
  EXPECT_DOUBLE_EQ(all.availability, 0.75);
  EXPECT_DOUBLE_EQ(all.performance, 100.0 / 150.0);
  EXPECT_DOUBLE_EQ(all.quality, 0.9);
  EXPECT_DOUBLE_EQ(all.oee, 0.75 * (100.0 / 150.0) * 0.9);  // = ideal good time / planned
  EXPECT_EQ(all.losses.equipment_failure_ms, 50 * kMin);
  EXPECT_EQ(all.losses.defects_ms, 10 * kMin);
  EXPECT_EQ(all.state_ms[static_cast<int>(MachineState::kRun)], 150 * kMin);
}

TEST(Oee, CombineOfNothingIsZero) {
  OeeResult r = combine({});
  EXPECT_EQ(r.planned_ms, 0);
  EXPECT_EQ(r.oee, 0);
  EXPECT_EQ(r.quality, 1);
}

TEST(Oee, NoIdealCycleTakesPerformanceAsOne) {
  OeeInput in;
  in.planned = {{0, 10 * kMin}};
  in.states = {{0, 10 * kMin, MachineState::kRun}};
  in.good = 3;
  OeeResult r = compute_oee(in);
  EXPECT_EQ(r.performance, 1);
  EXPECT_EQ(r.losses.reduced_speed_ms, 0);
  EXPECT_EQ(r.losses.defects_ms, 0);
}

TEST(Oee, FasterThanIdealIsCappedAtOne) {
  OeeInput in;
  in.planned = {{0, 10 * kMin}};
  in.states = {{0, 10 * kMin, MachineState::kRun}};
  in.good = 20;
  in.ideal_cycle_s = 60;
  OeeResult r = compute_oee(in);
  EXPECT_EQ(r.performance, 1);
  EXPECT_EQ(r.oee, 1);
}

TEST(Oee, OverlappingStatesTheEarlierWinsAndEmptySpansAreIgnored) {
  OeeInput in;
  in.planned = {{0, 10 * kMin}, {5 * kMin, 5 * kMin}};
  in.states = {{0, 6 * kMin, MachineState::kRun},
               {4 * kMin, 10 * kMin, MachineState::kDown},
               {7 * kMin, 7 * kMin, MachineState::kSetup}};
  OeeResult r = compute_oee(in);
  EXPECT_EQ(r.state_ms[static_cast<int>(MachineState::kRun)], 6 * kMin);
  EXPECT_EQ(r.state_ms[static_cast<int>(MachineState::kDown)], 4 * kMin);
  EXPECT_EQ(r.state_ms[static_cast<int>(MachineState::kSetup)], 0);
}

TEST(Oee, NegativeCountsAreTreatedAsZero) {
  OeeInput in;
  in.planned = {{0, kMin}};
  in.good = -4;
  in.scrap = -1;
  OeeResult r = compute_oee(in);
  EXPECT_EQ(r.total, 0);
  EXPECT_EQ(r.quality, 1);
  EXPECT_EQ(r.losses.equipment_failure_ms, kMin);  // no states at all: UNKNOWN
}

}  // namespace
}  // namespace kerf::ingest
