#include "kerf/core/event_bus.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

namespace kerf {
namespace {

TimePoint at(int s) { return TimePoint(Micros(int64_t{s} * 1'000'000)); }

TEST(EventBusTest, DeliversByTopicPrefixInOrderWithAssignedIds) {
  EventBus bus;
  auto all = bus.subscribe("");
  auto jobs = bus.subscribe("job.");
  int64_t a = bus.publish("job.released", R"({"job_id":1})", at(1));
  int64_t b = bus.publish("operation.completed", R"({"op":2})", at(2));
  int64_t c = bus.publish("job.held", R"({"job_id":1})", at(3));
  EXPECT_LT(a, b);
  EXPECT_LT(b, c);

  auto got = all.drain();
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].id, a);
  EXPECT_EQ(got[1].topic, "operation.completed");
  EXPECT_EQ(got[2].at, at(3));

  auto job_events = jobs.drain();
  ASSERT_EQ(job_events.size(), 2u);
  EXPECT_EQ(job_events[0].topic, "job.released");
  EXPECT_EQ(job_events[1].topic, "job.held");
  EXPECT_EQ(job_events[1].payload_json, R"({"job_id":1})");
  EXPECT_FALSE(jobs.try_pop().has_value());
}

TEST(EventBusTest, KeepsCallerIdsAndAssignsAboveThem) {
  EventBus bus;
  auto sub = bus.subscribe("");
  EXPECT_EQ(bus.publish(Event{100, "x", "{}", at(0)}), 100);
  EXPECT_EQ(bus.publish("y", "{}", at(0)), 101);
}

TEST(EventBusTest, DestroyedSubscriptionUnsubscribes) {
  EventBus bus;
  {
    auto sub = bus.subscribe("job.");
    EXPECT_EQ(bus.stats().subscribers, 1u);
    EXPECT_TRUE(sub.active());
  }
  EXPECT_EQ(bus.stats().subscribers, 0u);
  bus.publish("job.released", "{}", at(0));
  EXPECT_EQ(bus.stats().delivered, 0u);
}

TEST(EventBusTest, MovedSubscriptionStaysSubscribedOnce) {
  EventBus bus;
  EventSubscription outer;
  {
    auto inner = bus.subscribe("");
    outer = std::move(inner);
  }
  EXPECT_EQ(bus.stats().subscribers, 1u);
  bus.publish("a", "{}", at(0));
  EXPECT_EQ(outer.queued(), 1u);
  outer.reset();
  EXPECT_EQ(bus.stats().subscribers, 0u);
  EXPECT_TRUE(outer.try_pop().has_value());  // queued events stay readable after reset
}

TEST(EventBusTest, FullQueueDropsOldestAndCounts) {
  EventBus bus;
  auto slow = bus.subscribe("", 3);
  auto fast = bus.subscribe("", 100);
  for (int i = 0; i < 10; ++i) bus.publish("t", std::to_string(i), at(i));
  EXPECT_EQ(slow.dropped(), 7u);
  EXPECT_EQ(fast.dropped(), 0u);
  auto kept = slow.drain();
  ASSERT_EQ(kept.size(), 3u);
  EXPECT_EQ(kept[0].payload_json, "7");
  EXPECT_EQ(kept[2].payload_json, "9");
  EXPECT_EQ(fast.drain().size(), 10u);
  auto stats = bus.stats();
  EXPECT_EQ(stats.published, 10u);
  EXPECT_EQ(stats.dropped, 7u);
  EXPECT_EQ(stats.delivered, 20u);
}

TEST(EventBusTest, SubscriptionMayOutliveBus) {
  EventSubscription sub;
  {
    EventBus bus;
    sub = bus.subscribe("");
    bus.publish("a", "{}", at(0));
  }
  EXPECT_FALSE(sub.active());
  EXPECT_TRUE(sub.try_pop().has_value());
  sub.reset();  // no crash
}

TEST(EventBusTest, NotifyCallbackRunsPerQueuedEvent) {
  EventBus bus;
  auto sub = bus.subscribe("job.");
  std::atomic<int> calls{0};
  sub.set_notify([&] { ++calls; });
  bus.publish("job.a", "{}", at(0));
  bus.publish("other", "{}", at(0));
  bus.publish("job.b", "{}", at(0));
  EXPECT_EQ(calls.load(), 2);
}

TEST(EventBusTest, PopWaitReceivesFromAnotherThread) {
  EventBus bus;
  auto sub = bus.subscribe("");
  std::thread publisher([&] { bus.publish("x", "{}", at(0)); });
  auto e = sub.pop_wait(std::chrono::seconds(30));
  publisher.join();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->topic, "x");
}

TEST(EventBusTest, ConcurrentPublishersKeepPerSubscriberOrderAndCount) {
  EventBus bus;
  auto sub = bus.subscribe("", 100000);
  constexpr int kThreads = 4;
  constexpr int kPerThread = 2000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) bus.publish("t", "{}", at(0));
    });
  }
  for (auto& t : threads) t.join();
  auto got = sub.drain();
  ASSERT_EQ(got.size(), static_cast<std::size_t>(kThreads * kPerThread));
  for (std::size_t i = 1; i < got.size(); ++i) ASSERT_LT(got[i - 1].id, got[i].id);
}

}  // namespace
}  // namespace kerf
