// The benchmark functions run end to end (correctness only: no timing is asserted).
#include "kerf/ingest/bench.h"

#include <gtest/gtest.h>

#include "support/test_env.h"

namespace kerf::ingest {
namespace {

TEST(IngestBench, EdgeReplayReturnsEverySample) {
  SystemClock clock;
  auto r = bench_edge_replay(kerf::testing::make_temp_dir("edgebench"), 5'000, clock, 500);
  ASSERT_TRUE(r.ok()) << r.error().message;
  EXPECT_EQ(r->samples, 5'000);
  EXPECT_GT(r->bytes, 0u);
  EXPECT_GE(r->replay_per_s, 0);
}

TEST(IngestBench, EdgeReplayRefusesABufferInUse) {
  SystemClock clock;
  auto dir = kerf::testing::make_temp_dir("edgebench");
  ASSERT_TRUE(bench_edge_replay(dir, 10, clock).ok());
  auto again = bench_edge_replay(dir, 10, clock);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().fields.at(0).field, "dir");
}

TEST(IngestBench, PipelineRunsTheTransformChain) {
  SystemClock clock;
  PipelineBench r = bench_pipeline(10'000, clock, 1'000);
  EXPECT_EQ(r.samples, 10'000);
  EXPECT_GT(r.samples_out, 0u);
}

}  // namespace
}  // namespace kerf::ingest
