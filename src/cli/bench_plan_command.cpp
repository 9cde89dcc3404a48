// `kerf bench plan`: the real-shop objective on the demo shop (seeded into a temp SQLite
// database, mapped exactly as the scheduling service maps it): best dispatch rule versus the
// improvement search under a time limit, each schedule validated by the checker.
#include <iomanip>
#include <iostream>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/app/services.h"
#include "kerf/core/time_format.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/metrics.h"
#include "kerf/schedule/search/tabu.h"
#include "kerf/schedule/validate.h"

namespace kerf::cli {
namespace {

namespace sch = kerf::schedule;

constexpr const char* kPlanNow = "2026-11-26T10:00:00Z";

struct BenchPlanArgs {
  double seconds = 20;
  int64_t iterations = 0;  // per thread; with seconds 0 the run is reproducible
  int threads = 2;
  uint64_t seed = 1;
  uint64_t demo_seed = 42;
};

// Prints one result line (on-time rate, late jobs, weighted tardiness, flow, setup, validity);
// returns whether the checker accepted the schedule.
bool print_row(const std::string& label, const sch::Problem& problem, const sch::Schedule& schedule,
               double seconds, const std::string& extra) {
  const sch::Metrics m = sch::evaluate(problem, schedule);
  const sch::CheckReport report = sch::check(problem, schedule);
  std::cout << std::left << std::setw(22) << label << std::right << std::fixed
            << std::setprecision(1) << std::setw(8) << 100.0 * m.on_time_rate << std::setw(6)
            << m.late_jobs << std::setw(14) << std::setprecision(0) << m.weighted_tardiness / 3600.0
            << std::setw(12) << std::setprecision(1)
            << static_cast<double>(m.total_flow_time) / 86400.0 << std::setw(10)
            << static_cast<double>(m.total_setup) / 3600.0 << std::setw(9) << std::setprecision(2)
            << seconds << std::setw(7) << (report.ok() ? "yes" : "NO") << "  " << extra << "\n";
  return report.ok();
}

int run_bench_plan(const BenchPlanArgs& args) {
  // A fixed "now" (a Thursday mid-morning, mid-shift) makes the shop, its due dates and the figures
  // reproducible from run to run.
  const ManualClock clock(parse_iso8601(kPlanNow).value());
  Env env(clock, args.demo_seed);
  ScratchDir scratch("kerf-bench-plan-");
  auto ctx = open_demo_context("", scratch.path(), args.demo_seed, env);
  if (!ctx.ok()) {
    fail(ctx.error());
    return 1;
  }
  app::Services& services = *(*ctx)->services;
  app::scheduling::BuildOptions bo;
  bo.now = services.env().now();
  auto mapped =
      services.db().read([&](store::Tx& tx) { return app::scheduling::build_problem(tx, bo); });
  if (!mapped.ok()) {
    std::cerr << "build: " << mapped.error().message << "\n";
    return 1;
  }
  const sch::Problem& problem = mapped->problem;
  if (auto v = sch::validate(problem); !v.ok()) {
    std::cerr << "mapped problem invalid: " << v.error().message << "\n";
    return 1;
  }
  std::cout << "demo shop (seed " << args.demo_seed << ", now " << kPlanNow
            << "): " << problem.operations.size() << " ops, " << problem.jobs.size() << " jobs, "
            << problem.machines.size()
            << " work centers; objective: late jobs, weighted tardiness, flow time, setup\n\n"
            << std::left << std::setw(22) << "engine" << std::right << std::setw(8) << "ontime%"
            << std::setw(6) << "late" << std::setw(14) << "w.tardiness_h" << std::setw(12)
            << "flow_days" << std::setw(10) << "setup_h" << std::setw(9) << "seconds"
            << std::setw(7) << "valid"
            << "\n";
  const sch::Objective objective = sch::Objective::shop_default();
  auto t0 = std::chrono::steady_clock::now();
  sch::DispatchResult dispatch = sch::best_dispatch(problem, objective);
  const double dispatch_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const bool dispatch_valid =
      print_row("dispatch (best of 6)", problem, dispatch.schedule, dispatch_s,
                "rule=" + std::string(sch::dispatch_rule_name(dispatch.rule)));
  sch::search::SearchOptions options;
  options.time_limit_s = args.seconds;
  options.iteration_limit = args.iterations;
  options.threads = args.threads;
  options.seed = args.seed;
  auto found = sch::search::solve(problem, objective, options);
  if (!found.ok()) {
    std::cerr << "search: " << found.error().message << "\n";
    return 1;
  }
  std::ostringstream extra;
  extra << "iterations/s=" << std::setprecision(0) << std::fixed
        << static_cast<double>(found->iterations) / std::max(1e-9, found->seconds)
        << " t_best=" << std::setprecision(1) << found->seconds_to_best;
  const bool search_valid =
      print_row("search", problem, found->schedule, found->seconds, extra.str());
  return dispatch_valid && search_valid ? 0 : 1;
}

const CommandRegistrar kBenchPlan("bench plan", [](CLI::App& root) {
  CLI::App& bench = subcommand_of(root, "bench", "Benchmarks");
  auto args = std::make_shared<BenchPlanArgs>();
  CLI::App* cmd =
      bench.add_subcommand("plan", "Demo shop: dispatch vs improvement search (real objective)");
  cmd->add_option("--seconds", args->seconds, "Search time limit (0 = none)");
  cmd->add_option("--iterations", args->iterations,
                  "Iterations per thread (0 = none; with --seconds 0 the run is reproducible)");
  cmd->add_option("--threads", args->threads, "Search threads");
  cmd->add_option("--seed", args->seed, "Search seed");
  cmd->add_option("--demo-seed", args->demo_seed, "Demo shop seed");
  cmd->callback([args] { exit_code() = run_bench_plan(*args); });
});

}  // namespace
}  // namespace kerf::cli
