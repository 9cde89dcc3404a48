#include "kerf/ingest/transforms/dedup.h"

#include <gtest/gtest.h>

#include "ingest/sample_builders.h"
#include "kerf/ingest/signals.h"

namespace kerf::ingest {
namespace {

using testing::make;
using testing::run;

TEST(Dedup, DropsAnUnchangedValueAndKeepsChanges) {
  Dedup d;
  auto out = run(d, {make("M", "execution", 1, std::string("ACTIVE")),
                     make("M", "execution", 2, std::string("ACTIVE")),
                     make("M", "execution", 3, std::string("READY")),
                     make("M", "execution", 4, std::string("ACTIVE")),
                     make("N", "execution", 5, std::string("ACTIVE"))});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[1].ts_ms, 3);
  EXPECT_EQ(d.duplicates(), 1u);
  EXPECT_EQ(d.dropped(), 1u);
}

TEST(Dedup, KeepsTheFirstSampleAfterAQualityChange) {
  Dedup d;
  auto out =
      run(d, {make("M", "part_count", 1, int64_t{5}), testing::unavailable("M", "part_count", 2),
              testing::unavailable("M", "part_count", 3), make("M", "part_count", 4, int64_t{5}),
              make("M", "part_count", 5, int64_t{5}, Quality::kBad)});
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[1].quality, Quality::kUnavailable);
  EXPECT_EQ(out[2].ts_ms, 4);
  EXPECT_EQ(out[3].quality, Quality::kBad);
  EXPECT_EQ(d.duplicates(), 1u);
}

TEST(Dedup, DropsReplayedAndOutOfOrderSeqPerSource) {
  Dedup d;
  auto out = run(d, {make("M", "a", 1, int64_t{1}, Quality::kGood, "edge:1", 1),
                     make("M", "a", 2, int64_t{2}, Quality::kGood, "edge:1", 2),
                     make("M", "a", 2, int64_t{2}, Quality::kGood, "edge:1", 2),    // redelivery
                     make("M", "a", 1, int64_t{9}, Quality::kGood, "edge:1", 1),    // older
                     make("M", "b", 3, int64_t{1}, Quality::kGood, "edge:2", 1),    // other source
                     make("M", "a", 4, int64_t{3}, Quality::kGood, "edge:1", 5)});  // gap is fine
  ASSERT_EQ(out.size(), 4u);
  EXPECT_EQ(out[2].source, "edge:2");
  EXPECT_EQ(out[3].seq, 5u);
  EXPECT_EQ(d.replays(), 2u);
}

TEST(Dedup, SeqZeroIsNeverAReplay) {
  Dedup d;
  auto out = run(d, {make("M", "a", 1, int64_t{1}), make("M", "a", 2, int64_t{2}),
                     make("M", "a", 3, int64_t{3})});
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(d.replays(), 0u);
}

TEST(Dedup, EventSignalsRepeatButReplaysOfThemDoNot) {
  Dedup d;
  auto out = run(
      d, {make("POL-1", signals::kCycleComplete, 1, true),
          make("POL-1", signals::kCycleComplete, 2, true),
          make("POL-1", signals::kInspection, 3, std::string("pass"), Quality::kGood, "mqtt", 4),
          make("POL-1", signals::kInspection, 3, std::string("pass"), Quality::kGood, "mqtt", 4)});
  EXPECT_EQ(out.size(), 3u);
  EXPECT_EQ(d.replays(), 1u);
  EXPECT_EQ(d.duplicates(), 0u);
}

}  // namespace
}  // namespace kerf::ingest
