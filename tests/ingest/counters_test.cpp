#include "kerf/ingest/transforms/counters.h"

#include <gtest/gtest.h>

#include "ingest/sample_builders.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest {
namespace {

using testing::make;
using testing::only;

std::vector<int64_t> deltas(const std::vector<Sample>& out, const char* signal) {
  std::vector<int64_t> v;
  for (const Sample& s : only(out, signal)) v.push_back(std::get<int64_t>(s.value));
  return v;
}

Sample parts(int64_t ts, int64_t n) { return make("LAS-1", signals::kPartCount, ts, n); }

TEST(Counters, FirstValueIsTheBaselineThenDeltas) {
  Counters c;
  auto out = testing::run(c, {parts(1000, 40), parts(2000, 41), parts(3000, 41), parts(5000, 44)});
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{1, 3}));
  EXPECT_EQ(only(out, signals::kPartCount).size(), 4u);  // inputs pass on
}

TEST(Counters, ResetCountsFromZero) {
  Counters c;
  auto out = testing::run(c, {parts(1, 500), parts(2, 502), parts(3, 0), parts(4, 3), parts(5, 2)});
  // 502 -> 0: reset, delta 0 (nothing); 0 -> 3; 3 -> 2: reset again, 2 new parts.
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{2, 3, 2}));
  EXPECT_EQ(c.resets(), 2u);
}

TEST(Counters, RolloverWithAModulus) {
  Counters c({.part_count_modulus = 65536, .stroke_count_modulus = 1ll << 32});
  auto out =
      testing::run(c, {parts(1, 65530), parts(2, 4),    // wrapped: 6 + 4
                       parts(3, 30000), parts(4, 100),  // a drop of most of the range: a reset
                       make("PUN-1", signals::kStrokeCount, 5, int64_t{4294967290}),
                       make("PUN-1", signals::kStrokeCount, 6, int64_t{10})});
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{10, 29996, 100}));
  EXPECT_EQ(deltas(out, signals::kStrokesDelta), (std::vector<int64_t>{16}));
  EXPECT_EQ(c.rollovers(), 2u);
  EXPECT_EQ(c.resets(), 1u);
}

TEST(Counters, WithoutAModulusADropIsAReset) {
  Counters c;
  auto out = testing::run(c, {parts(1, 65530), parts(2, 4)});
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{4}));
}

TEST(Counters, UnavailableAndBadValuesKeepTheBaseline) {
  Counters c;
  auto out = testing::run(
      c, {parts(1, 10), testing::unavailable("LAS-1", signals::kPartCount, 2),
          make("LAS-1", signals::kPartCount, 3, -5ll), make("LAS-1", signals::kPartCount, 4, 12.5),
          make("LAS-1", signals::kPartCount, 5, std::string("x")), parts(6, 12)});
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{2}));
  EXPECT_EQ(c.ignored(), 3u);
}

TEST(Counters, DoubleValuedCountersAreAccepted) {
  Counters c;
  auto out = testing::run(
      c, {make("M", signals::kStrokeCount, 1, 100.0), make("M", signals::kStrokeCount, 2, 107.0)});
  EXPECT_EQ(deltas(out, signals::kStrokesDelta), (std::vector<int64_t>{7}));
  EXPECT_TRUE(only(out, signals::kCycleTime).empty());  // strokes are not parts
}

TEST(Counters, CycleCompletePulsesAndCycleTime) {
  Counters c;
  auto out = testing::run(c, {make("POL-1", signals::kCycleComplete, 10'000, true),
                              make("POL-1", signals::kCycleComplete, 11'000, false),
                              make("POL-1", signals::kCycleComplete, 40'000, true),
                              make("POL-1", signals::kCycleComplete, 85'000, int64_t{1})});
  EXPECT_EQ(deltas(out, signals::kPartsDelta), (std::vector<int64_t>{1, 1, 1}));
  auto cycles = only(out, signals::kCycleTime);
  ASSERT_EQ(cycles.size(), 2u);
  EXPECT_DOUBLE_EQ(std::get<double>(cycles[0].value), 30.0);
  EXPECT_DOUBLE_EQ(std::get<double>(cycles[1].value), 45.0);
  EXPECT_EQ(cycles[1].ts_ms, 85'000);
}

TEST(Counters, CycleTimeIsPerPartAndPerMachine) {
  Counters c;
  auto out = testing::run(
      c, {parts(0, 0), parts(60'000, 1),  // first part event: no cycle
          make("B", signals::kPartCount, 1, int64_t{7}),
          make("B", signals::kPartCount, 2, int64_t{8}), parts(180'000, 4)});  // 3 parts in 120 s
  auto cycles = only(out, signals::kCycleTime);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0].machine, "LAS-1");
  EXPECT_DOUBLE_EQ(std::get<double>(cycles[0].value), 40.0);
}

}  // namespace
}  // namespace kerf::ingest
