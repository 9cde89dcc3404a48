// The demo shop's order book is loaded like a real fabricator's: the bottleneck departments at
// ~55-90 %, none above 90 % (cutting, with three lasers and two punches, runs at ~20-40 %) over
// the three-week horizon, and every open job can make its due date on its own.
#include <gtest/gtest.h>

#include <cstdio>
#include <string>

#include "kerf/core/time_format.h"
#include "kerf/sim/demo_shop.h"
#include "kerf/sim/rough_cut.h"

namespace kerf::sim {
namespace {

using namespace model;

const TimePoint kNow = *parse_iso8601("2026-11-26T06:30:00Z");
constexpr uint64_t kSeeds[] = {1, 7, 42, 2026};

// The horizon ends with the latest due date.
TimePoint horizon_end(const DemoShop& shop) {
  TimePoint end = kNow;
  for (const Job& j : shop.jobs) end = std::max(end, j.due);
  return end;
}

TEST(DemoLoad, EveryDepartmentIsLoadedButNotOverloaded) {
  for (uint64_t seed : kSeeds) {
    DemoShop shop = make_demo_shop(seed, kNow);
    auto loads = rough_cut_load(shop, kNow, horizon_end(shop));
    EXPECT_EQ(loads.size(), 7u);
    double peak = 0;
    for (const DepartmentLoad& d : loads) {
      std::printf("seed %llu %-10s work %7.1f h  capacity %7.1f h  load %5.1f %%\n",
                  static_cast<unsigned long long>(seed),
                  std::string(to_string(d.department)).c_str(), d.work_hours, d.capacity_hours,
                  100 * d.load());
      EXPECT_GE(d.load(), 0.15) << "seed " << seed << " " << to_string(d.department);
      EXPECT_LE(d.load(), 0.90) << "seed " << seed << " " << to_string(d.department);
      peak = std::max(peak, d.load());
    }
    // The bottleneck is really loaded.
    EXPECT_GE(peak, 0.55) << "seed " << seed;
  }
}

TEST(DemoLoad, EveryJobsChainFitsBeforeItsDueDateWithSlack) {
  for (uint64_t seed : kSeeds) {
    DemoShop shop = make_demo_shop(seed, kNow);
    auto checks = chain_checks(shop, kNow);
    EXPECT_GE(checks.size(), 150u);
    double worst = 0;
    for (const ChainCheck& c : checks) {
      EXPECT_GT(c.chain_hours, 0) << "job " << c.job_id;
      // Slack: the chain needs at most 80 % of the day-shift time left.
      EXPECT_LE(c.chain_hours, 0.8 * c.available_hours)
          << "seed " << seed << " job " << c.job_id << " chain " << c.chain_hours
          << " h, available " << c.available_hours << " h";
      if (c.available_hours > 0) worst = std::max(worst, c.chain_hours / c.available_hours);
    }
    std::printf("seed %llu worst chain/available %.2f\n", static_cast<unsigned long long>(seed),
                worst);
  }
}

}  // namespace
}  // namespace kerf::sim
