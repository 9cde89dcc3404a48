// The edge gateway against its real peers: the fake MTConnect agent as the machine side,
// mosquitto as the link to the central kerf, a MqttJsonSource as the central receiver. While the
// broker is down the gateway buffers; afterwards every sample arrives in order, numbered
// 1, 2, 3, ... by the gateway, and the central Dedup sees each once. `kerf edge` killed with -9
// loses nothing it had made durable.
#include "kerf/ingest/edge_gateway.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <thread>

#include "kerf/core/child_process.h"
#include "kerf/ingest/mqtt/mqtt_source.h"
#include "kerf/ingest/signals.h"
#include "kerf/ingest/transforms/dedup.h"
#include "support/fake_agent.h"
#include "support/mosquitto_harness.h"
#include "support/test_env.h"

namespace kerf::ingest {
namespace {

using namespace std::chrono_literals;

// The central side: a plain (unshared) persistent subscription to kerf/p1/#.
class Receiver {
 public:
  explicit Receiver(const std::string& uri) {
    mqtt::MqttSourceOptions options;
    options.connect.broker_uri = uri;
    options.connect.client_id = "edge-test-central";
    options.plant = "p1";
    options.share_group = "";
    source_ = std::make_unique<mqtt::MqttJsonSource>(options);
    auto st = source_->start([this](std::vector<Sample> batch) {
      std::lock_guard lock(mu_);
      for (auto& s : batch) got_.push_back(std::move(s));
      return Status{};
    });
    EXPECT_TRUE(st.ok()) << st.error().message;
  }
  ~Receiver() { source_->stop(); }
  std::vector<Sample> samples() {
    std::lock_guard lock(mu_);
    return got_;
  }
  bool connected() const { return source_->stats().connected; }

 private:
  std::unique_ptr<mqtt::MqttJsonSource> source_;
  std::mutex mu_;
  std::vector<Sample> got_;
};

// Waits (hang guard) until `done` holds.
bool eventually(const std::function<bool()>& done, std::chrono::seconds guard = 120s) {
  const auto deadline = std::chrono::steady_clock::now() + guard;
  while (std::chrono::steady_clock::now() < deadline) {
    if (done()) return true;
    std::this_thread::sleep_for(50ms);
  }
  return done();
}

// The part counts `samples` carry for LAS-1, in arrival order, after the central Dedup.
std::vector<int64_t> part_counts_after_dedup(const std::vector<Sample>& samples) {
  Dedup dedup;
  std::vector<int64_t> counts;
  for (const auto& s : samples) {
    std::vector<Sample> out;
    dedup.apply(s, out);
    for (const auto& o : out) {
      if (o.machine == "LAS-1" && o.signal == signals::kPartCount) {
        if (auto* v = std::get_if<int64_t>(&o.value)) counts.push_back(*v);
      }
    }
  }
  return counts;
}

std::string describe(const std::vector<Sample>& samples) {
  std::string out = std::to_string(samples.size()) + " samples:";
  for (size_t i = 0; i < samples.size() && i < 12; ++i) {
    const auto& s = samples[i];
    out += " [" + s.machine + " " + s.signal + "=" + as_text(s.value) + " seq " +
           std::to_string(s.seq) + " " + s.source + "]";
  }
  return out;
}

bool has_all_counts(const std::vector<Sample>& samples, int64_t n) {
  std::set<int64_t> seen;
  for (int64_t c : part_counts_after_dedup(samples)) seen.insert(c);
  for (int64_t i = 1; i <= n; ++i) {
    if (seen.count(i) == 0) return false;
  }
  return true;
}

// True once the gateway's buffer holds at least `n` records beyond the agent's snapshot.
bool has_count_pending(EdgeGateway& gateway, int64_t n) {
  return gateway.stats().buffer.pending >= static_cast<uint64_t>(n) + 1;
}

// Subscribes the receiver's persistent session once, then takes the broker down: what the
// gateway sends after the broker comes back is queued for the receiver.
void register_receiver(testing::MosquittoHarness& broker) {
  broker.start();
  {
    Receiver once(broker.uri());
    ASSERT_TRUE(eventually([&] { return once.connected(); }, 60s));
  }
  broker.stop();
}

TEST(EdgeGatewayTest, BuffersWhileTheBrokerIsDownThenForwardsEverythingInOrderOnce) {
  testing::MosquittoHarness broker;
  register_receiver(broker);
  testing::FakeAgent agent;
  const std::string dir = testing::make_temp_dir("kerf-edge-buffer");

  EdgeConfig config;
  config.id = "cell-2";
  config.buffer_dir = dir;
  config.mqtt_url = broker.uri();
  config.plant = "p1";
  mtconnect::MtconnectConfig laser;
  laser.agent_url = agent.url();
  laser.device = "OKUMA";
  laser.machines = {{"OKUMA", "LAS-1"}};
  config.mtconnect.push_back(laser);
  auto gateway = EdgeGateway::start(config);
  ASSERT_TRUE(gateway.ok()) << gateway.error().message;

  // The agent's snapshot (current) is in the buffer: from here on the client streams every
  // observation (earlier ones would be folded into the snapshot, as MTConnect does).
  ASSERT_TRUE(eventually([&] { return (*gateway)->stats().buffer.pending > 0; }));
  constexpr int64_t kParts = 60;
  for (int64_t i = 1; i <= kParts; ++i) agent.put("OKUMA", "ppartcount=" + std::to_string(i));
  ASSERT_TRUE(eventually([&] { return has_count_pending(**gateway, kParts); }))
      << "the gateway did not buffer the agent's samples";
  EXPECT_EQ((*gateway)->stats().forwarded, 0u);  // nowhere to send them yet

  broker.start();
  Receiver central(broker.uri());
  ASSERT_TRUE(eventually([&] { return has_all_counts(central.samples(), kParts); }))
      << "received " << describe(central.samples()) << "; broker log:\n"
      << broker.log();
  ASSERT_TRUE(eventually([&] { return (*gateway)->stats().buffer.pending == 0; }));

  // In order: the counts rise 1..kParts; the gateway's numbers have no gap and no repeat after
  // the central Dedup.
  auto counts = part_counts_after_dedup(central.samples());
  ASSERT_EQ(counts.size(), static_cast<size_t>(kParts));
  for (int64_t i = 0; i < kParts; ++i) EXPECT_EQ(counts[i], i + 1);
  std::vector<uint64_t> seqs;
  Dedup dedup;
  for (const auto& s : central.samples()) {
    std::vector<Sample> out;
    dedup.apply(s, out);
    for (const auto& o : out) seqs.push_back(o.seq);
  }
  const auto stats = (*gateway)->stats();
  ASSERT_FALSE(seqs.empty());
  for (size_t i = 0; i < seqs.size(); ++i) EXPECT_EQ(seqs[i], i + 1) << "at " << i;
  EXPECT_EQ(seqs.back(), stats.buffer.last_pos);
  EXPECT_EQ(stats.buffer.dropped, 0u);
  EXPECT_NE(central.samples().front().source.find("edge:cell-2"), std::string::npos);
  (*gateway)->stop();
  std::filesystem::remove_all(dir);
}

TEST(EdgeGatewayTest, KillNineLosesNothingTheGatewayMadeDurable) {
  testing::MosquittoHarness broker;
  register_receiver(broker);
  testing::FakeAgent agent;
  const std::string dir = testing::make_temp_dir("kerf-edge-kill");
  const std::string toml = dir + "/edge.toml";
  {
    std::ofstream out(toml);
    out << "[edge]\nid = \"cell-9\"\nbuffer_dir = \"" << dir << "/buffer\"\n"
        << "[central]\nmqtt_url = \"" << broker.uri() << "\"\nplant = \"p1\"\n"
        << "[machines]\nLAS-1 = \"laser\"\n"
        << "[[mtconnect]]\nagent_url = \"" << agent.url() << "\"\ndevice = \"OKUMA\"\n"
        << "machines = { OKUMA = \"LAS-1\" }\n";
  }
  auto start_edge = [&](const std::string& log) {
    auto child = ChildProcess::start(
        {KERF_BINARY, "edge", "--config", toml, "--log-level", "debug"}, dir + "/" + log);
    EXPECT_TRUE(child.ok()) << child.error().message;
    return std::move(*child);
  };
  auto edge = start_edge("edge-1.log");
  auto ready = edge->wait_for_line(
      [](const std::string& line) -> std::optional<std::string> {
        if (line.find("forwarding to") != std::string::npos) return line;
        return std::nullopt;
      },
      60s);
  ASSERT_TRUE(ready.ok()) << ready.error().message;

  auto snapshot = edge->wait_for_line(
      [](const std::string& line) -> std::optional<std::string> {
        if (line.find("durable up to position") != std::string::npos) return line;
        return std::nullopt;
      },
      60s);
  ASSERT_TRUE(snapshot.ok()) << snapshot.error().message;
  constexpr int64_t kParts = 40;
  for (int64_t i = 1; i <= kParts; ++i) agent.put("OKUMA", "ppartcount=" + std::to_string(i));
  // The gateway says when a sample is durable; once the last count is, kill it hard.
  auto durable = edge->wait_for_line(
      [](const std::string& line) -> std::optional<std::string> {
        if (line.find("part_count=" + std::to_string(kParts) + ")") != std::string::npos) {
          return line;
        }
        return std::nullopt;
      },
      120s);
  ASSERT_TRUE(durable.ok()) << durable.error().message;
  ::kill(edge->pid(), SIGKILL);
  edge->stop();

  // A new gateway on the same buffer, then the broker: everything arrives.
  auto again = start_edge("edge-2.log");
  broker.start();
  Receiver central(broker.uri());
  ASSERT_TRUE(eventually([&] { return has_all_counts(central.samples(), kParts); }))
      << "received " << central.samples().size() << " samples; edge log:\n"
      << again->log_tail(4000);
  again->stop();
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace kerf::ingest
