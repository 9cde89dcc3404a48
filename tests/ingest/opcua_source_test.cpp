// OpcUaSource against the real node-opcua punch simulator: subscription delivers samples with
// kerf's signal names; a server restart makes the source reconnect and resubscribe; a network
// drop re-activates the surviving session and republishes what was missed.
#include "kerf/ingest/opcua/opcua_source.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "kerf/ingest/signals.h"
#include "support/opcua_sim.h"

namespace kerf::ingest::opcua {
namespace {

using kerf::testing::OpcUaSim;

// Collects what the source delivers; waits (with a generous hang guard) for a condition.
class Collector {
 public:
  Source::Handler handler() {
    return [this](std::vector<Sample> batch) {
      std::lock_guard lock(mu_);
      for (auto& s : batch) samples_.push_back(std::move(s));
      cv_.notify_all();
      return ok_status();
    };
  }
  bool wait_for(const std::function<bool(const std::vector<Sample>&)>& pred,
                std::chrono::seconds guard = std::chrono::seconds(60)) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, guard, [&] { return pred(samples_); });
  }
  std::vector<Sample> samples() {
    std::lock_guard lock(mu_);
    return samples_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<Sample> samples_;
};

// The last good value of (machine, signal), if any.
const Sample* last_of(const std::vector<Sample>& v, const std::string& machine,
                      const std::string& signal) {
  for (auto it = v.rbegin(); it != v.rend(); ++it) {
    if (it->machine == machine && it->signal == signal && it->quality == Quality::kGood) {
      return &*it;
    }
  }
  return nullptr;
}

int64_t strokes(const std::vector<Sample>& v, const std::string& machine) {
  const Sample* s = last_of(v, machine, signals::kStrokeCount);
  return s ? std::get<int64_t>(s->value) : -1;
}

OpcUaSourceOptions options_for(const OpcUaSim& sim) {
  OpcUaSourceOptions o;
  o.client.endpoint_url = sim.endpoint();
  o.publishing_interval_ms = 100;
  o.sampling_interval_ms = 50;
  o.max_keep_alive_count = 5;
  o.min_backoff = std::chrono::milliseconds(100);
  o.max_backoff = std::chrono::milliseconds(1000);
  return o;
}

TEST(OpcUaSource, SubscriptionDeliversPunchSignals) {
  OpcUaSim sim({"--machines", "PUN-1,PUN-2", "--spm", "0"});
  sim.command({{"cmd", "set"}, {"machine", "PUN-2"}, {"alarm", "E42"}, {"tool", "T-09"}});
  OpcUaSource source(options_for(sim));
  Collector got;
  ASSERT_TRUE(source.start(got.handler()).ok());

  // Initial values of every variable of both punches.
  ASSERT_TRUE(got.wait_for([](const auto& v) {
    return last_of(v, "PUN-2", signals::kAlarm) && last_of(v, "PUN-1", signals::kTonnage) &&
           last_of(v, "PUN-1", signals::kStrokeCount);
  })) << source.stats().last_error
      << "\n"
      << sim.log();
  auto v = got.samples();
  EXPECT_EQ(std::get<std::string>(last_of(v, "PUN-2", signals::kAlarm)->value), "FAULT|E42|");
  EXPECT_EQ(std::get<std::string>(last_of(v, "PUN-1", signals::kAlarm)->value), "NORMAL||");
  EXPECT_EQ(std::get<std::string>(last_of(v, "PUN-2", signals::kToolNumber)->value), "T-09");
  EXPECT_EQ(std::get<std::string>(last_of(v, "PUN-1", signals::kProgram)->value), "PRG-100");
  EXPECT_TRUE(std::get<bool>(last_of(v, "PUN-1", signals::kRunning)->value));
  EXPECT_EQ(strokes(v, "PUN-1"), 0);
  for (const auto& s : v) {
    EXPECT_EQ(s.source, source.name());
    EXPECT_GT(s.ts_ms, 1600000000000);
  }
  for (std::size_t i = 1; i < v.size(); ++i) EXPECT_GT(v[i].seq, v[i - 1].seq);

  // Strokes and an alarm clearing arrive as changes.
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 7}});
  sim.command({{"cmd", "set"}, {"machine", "PUN-2"}, {"alarm", ""}});
  ASSERT_TRUE(got.wait_for([](const auto& s) {
    return strokes(s, "PUN-1") == 7 &&
           std::get<std::string>(last_of(s, "PUN-2", signals::kAlarm)->value) == "NORMAL||";
  })) << source.stats().last_error;
  EXPECT_TRUE(source.stats().connected);
  EXPECT_EQ(source.stats().rejected, 0u);
  EXPECT_EQ(source.counters().monitored_items, 14u);
  source.stop();
  source.stop();  // idempotent
}

TEST(OpcUaSource, ServerRestartReconnectsAndResubscribes) {
  OpcUaSim sim({"--spm", "0"});
  OpcUaSource source(options_for(sim));
  Collector got;
  ASSERT_TRUE(source.start(got.handler()).ok());
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 3}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 3; }))
      << source.stats().last_error << "\n"
      << sim.log();

  sim.command({{"cmd", "restart"}});  // same port; sessions and subscriptions are gone
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 4}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 7; }))
      << source.stats().last_error << "\n"
      << sim.log();
  // And it keeps delivering on the new subscription.
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 5}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 12; }));
  EXPECT_GE(source.stats().reconnects, 1u);
  EXPECT_GE(source.counters().sessions_created, 2u);
  EXPECT_GE(source.counters().subscriptions_created, 2u);
  source.stop();
}

TEST(OpcUaSource, NetworkDropReactivatesSessionAndRepublishes) {
  OpcUaSim sim({"--spm", "0"});
  OpcUaSource source(options_for(sim));
  Collector got;
  ASSERT_TRUE(source.start(got.handler()).ok());
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 2}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 2; }))
      << source.stats().last_error << "\n"
      << sim.log();

  sim.command({{"cmd", "drop"}});  // the server closes every client socket, keeps sessions
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 3}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 5; }))
      << source.stats().last_error << "\n"
      << sim.log();
  source.drop_connection();  // and a drop on our side
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 1}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 6; }))
      << source.stats().last_error;
  auto c = source.counters();
  EXPECT_GE(c.sessions_reactivated, 1u) << "session did not survive the drop";
  EXPECT_EQ(c.subscriptions_created, 1u) << "the subscription should have been kept";
  EXPECT_GE(source.stats().reconnects, 1u);
  source.stop();
}

TEST(OpcUaSource, RefusedBatchIsNotAcknowledgedAndComesBackByRepublish) {
  OpcUaSim sim({"--spm", "0"});
  OpcUaSource source(options_for(sim));
  Collector got;
  std::atomic<int> refusals{0};
  auto accept = got.handler();
  ASSERT_TRUE(source
                  .start([&](std::vector<Sample> batch) {
                    for (const auto& s : batch) {
                      if (s.signal == signals::kStrokeCount && s.quality == Quality::kGood &&
                          std::get<int64_t>(s.value) == 9 && refusals.fetch_add(1) == 0) {
                        return Status(Error::unavailable("sink down"));
                      }
                    }
                    return accept(std::move(batch));
                  })
                  .ok());
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 0; }))
      << source.stats().last_error << "\n"
      << sim.log();
  sim.command({{"cmd", "strokes"}, {"machine", "PUN-1"}, {"n", 9}});
  ASSERT_TRUE(got.wait_for([](const auto& v) { return strokes(v, "PUN-1") == 9; }))
      << source.stats().last_error;
  EXPECT_GE(refusals.load(), 2);
  EXPECT_GE(source.counters().republished, 1u);
  source.stop();
}

TEST(OpcUaSource, WrongPasswordIsReportedAndRetried) {
  OpcUaSim sim({"--user", "shop:s3cret"});
  OpcUaSourceOptions o = options_for(sim);
  o.client.user = "shop";
  o.client.password = "nope";
  OpcUaSource source(o);
  Collector got;
  ASSERT_TRUE(source.start(got.handler()).ok());
  for (int i = 0; i < 600 && source.stats().last_error.empty(); ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const SourceStats st = source.stats();
  EXPECT_FALSE(st.connected);
  EXPECT_NE(st.last_error.find("rejected user 'shop'"), std::string::npos) << st.last_error;
  source.stop();
  EXPECT_TRUE(got.samples().empty());
}

TEST(OpcUaSource, RejectsBadEndpointUrl) {
  OpcUaSourceOptions o;
  o.client.endpoint_url = "http://127.0.0.1:4840";
  OpcUaSource source(o);
  Status s = source.start([](std::vector<Sample>) { return ok_status(); });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields.at(0).field, "endpoint_url");
}

}  // namespace
}  // namespace kerf::ingest::opcua
