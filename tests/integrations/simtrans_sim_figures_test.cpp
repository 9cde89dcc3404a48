// Figures (printed, never asserted): how fast the simulator applies TransAct rows and nests, on
// SQLite and PostgreSQL through ODBC. The correctness checks are the other simtrans_sim suites.
#include <chrono>
#include <cstdio>

#include "integrations/simtrans_sim_fixture.h"

namespace kerf::integrations::simtrans_sim::testing {
namespace {

class SimTransFiguresTest : public SimTransSimTest {};

double per_second(int64_t n, std::chrono::steady_clock::duration d) {
  double s = std::chrono::duration<double>(d).count();
  return s > 0 ? static_cast<double>(n) / s : 0;
}

TEST_P(SimTransFiguresTest, PollAndNestThroughput) {
  const int kRows = 500;
  const char* backend = GetParam() == Backend::kSqlite ? "SQLite" : "PostgreSQL";
  ASSERT_TRUE(db_->begin().ok());
  add("SN94", "S0",
      {{"ItemName", "SH"},
       {"Qty", "100"},
       {"Material", "MS"},
       {"Thickness", "2"},
       {"Length", "3000"},
       {"Width", "1500"},
       {"HeatNumber", "H-1"}});
  for (int i = 1; i < kRows; ++i) {
    add("SN84", "R" + std::to_string(i),
        {{"OrderNo", "WO-" + std::to_string(i / 10)},
         {"ItemName", "P" + std::to_string(i)},
         {"Qty", std::to_string(1 + i % 7)},
         {"Material", "MS"},
         {"Thickness", "2"},
         {"Length", std::to_string(50 + (i * 37) % 400)},
         {"Width", std::to_string(40 + (i * 53) % 300)},
         {"ItemData1", std::to_string(i)}});
  }
  ASSERT_TRUE(db_->commit().ok());
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(poll(), kRows);
  auto t1 = std::chrono::steady_clock::now();
  int programs = nest();
  auto t2 = std::chrono::steady_clock::now();
  ASSERT_GT(programs, 0);
  int64_t pieces = count("SELECT SUM(QtyInProcess) FROM PIP");
  EXPECT_EQ(pieces, count("SELECT SUM(QtyOrdered) FROM Part"));
  std::printf("[ figure   ] %s: poll_once applied %d TransAct rows: %.0f rows/s\n", backend, kRows,
              per_second(kRows, t1 - t0));
  std::printf("[ figure   ] %s: nest_once posted %d programs (%lld pieces): %.1f programs/s\n",
              backend, programs, static_cast<long long>(pieces), per_second(programs, t2 - t1));
  double used = 0, area = 0;
  for (const auto& p : sim_->programs()) {
    used += p.used_area;
    area += 3000.0 * 1500.0;
  }
  std::printf("[ figure   ] %s: packer utilisation %.1f %% of %d sheets\n", backend,
              100 * used / area, programs);
}

INSTANTIATE_TEST_SUITE_P(Drivers, SimTransFiguresTest,
                         ::testing::Values(Backend::kSqlite, Backend::kPostgres), backend_name);

}  // namespace
}  // namespace kerf::integrations::simtrans_sim::testing
