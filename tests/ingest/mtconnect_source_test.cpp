// The MTConnect client against the real fake agent (node, 127.0.0.1, a free port): the
// probe/current/sample flow, streaming with heartbeats, OUT_OF_RANGE after a buffer wrap, agent
// restarts, dropped connections, stalled streams, UNAVAILABLE, conditions and PUT observations.
// Waits have a generous hang guard; nothing asserts on durations.
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <mutex>
#include <regex>
#include <thread>

#include "kerf/ingest/mtconnect/document.h"
#include "kerf/ingest/mtconnect/source.h"
#include "kerf/ingest/signals.h"
#include "support/fake_agent.h"

namespace kerf::ingest::mtconnect {
namespace {

using kerf::testing::FakeAgent;

constexpr auto kHangGuard = std::chrono::seconds(60);

// Thread-safe sample sink handed to the source as its handler.
class Collector {
 public:
  Source::Handler handler() {
    return [this](std::vector<Sample> batch) -> Status {
      std::lock_guard lock(mu_);
      for (auto& s : batch) samples_.push_back(std::move(s));
      cv_.notify_all();
      return ok_status();
    };
  }
  // Waits until `pred(samples)` holds; fails the test after the hang guard.
  bool wait_for(const std::function<bool(const std::vector<Sample>&)>& pred) {
    std::unique_lock lock(mu_);
    return cv_.wait_for(lock, kHangGuard, [&] { return pred(samples_); });
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

// A streamed (seq > 0) sample of `signal` whose text is `text`.
std::function<bool(const std::vector<Sample>&)> has(const std::string& signal,
                                                    const std::string& text, bool streamed = true) {
  return [=](const std::vector<Sample>& all) {
    for (const auto& s : all) {
      if (s.signal == signal && as_text(s.value) == text && (!streamed || s.seq > 0)) return true;
    }
    return false;
  };
}

// Polls `pred` (a counter condition) until it holds or the hang guard passes.
bool eventually(const std::function<bool()>& pred) {
  auto deadline = std::chrono::steady_clock::now() + kHangGuard;
  while (std::chrono::steady_clock::now() < deadline) {
    if (pred()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

MtconnectConfig config_for(const FakeAgent& agent) {
  MtconnectConfig c;
  c.agent_url = agent.url();
  c.device = "OKUMA";
  c.machines = {{"OKUMA", "LAS-1"}};
  c.interval_ms = 10;
  c.heartbeat_ms = 500;
  c.backoff_initial_ms = 20;
  c.backoff_max_ms = 200;
  return c;
}

uint64_t agent_next_sequence(const FakeAgent& agent) {
  auto body = agent.get("/_control/status").body;
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(R"("nextSequence":(\d+))"))) return 0;
  return std::stoull(m[1].str());
}

uint64_t agent_instance(const FakeAgent& agent) {
  auto body = agent.get("/_control/status").body;
  std::smatch m;
  if (!std::regex_search(body, m, std::regex(R"("instanceId":(\d+))"))) return 0;
  return std::stoull(m[1].str());
}

TEST(MtconnectSource, ProbeCurrentThenStreamedSamplesWithAgentSequences) {
  FakeAgent agent(
      {"--shdr", "@fixtures/okuma-shdr.txt", "--speed", "0", "--buffer-size", "131072"});
  Collector got;
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source.start(got.handler()).ok());
  // current: the replayed recording ends READY with program and part count set.
  ASSERT_TRUE(got.wait_for(has(signals::kExecution, "READY", false)));
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  auto current = got.samples();
  for (const auto& s : current) {
    EXPECT_EQ(s.machine, "LAS-1");
    EXPECT_EQ(s.seq, 0u) << "samples from current carry no stream sequence";
  }
  EXPECT_TRUE(has(signals::kAvailability, "AVAILABLE", false)(current));
  uint64_t seq = agent_next_sequence(agent);
  agent.put("OKUMA", "pexecution=ACTIVE&ppartcount=4711");
  ASSERT_TRUE(got.wait_for(has(signals::kPartCount, "4711")));
  auto all = got.samples();
  std::vector<Sample> streamed;
  for (const auto& s : all) {
    if (s.seq > 0) streamed.push_back(s);
  }
  ASSERT_EQ(streamed.size(), 2u);
  EXPECT_EQ(streamed[0].signal, signals::kExecution);
  EXPECT_EQ(streamed[0].value, Value(std::string("ACTIVE")));
  EXPECT_EQ(streamed[0].seq, seq);
  EXPECT_EQ(streamed[1].value, Value(int64_t{4711}));
  EXPECT_EQ(streamed[1].seq, seq + 1);
  EXPECT_EQ(streamed[1].source, "mtconnect:" + agent.url() + "/OKUMA#" +
                                    std::to_string(source.counters().last_instance_id));
  EXPECT_TRUE(eventually([&] { return source.counters().next_sequence == seq + 2; }));
  auto c = source.counters();
  EXPECT_EQ(c.probes, 1u);
  EXPECT_EQ(c.currents, 1u);
  EXPECT_EQ(source.stats().rejected, 0u);
  EXPECT_TRUE(source.stats().connected);
  source.stop();
  EXPECT_FALSE(source.stats().connected);
}

TEST(MtconnectSource, StreamsHeartbeatsWhileNothingChanges) {
  for (bool empty_parts : {false, true}) {
    std::vector<std::string> args;
    if (empty_parts) args.push_back("--empty-heartbeats");
    FakeAgent agent(args);
    Collector got;
    auto config = config_for(agent);
    config.heartbeat_ms = 100;
    MtconnectSource source(config);
    ASSERT_TRUE(source.start(got.handler()).ok());
    ASSERT_TRUE(eventually([&] { return source.counters().heartbeats >= 3; }))
        << "empty parts: " << empty_parts;
    agent.put("OKUMA", "pmode=AUTOMATIC");
    EXPECT_TRUE(got.wait_for(has(signals::kControllerMode, "AUTOMATIC")));
    EXPECT_EQ(source.stats().rejected, 0u);
  }
}

TEST(MtconnectSource, OutOfRangeAfterTheBufferWrapsResumesFromCurrent) {
  FakeAgent agent({"--buffer-size", "16"});
  // A plain request older than the buffer is an OUT_OF_RANGE error with HTTP 400.
  auto err = agent.get("/sample?from=1");
  EXPECT_EQ(err.status, 400);
  EXPECT_NE(err.body.find("<OutOfRange>"), std::string::npos);

  Collector got;
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  // One PUT of 40 new values lands at once: the buffer (16) wraps past the stream's position.
  auto model = parse_devices(agent.get("/OKUMA/probe").body);
  ASSERT_TRUE(model.ok());
  std::string query;
  int n = 0;
  for (const auto& item : model->items) {
    if (item.category != "SAMPLE" || item.name.empty() || n == 40) continue;
    query += (n++ ? "&" : "") + item.name + "=1.5";
  }
  ASSERT_EQ(n, 40);
  agent.put("OKUMA", query);
  ASSERT_TRUE(eventually([&] { return source.counters().out_of_range >= 1; }));
  ASSERT_TRUE(eventually([&] { return source.counters().currents >= 2; }));
  // New data reaches the client again (from the new current or the stream after it).
  agent.put("OKUMA", "pexecution=FEED_HOLD");
  EXPECT_TRUE(got.wait_for(has(signals::kExecution, "FEED_HOLD", /*streamed=*/false)));
}

TEST(MtconnectSource, AgentRestartWithNewInstanceIdRestartsFromProbeAndCurrent) {
  FakeAgent agent;
  Collector got;
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  agent.put("OKUMA", "pexecution=ACTIVE");
  ASSERT_TRUE(got.wait_for(has(signals::kExecution, "ACTIVE")));
  uint64_t before = source.counters().last_instance_id;
  EXPECT_EQ(before, agent_instance(agent));
  agent.restart();
  uint64_t after = agent_instance(agent);
  ASSERT_NE(after, before);
  ASSERT_TRUE(eventually([&] { return source.counters().last_instance_id == after; }));
  EXPECT_GE(source.counters().instance_changes, 1u);
  EXPECT_GE(source.counters().probes, 2u);
  // After the restart every value is UNAVAILABLE again (from the new current).
  EXPECT_TRUE(got.wait_for([](const std::vector<Sample>& all) {
    return !all.empty() && all.back().quality == Quality::kUnavailable;
  }));
  agent.put("OKUMA", "pexecution=INTERRUPTED");
  EXPECT_TRUE(got.wait_for(has(signals::kExecution, "INTERRUPTED", /*streamed=*/false)));
}

TEST(MtconnectSource, DroppedConnectionResumesFromNextSequenceWithoutLoss) {
  FakeAgent agent;
  Collector got;
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  agent.put("OKUMA", "ppartcount=1");
  ASSERT_TRUE(got.wait_for(has(signals::kPartCount, "1")));
  agent.drop_connections();
  agent.put("OKUMA", "ppartcount=2");  // most likely while the client reconnects
  agent.put("OKUMA", "ppartcount=3");
  ASSERT_TRUE(got.wait_for(has(signals::kPartCount, "3")));
  ASSERT_TRUE(eventually([&] { return source.stats().reconnects >= 1; }));
  std::vector<int64_t> counts;
  for (const auto& s : got.samples()) {
    if (s.signal == signals::kPartCount && s.seq > 0) counts.push_back(std::get<int64_t>(s.value));
  }
  EXPECT_EQ(counts, (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(source.counters().currents, 1u) << "a drop resumes from nextSequence, not current";
}

TEST(MtconnectSource, SilentStreamTimesOutAfterTwoHeartbeatsAndReconnects) {
  FakeAgent agent;
  Collector got;
  auto config = config_for(agent);
  config.heartbeat_ms = 100;
  MtconnectSource source(config);
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  // The agent has the stream (a part arrived on it) before it is told to stall it.
  ASSERT_TRUE(eventually([&] { return source.counters().parts >= 1; }));
  ASSERT_EQ(agent.get("/_control/stall").status, 404);  // GET is not a control verb
  ASSERT_EQ(kerf::testing::http_request(agent.port(), "POST", "/_control/stall").status, 200);
  ASSERT_TRUE(eventually([&] { return source.counters().heartbeat_timeouts >= 1; }));
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 2; }));
  agent.put("OKUMA", "estop=TRIGGERED");
  EXPECT_TRUE(got.wait_for(has(signals::kEmergencyStop, "TRIGGERED")));
}

TEST(MtconnectSource, UnavailableValuesAndConditionFaults) {
  FakeAgent agent;
  Collector got;
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  agent.put("OKUMA", "pexecution=ACTIVE&pprogram=O1234");
  ASSERT_TRUE(got.wait_for(has(signals::kProgram, "O1234")));
  agent.put("OKUMA", "pexecution=UNAVAILABLE");
  ASSERT_TRUE(got.wait_for([](const std::vector<Sample>& all) {
    return all.back().signal == signals::kExecution && all.back().seq > 0 &&
           all.back().quality == Quality::kUnavailable &&
           std::holds_alternative<std::monostate>(all.back().value);
  }));
  agent.put("OKUMA", "system=FAULT%7CE12%7C1%7C%7CSpindle%20overheat");
  ASSERT_TRUE(got.wait_for(has(signals::kAlarm, "FAULT|E12|Spindle overheat")));
  agent.put("OKUMA", "system=NORMAL%7C%7C%7C%7C");
  ASSERT_TRUE(got.wait_for(has(signals::kAlarm, "NORMAL|E12|")));
  EXPECT_EQ(got.samples().back().machine, "LAS-1");
}

TEST(MtconnectSource, RefusedBatchIsAskedForAgainFromTheSameSequence) {
  FakeAgent agent;
  Collector got;
  std::atomic<int> refusals{0};
  auto inner = got.handler();
  MtconnectSource source(config_for(agent));
  ASSERT_TRUE(source
                  .start([&](std::vector<Sample> batch) -> Status {
                    for (const auto& s : batch) {
                      if (s.signal == signals::kPartCount && as_text(s.value) == "7" &&
                          refusals.fetch_add(1) == 0) {
                        return Error::unavailable("sink down");
                      }
                    }
                    return inner(std::move(batch));
                  })
                  .ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  agent.put("OKUMA", "ppartcount=7");
  ASSERT_TRUE(got.wait_for(has(signals::kPartCount, "7")));
  EXPECT_EQ(refusals.load(), 2) << "refused once, then delivered again";
  EXPECT_GE(source.stats().reconnects, 1u);
  EXPECT_NE(source.stats().last_error.find("sink down"), std::string::npos);
}

TEST(MtconnectSource, AllDevicesOfAnAgentMapToTheirMachines) {
  FakeAgent agent;
  Collector got;
  auto config = config_for(agent);
  config.device = "";
  config.machines = {{"OKUMA", "LAS-1"}, {"Mazak", "LAS-2"}};
  MtconnectSource source(config);
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.counters().streams >= 1; }));
  agent.put("Mazak", "execution=ACTIVE&PartCountAct=3");
  agent.put("OKUMA", "pexecution=STOPPED");
  ASSERT_TRUE(got.wait_for(has(signals::kExecution, "STOPPED")));
  std::vector<std::string> seen;
  for (const auto& s : got.samples()) {
    if (s.seq > 0) seen.push_back(s.machine + " " + s.signal + " " + as_text(s.value));
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"LAS-2 execution ACTIVE", "LAS-2 part_count 3",
                                            "LAS-1 execution STOPPED"}));
  EXPECT_EQ(source.name(), "mtconnect:" + agent.url());
}

TEST(MtconnectSource, ConfigValidationAndMachineEndpoints) {
  MtconnectConfig c;
  c.agent_url = "ftp://x";
  c.machines = {{"D", "M"}};
  EXPECT_EQ(c.validate().error().fields.at(0).field, "agent_url");
  c.agent_url = "http://127.0.0.1:99999";
  EXPECT_FALSE(c.validate().ok());
  c.agent_url = "http://127.0.0.1:5000";
  c.heartbeat_ms = 0;
  EXPECT_EQ(c.validate().error().fields.at(0).field, "heartbeat_ms");
  model::Machine m;
  m.code = "LAS-1";
  m.endpoint = "http://10.0.0.5:5000/agent/OKUMA";
  auto mc = config_for_machine(m);
  ASSERT_TRUE(mc.ok()) << mc.error().message;
  EXPECT_EQ(mc->agent_url, "http://10.0.0.5:5000/agent");
  EXPECT_EQ(mc->device, "OKUMA");
  EXPECT_EQ(mc->machines.at("OKUMA"), "LAS-1");
  m.endpoint = "http://10.0.0.5:5000";
  EXPECT_FALSE(config_for_machine(m).ok());
  MtconnectSource bad(c);
  EXPECT_FALSE(bad.start([](std::vector<Sample>) { return ok_status(); }).ok());
}

TEST(MtconnectSource, UnknownDeviceIsReportedAndRetried) {
  FakeAgent agent;
  auto config = config_for(agent);
  config.device = "NOPE";
  config.machines = {{"NOPE", "LAS-9"}};
  Collector got;
  MtconnectSource source(config);
  ASSERT_TRUE(source.start(got.handler()).ok());
  ASSERT_TRUE(eventually([&] { return source.stats().reconnects >= 2; }));
  EXPECT_NE(source.stats().last_error.find("NO_DEVICE"), std::string::npos)
      << source.stats().last_error;
}

}  // namespace
}  // namespace kerf::ingest::mtconnect
