// `kerf bench ingest` as a user runs it: the real binary starts its own mosquitto and ingests
// into a scratch SQLite database. Checks that every phase ran to completion (counts, not
// times: no timed assertions).
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <string>

namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout (and stderr when asked)
};

CommandRun run_kerf(const std::string& args, bool with_stderr) {
  CommandRun r;
  const std::string command =
      std::string(KERF_BINARY) + " " + args + (with_stderr ? " 2>&1" : " 2>/dev/null");
  FILE* pipe = ::popen(command.c_str(), "r");
  if (pipe == nullptr) return r;
  std::array<char, 4096> buffer{};
  size_t n = 0;
  while ((n = std::fread(buffer.data(), 1, buffer.size(), pipe)) > 0)
    r.output.append(buffer.data(), n);
  const int status = ::pclose(pipe);
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

constexpr const char* kSmall =
    "bench ingest --samples 2000 --mqtt-samples 400 --machines 5 --latency-seconds 1";

TEST(BenchIngest, PrintsOneFigurePerLine) {
  CommandRun r = run_kerf(kSmall, true);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  for (const char* name : {"store_samples_per_s ", "mqtt_publish_per_s ",
                           "mqtt_store_samples_per_s ", "edge_append_per_s ", "edge_replay_per_s ",
                           "state_event_p50_ms ", "state_event_p99_ms ", "rss_mb "}) {
    EXPECT_NE(r.output.find(std::string("\n") + name), std::string::npos) << name << r.output;
  }
}

TEST(BenchIngest, JsonSummaryAccountsForEverySample) {
  CommandRun r = run_kerf(std::string(kSmall) + " --json", false);
  ASSERT_EQ(r.exit_code, 0) << r.output;
  auto j = nlohmann::json::parse(r.output, nullptr, false);
  ASSERT_TRUE(j.is_object()) << r.output;
  EXPECT_EQ(j["backend"], "sqlite");
  EXPECT_EQ(j["store"]["unknown_machine"], 0) << r.output;
  EXPECT_EQ(j["store"]["sink_failures"], 0) << r.output;
  // Every input sample plus the derived state samples reached the telemetry table.
  EXPECT_GE(j["store"]["telemetry_rows"].get<int64_t>(), 2000) << r.output;
  EXPECT_EQ(j["mqtt_store"]["delivered"], 400) << r.output;
  EXPECT_EQ(j["mqtt_store"]["rejected"], 0) << r.output;
  EXPECT_EQ(j["edge_replay"]["samples"], 2000) << r.output;
  // 5 machines x 10 Hz for 1 s, each sample a state change: one event each.
  EXPECT_EQ(j["latency"]["published"], 50) << r.output;
  EXPECT_EQ(j["latency"]["events"], j["latency"]["published"]) << r.output;
  EXPECT_GT(j["rss_kb"].get<int64_t>(), 0) << r.output;
}

}  // namespace
