// `kerf bench shop`: wall-clock timings of the constructive scheduler and of a repair on a
// synthetic sheet-metal shop, plus peak memory against problem size.
#include <chrono>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <string>

#include "cli/command_registry.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/repair.h"
#include "kerf/schedule/search/shop_generator.h"
#include "kerf/schedule/validate.h"

namespace kerf::cli {
namespace {

namespace sch = kerf::schedule;

struct BenchShopArgs {
  int operations = 10000;
  uint64_t seed = 1;
};

// Reads a "VmHWM:" / "VmRSS:" line of /proc/self/status in MiB (0 when unavailable).
double proc_status_mib(const std::string& key) {
  std::ifstream in("/proc/self/status");
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind(key, 0) == 0) return std::stod(line.substr(key.size())) / 1024.0;
  }
  return 0;
}

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

sch::Time makespan_of(const sch::Schedule& s) {
  sch::Time m = 0;
  for (const sch::Slot& slot : s.slots) m = std::max(m, slot.end);
  return m;
}

int run_bench_shop(const BenchShopArgs& args) {
  std::cout << std::fixed << std::setprecision(3);
  // 1. Constructive schedule of the requested size.
  auto t0 = std::chrono::steady_clock::now();
  sch::Problem problem = sch::search::generate_shop({args.operations, args.seed});
  double generate_s = seconds_since(t0);
  if (kerf::Status v = sch::validate(problem); !v) {
    std::cerr << "generated problem invalid: " << v.error().message << "\n";
    return 1;
  }
  std::cout << "shop: " << problem.operations.size() << " ops, " << problem.jobs.size() << " jobs, "
            << problem.machines.size() << " machines, " << problem.calendars[0].windows.size()
            << " calendar windows (generated in " << generate_s << " s)\n";
  t0 = std::chrono::steady_clock::now();
  sch::Schedule atc = sch::dispatch(problem, sch::DispatchRule::kAtc);
  double dispatch_s = seconds_since(t0);
  t0 = std::chrono::steady_clock::now();
  sch::DispatchResult best = sch::best_dispatch(problem, sch::Objective::shop_default());
  double best_s = seconds_since(t0);
  sch::CheckReport report = sch::check(problem, best.schedule);
  sch::Metrics metrics = sch::evaluate(problem, best.schedule);
  std::cout << "constructive (ATC, one rule):     " << dispatch_s << " s\n"
            << "constructive (best of 6 rules):   " << best_s
            << " s  rule=" << sch::dispatch_rule_name(best.rule) << " late=" << metrics.late_jobs
            << "/" << problem.jobs.size()
            << " makespan_days=" << static_cast<double>(makespan_of(best.schedule)) / 86400.0
            << " valid=" << (report.ok() ? "yes" : "NO") << "\n";
  (void)atc;
  bool ok = report.ok();

  // 2. Repair after a machine-down on a 2,000-op schedule.
  sch::Problem small = sch::search::generate_shop({2000, args.seed + 1});
  sch::DispatchResult base = sch::best_dispatch(small, sch::Objective::shop_default());
  // Take the busiest machine down for one full day starting at the median start time.
  std::vector<int> load(small.machines.size(), 0);
  for (const sch::Slot& s : base.schedule.slots) ++load[static_cast<size_t>(s.machine)];
  int machine = static_cast<int>(std::max_element(load.begin(), load.end()) - load.begin());
  std::vector<sch::Time> starts;
  for (const sch::Slot& s : base.schedule.slots) starts.push_back(s.start);
  std::nth_element(starts.begin(), starts.begin() + static_cast<long>(starts.size() / 2),
                   starts.end());
  sch::Time down_start = starts[starts.size() / 2];
  sch::apply_machine_down(small, machine, {down_start, down_start + 86400});
  sch::RepairOptions options;
  options.now = down_start;
  t0 = std::chrono::steady_clock::now();
  auto repaired = sch::repair(small, base.schedule, options);
  double repair_s = seconds_since(t0);
  if (!repaired) {
    std::cout << "repair (2,000 ops, machine down 24 h): FAILED " << repaired.error().message
              << "\n";
    ok = false;
  } else {
    sch::CheckReport r = sch::check(small, repaired->schedule);
    std::cout << "repair (2,000 ops, " << small.machines[static_cast<size_t>(machine)].name
              << " down 24 h): " << repair_s << " s  ops_moved=" << repaired->ops_moved
              << " reassigned=" << repaired->reassigned_ops.size()
              << " valid=" << (r.ok() ? "yes" : "NO") << "\n";
    ok = ok && r.ok();
  }

  // 3. Peak memory against size (ascending, so VmHWM after each step is that step's peak).
  std::cout << "memory (problem + best-of-6 dispatch, process peak so far):\n";
  for (int n : {2000, 5000, 10000}) {
    sch::Problem p = sch::search::generate_shop({n, args.seed + 2});
    sch::DispatchResult d = sch::best_dispatch(p, sch::Objective::shop_default());
    std::cout << "  " << std::setw(6) << n << " ops: peak RSS " << std::setprecision(1)
              << proc_status_mib("VmHWM:") << " MiB, current RSS " << proc_status_mib("VmRSS:")
              << " MiB\n"
              << std::setprecision(3);
    (void)d;
  }
  return ok ? 0 : 1;
}

const CommandRegistrar kBenchShop("bench shop", [](CLI::App& root) {
  CLI::App& bench = subcommand_of(root, "bench", "Benchmarks");
  auto args = std::make_shared<BenchShopArgs>();
  CLI::App* cmd = bench.add_subcommand("shop", "Constructive/repair timings on a synthetic shop");
  cmd->add_option("--operations", args->operations, "Operations in the constructive run");
  cmd->add_option("--seed", args->seed, "Generator seed");
  cmd->callback([args] { exit_code() = run_bench_shop(*args); });
});

}  // namespace
}  // namespace kerf::cli
