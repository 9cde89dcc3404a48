// The benchmark commands as a user runs them: the real `kerf` binary on an instance folder of
// the documented format (any folder, not only bench/instances), its CSV, and its exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "support/bench_instances.h"
#include "support/test_env.h"

namespace {

struct CommandRun {
  int exit_code = -1;
  std::string output;  // stdout and stderr
};

CommandRun run_kerf(const std::string& args) {
  CommandRun r;
  const std::string command = std::string(KERF_BINARY) + " " + args + " 2>&1";
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

void write_file(const std::filesystem::path& path, const std::string& text) {
  std::ofstream out(path);
  out << text;
}

std::string read_file(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

using kerf::testing::kFt06;

class BenchSchedule : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = kerf::testing::make_temp_dir("kerf-bench-cli-");
    std::filesystem::create_directories(dir_ / "instances");
    write_file(dir_ / "instances" / "myshop1.txt", kFt06);
    write_file(dir_ / "bounds.csv",
               "name,size,lb,ub,status,source\nmyshop1,6 x 6,55,55,closed,test\n");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::filesystem::path dir_;
};

TEST_F(BenchSchedule, AnyFolderGivesAValidatedRowAndTheDocumentedCsv) {
  const auto csv = dir_ / "out.csv";
  CommandRun r =
      run_kerf("bench schedule --instances " + (dir_ / "instances").string() + " --bounds " +
               (dir_ / "bounds.csv").string() +
               " --time-limit 0 --iterations 20000 --threads 2 --seed 3 --csv " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("myshop1"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("mean_gap%"), std::string::npos) << r.output;
  std::istringstream lines(read_file(csv));
  std::string header, row, extra;
  ASSERT_TRUE(std::getline(lines, header));
  EXPECT_EQ(header,
            "instance,jobs,machines,best_known_ub,makespan,gap_percent,seconds_to_best,valid,"
            "baseline_makespan,baseline_gap_percent");
  ASSERT_TRUE(std::getline(lines, row));
  EXPECT_FALSE(std::getline(lines, extra));
  // ft06 is small enough for the engine to reach its optimum 55 within the iteration budget.
  EXPECT_EQ(row.rfind("myshop1,6,6,55,55,0.000,", 0), 0u) << row;
  EXPECT_NE(row.find(",true,"), std::string::npos) << row;
}

TEST_F(BenchSchedule, AnOpenInstanceWithBlankBoundsGetsABlankGap) {
  write_file(dir_ / "instances" / "myshop2.txt", kFt06);
  write_file(dir_ / "bounds.csv",
             "name,size,lb,ub,status,source\nmyshop1,6 x 6,55,55,closed,test\n"
             "myshop2,6 x 6,,,open,test\n");
  const auto csv = dir_ / "out.csv";
  CommandRun r = run_kerf("bench schedule --instances " + (dir_ / "instances").string() +
                          " --bounds " + (dir_ / "bounds.csv").string() +
                          " --time-limit 0 --iterations 2000 --threads 1 --csv " + csv.string());
  ASSERT_EQ(r.exit_code, 0) << r.output;
  std::istringstream lines(read_file(csv));
  std::string header, first, second;
  ASSERT_TRUE(std::getline(lines, header));
  ASSERT_TRUE(std::getline(lines, first));
  ASSERT_TRUE(std::getline(lines, second));
  EXPECT_EQ(first.rfind("myshop1,6,6,55,", 0), 0u) << first;
  // ub, gap and baseline gap blank; the schedule is still built and validated.
  EXPECT_EQ(second.rfind("myshop2,6,6,,", 0), 0u) << second;
  EXPECT_NE(second.find(",true,"), std::string::npos) << second;
  EXPECT_EQ(second.back(), ',') << second;
  std::istringstream fields(second);
  std::vector<std::string> cols;
  for (std::string col; std::getline(fields, col, ',');) cols.push_back(col);
  ASSERT_GE(cols.size(), 6u) << second;
  EXPECT_TRUE(cols[5].empty()) << second;  // gap_percent
  // The family mean is over the instance with a bound only.
  EXPECT_NE(r.output.find("myshop"), std::string::npos) << r.output;
}

TEST_F(BenchSchedule, BadBoundsOrInstanceFailWithANamedReason) {
  write_file(dir_ / "bad_bounds.csv",
             "name,size,lb,ub,status,source\nmyshop1,6 x 6,x,55,closed,t\n");
  CommandRun r =
      run_kerf("bench schedule --instances " + (dir_ / "instances").string() + " --bounds " +
               (dir_ / "bad_bounds.csv").string() + " --time-limit 0 --iterations 100");
  EXPECT_EQ(r.exit_code, 2) << r.output;
  EXPECT_NE(r.output.find("bounds"), std::string::npos) << r.output;

  write_file(dir_ / "instances" / "broken.txt", "2 2\n0 5 1\n");
  r = run_kerf("bench schedule --instances " + (dir_ / "instances").string() + " --bounds " +
               (dir_ / "bounds.csv").string() + " --time-limit 0 --iterations 100");
  EXPECT_EQ(r.exit_code, 1) << r.output;
  EXPECT_NE(r.output.find("broken"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("line"), std::string::npos) << r.output;
}

TEST(BenchPlan, ComparesDispatchAndSearchOnTheDemoShopWithValidSchedules) {
  CommandRun r = run_kerf("bench plan --seconds 1 --threads 1");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("demo shop (seed 42, now 2026-11-26T10:00:00Z)"), std::string::npos)
      << r.output;
  EXPECT_NE(r.output.find("dispatch (best of 6)"), std::string::npos) << r.output;
  EXPECT_NE(r.output.find("search"), std::string::npos) << r.output;
  EXPECT_EQ(r.output.find(" NO "), std::string::npos) << r.output;
}

// The metric columns (on-time %, late, weighted tardiness, flow, setup) of the "search" row.
std::string search_metrics(const std::string& output) {
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.rfind("search ", 0) != 0) continue;
    std::istringstream fields(line.substr(6));
    std::string out, field;
    for (int k = 0; k < 5 && fields >> field; ++k) out += field + " ";
    return out;
  }
  return "";
}

TEST(BenchPlan, AnIterationBudgetWithoutTimeLimitIsReproducible) {
  CommandRun a = run_kerf("bench plan --seconds 0 --iterations 150 --threads 2 --seed 3");
  ASSERT_EQ(a.exit_code, 0) << a.output;
  CommandRun b = run_kerf("bench plan --seconds 0 --iterations 150 --threads 2 --seed 3");
  ASSERT_EQ(b.exit_code, 0) << b.output;
  ASSERT_FALSE(search_metrics(a.output).empty()) << a.output;
  EXPECT_EQ(search_metrics(a.output), search_metrics(b.output));
  CommandRun none = run_kerf("bench plan --seconds 0 --iterations 0");
  EXPECT_EQ(none.exit_code, 1) << none.output;
  EXPECT_NE(none.output.find("time limit or an iteration limit"), std::string::npos) << none.output;
}

// Rows of `kerf bench api` output whose phase contains `phase`.
std::vector<std::string> rows_with(const std::string& output, const std::string& phase) {
  std::vector<std::string> out;
  std::istringstream lines(output);
  for (std::string line; std::getline(lines, line);) {
    if (line.find(phase) != std::string::npos) out.push_back(line);
  }
  return out;
}

TEST(BenchApi, TimesReadsPauseResumeAndOperationCompletesPerClientCount) {
  CommandRun r = run_kerf(
      "bench api --seconds 1 --clients 2 --threads 2 --complete-clients 1,3 --completions 12");
  ASSERT_EQ(r.exit_code, 0) << r.output;
  EXPECT_NE(r.output.find("p95 ms"), std::string::npos) << r.output;
  ASSERT_EQ(rows_with(r.output, "read GET /jobs").size(), 1u) << r.output;
  ASSERT_EQ(rows_with(r.output, "pause|resume").size(), 1u) << r.output;
  const auto completes = rows_with(r.output, "/operations/{id}/complete");
  ASSERT_EQ(completes.size(), 2u) << r.output;
  for (const auto& row : completes) {
    std::istringstream fields(row);
    std::vector<std::string> cols;
    for (std::string f; fields >> f;) cols.push_back(f);
    ASSERT_GE(cols.size(), 9u) << row;
    EXPECT_EQ(cols[0], "sqlite") << row;
    EXPECT_EQ(cols.back(), "0") << row;  // errors: every seeded operation completed
  }
  // Client counts in the order given.
  EXPECT_NE(completes[0].find(" 1 "), std::string::npos) << completes[0];
  EXPECT_NE(completes[1].find(" 3 "), std::string::npos) << completes[1];
}

}  // namespace
