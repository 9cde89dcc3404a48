// Golden OEE scenarios: every tests/ingest/golden/<name>.json holds planned time, a state
// timeline ("states": [from, to, STATE] spans) or raw signal samples ("samples": [time, signal,
// value, quality?], run through Dedup -> StateMachine -> Counters so the transforms are in the
// loop), counts and the expected OEE, losses and time per state. Times are "HH:MM[:SS]" on one
// day (hours may exceed 23). Ratios must match to 5e-7, minutes to 1e-6. Format in docs/oee.md
// "Golden scenarios".
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "kerf/ingest/oee.h"
#include "kerf/ingest/pipeline.h"
#include "kerf/ingest/signals.h"
#include "kerf/ingest/transforms/counters.h"
#include "kerf/ingest/transforms/dedup.h"
#include "kerf/ingest/transforms/state_machine.h"

namespace kerf::ingest {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

constexpr int64_t kDay = 1'772'409'600'000;  // 2026-03-02T00:00:00Z
constexpr const char* kMachine = "GOLD-1";

fs::path golden_root() { return fs::path(KERF_SOURCE_DIR) / "tests/ingest/golden"; }

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(golden_root())) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

int64_t at(const json& t) {
  std::string s = t.get<std::string>();
  int h = 0, m = 0, sec = 0;
  int n = std::sscanf(s.c_str(), "%d:%d:%d", &h, &m, &sec);
  if (n < 2) throw std::runtime_error("bad time " + s);
  return kDay + ((h * 60 + m) * 60 + sec) * 1000ll;
}

Value value_of(const json& v) {
  if (v.is_null()) return {};
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number_integer()) return v.get<int64_t>();
  if (v.is_number()) return v.get<double>();
  return v.get<std::string>();
}

class CollectingSink final : public Sink {
 public:
  std::string_view name() const override { return "collect"; }
  Status consume(std::span<const Sample> batch) override {
    all.insert(all.end(), batch.begin(), batch.end());
    return ok_status();
  }
  std::vector<Sample> all;
};

// Feeds the scenario's samples through the standard transforms; fills states and counts.
void from_samples(const json& sc, OeeInput& in, int64_t from_ms, int64_t to_ms) {
  CounterOptions co;
  co.part_count_modulus = sc.value("part_count_modulus", int64_t{0});
  Pipeline p;
  p.add_transform(std::make_unique<Dedup>());
  p.add_transform(std::make_unique<StateMachine>());
  p.add_transform(std::make_unique<Counters>(co));
  auto sink = std::make_shared<CollectingSink>();
  p.add_sink(sink);
  std::vector<Sample> batch;
  for (const json& row : sc.at("samples")) {
    Sample s;
    s.machine = kMachine;
    s.ts_ms = at(row.at(0));
    s.signal = row.at(1).get<std::string>();
    s.value = value_of(row.at(2));
    if (row.size() > 3) {
      std::string q = row.at(3).get<std::string>();
      s.quality = q == "unavailable" ? Quality::kUnavailable
                  : q == "bad"       ? Quality::kBad
                                     : Quality::kGood;
    }
    s.source = "golden";
    batch.push_back(std::move(s));
  }
  ASSERT_TRUE(p.push(std::move(batch)).ok());
  std::vector<Sample> states;
  int64_t parts = 0;
  for (const Sample& s : sink->all) {
    if (s.signal == signals::kState) states.push_back(s);
    if (s.signal == signals::kPartsDelta) parts += std::get<int64_t>(s.value);
  }
  in.states = state_spans(states, from_ms, to_ms);
  if (!sc.contains("good")) in.good = parts - in.scrap;
}

class OeeGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(OeeGolden, MatchesExpected) {
  fs::path path = golden_root() / (GetParam() + ".json");
  std::ifstream file(path);
  ASSERT_TRUE(file) << path;
  json sc = json::parse(file);
  OeeInput in;
  int64_t lo = INT64_MAX, hi = INT64_MIN;
  for (const json& p : sc.at("planned")) {
    in.planned.push_back({at(p.at(0)), at(p.at(1))});
    lo = std::min(lo, at(p.at(0)));
    hi = std::max(hi, at(p.at(1)));
  }
  in.scrap = sc.value("scrap", int64_t{0});
  in.good = sc.value("good", int64_t{0});
  in.ideal_cycle_s = sc.value("ideal_cycle_s", 0.0);
  if (sc.contains("minor_stop_min")) {
    in.minor_stop_ms = std::llround(sc["minor_stop_min"].get<double>() * 60'000);
  }
  if (sc.contains("states")) {
    for (const json& s : sc["states"]) {
      auto state = model::parse_machine_state(s.at(2).get<std::string>());
      ASSERT_TRUE(state.ok()) << s.dump();
      in.states.push_back({at(s.at(0)), at(s.at(1)), *state});
    }
  } else {
    ASSERT_FALSE(in.planned.empty()) << "a samples scenario needs planned time";
    from_samples(sc, in, lo, hi);
    if (HasFatalFailure()) return;
  }

  OeeResult r = compute_oee(in);
  const json& ex = sc.at("expected");
  auto minutes = [](int64_t ms) { return static_cast<double>(ms) / 60'000.0; };
  constexpr double kRatio = 5e-7, kMin = 1e-6;
  EXPECT_NEAR(minutes(r.planned_ms), ex.at("planned_min").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.operating_ms), ex.at("operating_min").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.run_ms), ex.at("run_min").get<double>(), kMin);
  EXPECT_EQ(r.good, ex.at("good").get<int64_t>());
  EXPECT_EQ(r.total, ex.at("total").get<int64_t>());
  EXPECT_NEAR(r.availability, ex.at("availability").get<double>(), kRatio);
  EXPECT_NEAR(r.performance, ex.at("performance").get<double>(), kRatio);
  EXPECT_NEAR(r.quality, ex.at("quality").get<double>(), kRatio);
  EXPECT_NEAR(r.oee, ex.at("oee").get<double>(), kRatio);
  const json& l = ex.at("losses_min");
  EXPECT_NEAR(minutes(r.losses.equipment_failure_ms), l.at("equipment_failure").get<double>(),
              kMin);
  EXPECT_NEAR(minutes(r.losses.setup_ms), l.at("setup").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.losses.idling_ms), l.at("idling").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.losses.minor_stops_ms), l.at("minor_stops").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.losses.reduced_speed_ms), l.at("reduced_speed").get<double>(), kMin);
  EXPECT_NEAR(minutes(r.losses.defects_ms), l.at("defects").get<double>(), kMin);
  const json& sm = ex.at("state_min");
  for (int i = 0; i < 6; ++i) {
    auto name = std::string(model::to_string(static_cast<model::MachineState>(i)));
    double want = sm.value(name, 0.0);
    EXPECT_NEAR(minutes(r.state_ms[i]), want, kMin) << name;
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, OeeGolden, ::testing::ValuesIn(scenario_names()),
                         [](const auto& info) { return info.param; });

TEST(OeeGoldenSet, CoversTheRequiredScenarios) {
  auto names = scenario_names();
  EXPECT_GE(names.size(), 8u);
  int from_samples = 0;
  for (const auto& n : names) from_samples += n.starts_with("samples_");
  EXPECT_GE(from_samples, 2);
}

}  // namespace
}  // namespace kerf::ingest
