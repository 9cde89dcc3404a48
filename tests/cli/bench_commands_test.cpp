// The benchmark commands as a user runs them: the real `kerf` binary on an instance folder of
// the documented format (any folder, not only ../shared/bench), its CSV, and its exit codes.
#include <gtest/gtest.h>

#include <array>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

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

}  // namespace
