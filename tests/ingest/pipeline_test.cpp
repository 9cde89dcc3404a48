#include "kerf/ingest/pipeline.h"

#include <gtest/gtest.h>

#include "ingest/sample_builders.h"
#include "kerf/ingest/signals.h"
#include "kerf/ingest/transforms/dedup.h"
#include "kerf/ingest/transforms/state_machine.h"

namespace kerf::ingest {
namespace {

using testing::make;

class RecordingSink final : public Sink {
 public:
  explicit RecordingSink(std::string name, bool fail = false)
      : name_(std::move(name)), fail_(fail) {}
  std::string_view name() const override { return name_; }
  Status consume(std::span<const Sample> batch) override {
    ++calls;
    received.insert(received.end(), batch.begin(), batch.end());
    if (fail_) return Error::unavailable("store is down");
    return ok_status();
  }
  std::vector<Sample> received;
  int calls = 0;

 private:
  std::string name_;
  bool fail_;
};

TEST(Pipeline, RunsTransformsInOrderThenEverySink) {
  Pipeline p;
  p.add_transform(std::make_unique<Dedup>());
  p.add_transform(std::make_unique<StateMachine>());
  auto a = std::make_shared<RecordingSink>("a");
  auto b = std::make_shared<RecordingSink>("b");
  p.add_sink(a);
  p.add_sink(b);
  ASSERT_TRUE(p.push({make("LAS-1", signals::kExecution, 1000, std::string("ACTIVE")),
                      make("LAS-1", signals::kExecution, 2000, std::string("ACTIVE"))})
                  .ok());
  // The duplicate is dropped; the state sample follows its cause.
  ASSERT_EQ(a->received.size(), 2u);
  EXPECT_EQ(a->received[0].signal, signals::kExecution);
  EXPECT_EQ(a->received[1].signal, signals::kState);
  EXPECT_EQ(as_text(a->received[1].value), "RUN");
  EXPECT_EQ(a->received[1].ts_ms, 1000);
  EXPECT_EQ(b->received, a->received);
  PipelineStats st = p.stats();
  EXPECT_EQ(st.samples_in, 2u);
  EXPECT_EQ(st.samples_out, 2u);
  EXPECT_EQ(st.dropped, 1u);
  EXPECT_EQ(st.sink_failures, 0u);
}

TEST(Pipeline, ABrokenSinkDoesNotStarveTheOthersAndFailsThePush) {
  Pipeline p;
  auto broken = std::make_shared<RecordingSink>("store", true);
  auto good = std::make_shared<RecordingSink>("events");
  p.add_sink(broken);
  p.add_sink(good);
  Status st = p.push({make("PUN-1", signals::kRunning, 5, true)});
  ASSERT_FALSE(st.ok());
  EXPECT_EQ(st.error().code, ErrorCode::kUnavailable);
  EXPECT_EQ(good->received.size(), 1u);
  EXPECT_EQ(p.stats().sink_failures, 1u);
  EXPECT_EQ(p.stats().last_error, "store: store is down");
}

TEST(Pipeline, AnEmptyResultIsNotHandedToSinks) {
  Pipeline p;
  p.add_transform(std::make_unique<Dedup>());
  auto sink = std::make_shared<RecordingSink>("a");
  p.add_sink(sink);
  ASSERT_TRUE(p.push({make("M", "x", 1, int64_t{1}, Quality::kGood, "s", 7)}).ok());
  ASSERT_TRUE(p.push({make("M", "x", 2, int64_t{2}, Quality::kGood, "s", 7)}).ok());  // replay
  EXPECT_EQ(sink->calls, 1);
  EXPECT_EQ(p.stats().dropped, 1u);
}

}  // namespace
}  // namespace kerf::ingest
