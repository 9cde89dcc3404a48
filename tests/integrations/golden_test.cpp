// Sigmanest golden scenarios: every tests/integrations/golden/<name>.json is replayed by this one
// runner against real kerf (app::Services on SQLite), the real SimTrans + Sigmanest simulator on
// SQLite through ODBC and the real ODBC gateway. A scenario = setup (parts, sheets, jobs) and
// steps (kerf commands, simulator actions, fault knobs, sync polls, crash points, "expect"
// blocks comparing kerf state and simulator rows). After every step that read feedback the
// runner delivers the same packets a second time and checks that kerf did not change (every
// feedback row ingested twice changes nothing). Format: docs/sigmanest_golden.md.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "golden_shop.h"

namespace kerf::integrations::sigmanest::golden {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

fs::path golden_root() { return fs::path(KERF_SOURCE_DIR) / "tests/integrations/golden"; }

std::vector<std::string> scenario_names() {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(golden_root())) {
    if (e.path().extension() == ".json") names.push_back(e.path().stem().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

class SigmanestGolden : public ::testing::TestWithParam<std::string> {};

TEST_P(SigmanestGolden, Replays) {
  std::ifstream in(golden_root() / (GetParam() + ".json"));
  ASSERT_TRUE(in) << "cannot read " << GetParam();
  json sc = json::parse(in);
  Shop shop;
  std::string opened = shop.open(sc);
  ASSERT_EQ(opened, "") << GetParam();
  int index = 0;
  for (const json& st : sc.at("steps")) {
    ++index;
    std::string where = GetParam() + " step " + std::to_string(index) + " " + st.dump();
    if (st.contains("expect")) {
      for (const std::string& bad : shop.check(st["expect"])) ADD_FAILURE() << where << "\n" << bad;
      continue;
    }
    std::string e = shop.step(st);
    ASSERT_EQ(e, "") << where;
    const std::string op = st.at("do").get<std::string>();
    if (op == "sync" || op == "inbound" || op == "inbound_crash") {
      EXPECT_EQ(shop.replay_last_read(), "") << where;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Scenarios, SigmanestGolden, ::testing::ValuesIn(scenario_names()),
                         [](const auto& info) {
                           std::string n = info.param;
                           for (char& c : n) {
                             if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
                           }
                           return n;
                         });

}  // namespace
}  // namespace kerf::integrations::sigmanest::golden
