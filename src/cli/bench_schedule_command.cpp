// `kerf bench schedule`: runs the makespan search and the best constructive rule on every
// benchmark instance of a folder and reports gaps to the best known bounds.
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iomanip>
#include <iostream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>

#include "cli/command_registry.h"
#include "kerf/schedule/checker.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/search/instance_io.h"
#include "kerf/schedule/search/makespan_check.h"
#include "kerf/schedule/search/tabu.h"

namespace kerf::cli {
namespace {

namespace ss = kerf::schedule::search;

struct BenchScheduleArgs {
  std::string instances;
  std::string bounds;
  double time_limit = 10;
  int64_t iterations = 0;  // per thread; with --time-limit 0 the run is deterministic
  int threads = 2;
  uint64_t seed = 1;
  std::string csv;
  std::string format;  // jssp | fjsp | "" = guess from the folder / bounds names
  std::string filter;
};

std::string family_of(const std::string& name) {
  std::string f;
  for (char c : name) {
    if (std::isdigit(static_cast<unsigned char>(c))) break;
    f += c;
  }
  return f;
}

// Percent gap to the best known upper bound; nullopt when the bound is unknown (blank).
std::optional<double> gap(int64_t value, std::optional<int64_t> ub) {
  if (!ub || *ub <= 0) return std::nullopt;
  return 100.0 * static_cast<double>(value - *ub) / static_cast<double>(*ub);
}

// `value` with `precision` decimals, or "" when unknown.
std::string fixed_or_blank(std::optional<double> value, int precision) {
  if (!value) return "";
  std::ostringstream out;
  out << std::fixed << std::setprecision(precision) << *value;
  return out.str();
}

// Natural order: ta2 before ta10.
bool natural_less(const std::string& a, const std::string& b) {
  std::string fa = family_of(a), fb = family_of(b);
  if (fa != fb) return fa < fb;
  std::string ra = a.substr(fa.size()), rb = b.substr(fb.size());
  if (ra.size() != rb.size()) return ra.size() < rb.size();
  return ra < rb;
}

int run_bench_schedule(const BenchScheduleArgs& args) {
  ss::InstanceFormat format = ss::InstanceFormat::kJssp;
  if (args.format == "fjsp" ||
      (args.format.empty() && (args.instances.find("fjsp") != std::string::npos ||
                               args.bounds.find("fjsp") != std::string::npos))) {
    format = ss::InstanceFormat::kFjsp;
  } else if (!args.format.empty() && args.format != "jssp") {
    std::cerr << "unknown --format " << args.format << " (jssp|fjsp)\n";
    return 2;
  }
  auto bounds = ss::read_bounds_csv(args.bounds);
  if (!bounds) {
    std::cerr << "bounds: " << bounds.error().message
              << (bounds.error().fields.empty() ? ""
                                                : " " + bounds.error().fields[0].field + ": " +
                                                      bounds.error().fields[0].message)
              << "\n";
    return 2;
  }
  std::vector<std::string> files;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(args.instances, ec)) {
    if (entry.is_regular_file()) files.push_back(entry.path().string());
  }
  if (ec) {
    std::cerr << "cannot list " << args.instances << ": " << ec.message() << "\n";
    return 2;
  }
  std::regex filter(args.filter.empty() ? ".*" : args.filter);
  std::vector<std::pair<std::string, std::string>> selected;  // name, path
  for (const auto& f : files) {
    std::string name = std::filesystem::path(f).stem().string();
    if (std::regex_search(name, filter)) selected.emplace_back(name, f);
  }
  std::sort(selected.begin(), selected.end(),
            [](const auto& a, const auto& b) { return natural_less(a.first, b.first); });
  std::ofstream csv;
  if (!args.csv.empty()) {
    csv.open(args.csv);
    if (!csv) {
      std::cerr << "cannot write " << args.csv << "\n";
      return 2;
    }
    csv << "instance,jobs,machines,best_known_ub,makespan,gap_percent,seconds_to_best,valid,"
           "baseline_makespan,baseline_gap_percent\n";
  }
  std::cout << std::left << std::setw(10) << "instance" << std::right << std::setw(9) << "size"
            << std::setw(10) << "ub" << std::setw(10) << "makespan" << std::setw(8) << "gap%"
            << std::setw(9) << "t_best" << std::setw(7) << "valid" << std::setw(10) << "baseline"
            << std::setw(8) << "base%"
            << "  rule      iters/s\n";
  struct Family {
    double gap = 0, base_gap = 0;
    int count = 0;
    int with_bound = 0;  // instances with a known ub (the means' denominator)
  };
  std::map<std::string, Family> families;
  bool all_valid = true;
  for (const auto& [name, path] : selected) {
    auto problem = ss::read_instance(path, format);
    if (!problem) {
      std::cerr << name << ": " << problem.error().message
                << (problem.error().fields.empty() ? ""
                                                   : problem.error().fields[0].field + ": " +
                                                         problem.error().fields[0].message)
                << "\n";
      all_valid = false;
      continue;
    }
    auto bound = bounds->find(name);
    std::optional<int64_t> ub, lb;
    if (bound != bounds->end()) {
      ub = bound->second.ub;
      lb = bound->second.lb;
    }
    ss::SearchOptions options;
    options.time_limit_s = args.time_limit;
    options.iteration_limit = args.iterations;
    options.threads = args.threads;
    options.seed = args.seed;
    options.target = lb.value_or(0);  // a proven lower bound: nothing better exists
    auto result = ss::minimise_makespan(*problem, options);
    if (!result) {
      std::cerr << name << ": " << result.error().message << "\n";
      all_valid = false;
      continue;
    }
    // Validity: the module's independent checker plus the harness's own makespan check.
    schedule::CheckReport report = schedule::check(*problem, result->schedule);
    Status valid = ss::check_makespan_schedule(*problem, result->schedule);
    bool ok =
        report.ok() && valid.ok() && ss::schedule_makespan(result->schedule) == result->makespan;
    if (!ok) {
      all_valid = false;
      std::cerr << name << ": INVALID "
                << (!report.ok() ? report.summary(5)
                    : valid.ok() ? "makespan mismatch"
                                 : valid.error().message)
                << "\n";
    }
    // Baseline: the best single dispatch rule of the module.
    schedule::DispatchResult baseline =
        schedule::best_dispatch(*problem, schedule::Objective::makespan_only());
    int64_t base = ss::schedule_makespan(baseline.schedule);
    std::optional<double> g = gap(result->makespan, ub), bg = gap(base, ub);
    std::string ub_text = ub ? std::to_string(*ub) : "";
    std::ostringstream size;
    size << problem->jobs.size() << "x" << problem->machines.size();
    std::cout << std::left << std::setw(10) << name << std::right << std::setw(9) << size.str()
              << std::setw(10) << ub_text << std::setw(10) << result->makespan << std::setw(8)
              << fixed_or_blank(g, 2) << std::setw(9) << std::fixed << std::setprecision(1)
              << result->seconds_to_best << std::setw(7) << (ok ? "yes" : "NO") << std::setw(10)
              << base << std::setw(8) << fixed_or_blank(bg, 2) << "  " << std::left << std::setw(10)
              << schedule::dispatch_rule_name(baseline.rule) << std::right << std::setprecision(0)
              << static_cast<double>(result->iterations) / std::max(1e-9, result->seconds)
              << std::endl;
    if (csv) {
      csv << std::fixed << name << "," << problem->jobs.size() << "," << problem->machines.size()
          << "," << ub_text << "," << result->makespan << "," << fixed_or_blank(g, 3) << ","
          << std::setprecision(2) << result->seconds_to_best << "," << (ok ? "true" : "false")
          << "," << base << "," << fixed_or_blank(bg, 3) << "\n";
      csv.flush();
    }
    Family& f = families[family_of(name)];
    ++f.count;
    if (g && bg) {  // instances without a known bound stay out of the means
      f.gap += *g;
      f.base_gap += *bg;
      ++f.with_bound;
    }
  }
  std::cout << "\nfamily     count  mean_gap%  baseline_gap%\n";
  for (const auto& [name, f] : families) {
    auto mean = [&](double sum) {
      return f.with_bound > 0 ? std::optional<double>(sum / f.with_bound) : std::nullopt;
    };
    std::cout << std::left << std::setw(10) << name << std::right << std::setw(6) << f.count
              << std::setw(11) << fixed_or_blank(mean(f.gap), 2) << std::setw(15)
              << fixed_or_blank(mean(f.base_gap), 2) << "\n";
  }
  return all_valid ? 0 : 1;
}

const CommandRegistrar kBenchSchedule("bench schedule", [](CLI::App& root) {
  CLI::App& bench = subcommand_of(root, "bench", "Benchmarks");
  auto args = std::make_shared<BenchScheduleArgs>();
  CLI::App* cmd = bench.add_subcommand("schedule", "Scheduling engine on benchmark instances");
  cmd->add_option("--instances", args->instances, "Folder of instance files")->required();
  cmd->add_option("--bounds", args->bounds, "Bounds CSV (jssp-bounds.csv / fjsp-bounds.csv)")
      ->required();
  cmd->add_option("--time-limit", args->time_limit, "Seconds per instance");
  cmd->add_option("--iterations", args->iterations,
                  "Iterations per thread (0 = none; with --time-limit 0 the run is reproducible)");
  cmd->add_option("--threads", args->threads, "Search threads");
  cmd->add_option("--seed", args->seed, "Random seed");
  cmd->add_option("--csv", args->csv, "Write per-instance results to this CSV");
  cmd->add_option("--format", args->format, "jssp or fjsp (default: guessed from the paths)");
  cmd->add_option("--filter", args->filter, "Regex on instance names");
  cmd->callback([args] { exit_code() = run_bench_schedule(*args); });
});

}  // namespace
}  // namespace kerf::cli
