// Parallel driver of the makespan tabu search: seeded workers, epochs of fixed iteration counts,
// deterministic elite sharing at each epoch barrier.
#include <barrier>
#include <memory>
#include <thread>

#include "jobshop_graph.h"
#include "kerf/schedule/dispatch.h"
#include "kerf/schedule/search/tabu.h"
#include "tabu_worker.h"

namespace kerf::schedule::search {
namespace {

using detail::Graph;
using detail::JobShopModel;
using detail::Solution;
using detail::TabuWorker;

uint64_t splitmix(uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

Schedule to_schedule(const JobShopModel& model, const Solution& s) {
  Graph g(model);
  g.load(s);
  Schedule schedule;
  schedule.slots.resize(static_cast<size_t>(model.n));
  for (int o = 0; o < model.n; ++o) {
    size_t k = static_cast<size_t>(o);
    schedule.slots[k] = Slot{o, g.mach[k], g.r[k], g.r[k] + g.p[k], 0};
  }
  return schedule;
}

}  // namespace

bool fast_makespan_supported(const Problem& problem, std::string* why) {
  auto model = detail::build_model(problem);
  if (!model.ok() && why) {
    *why = model.error().fields.empty() ? model.error().message : model.error().fields[0].message;
  }
  return model.ok();
}

Result<SearchResult> minimise_makespan(const Problem& problem, const SearchOptions& options) {
  if (options.time_limit_s <= 0 && options.iteration_limit <= 0) {
    return Error::invalid("time_limit_s", "give a time limit or an iteration limit");
  }
  auto built = detail::build_model(problem);
  if (!built) return built.error();
  const JobShopModel model = std::move(built).value();
  static const SystemClock kSystemClock;
  const Clock& clock = options.clock ? *options.clock : kSystemClock;
  const auto t0 = clock.steady_now();
  auto elapsed = [&] { return std::chrono::duration<double>(clock.steady_now() - t0).count(); };

  SearchResult result;
  result.fast_mode = true;
  // Constructive start: best of the greedy rules.
  Solution start;
  for (int rule = 0; rule < detail::kConstructRules; ++rule) {
    Solution s = detail::construct(model, rule);
    if (rule == 0 || s.makespan < start.makespan) {
      start = std::move(s);
      result.start_rule = detail::construct_rule_name(rule);
    }
  }
  // The module's dispatch rules compete too (converted to sequences and re-timed on the graph).
  {
    DispatchResult d = best_dispatch(problem, Objective::makespan_only());
    Solution s;
    s.mach.assign(static_cast<size_t>(model.n), 0);
    for (int o = 0; o < model.n; ++o)
      s.mach[static_cast<size_t>(o)] = d.schedule.slots[static_cast<size_t>(o)].machine;
    s.seq = machine_sequences(problem, d.schedule);
    Graph g(model);
    if (s.seq.size() == static_cast<size_t>(model.m) && g.load(s) && g.makespan < start.makespan) {
      g.store(start);
      result.start_rule = dispatch_rule_name(d.rule);
    }
  }
  result.start_makespan = start.makespan;
  result.start_value.values = {static_cast<double>(start.makespan)};

  const int threads = std::max(1, options.threads);
  std::vector<std::unique_ptr<TabuWorker>> workers;
  for (int t = 0; t < threads; ++t) {
    workers.push_back(std::make_unique<TabuWorker>(
        model, splitmix(options.seed * 1000003ull + static_cast<uint64_t>(t)), start, clock));
  }
  const int64_t epoch = 4000;
  std::vector<int64_t> done(static_cast<size_t>(threads), 0);
  int64_t epoch_count = 0;
  bool stop = false;
  int best_worker = 0;
  auto time_over = [&] {
    if (options.cancel && options.cancel->load(std::memory_order_relaxed)) return true;
    return options.time_limit_s > 0 && elapsed() >= options.time_limit_s;
  };
  auto merge = [&]() noexcept {
    ++epoch_count;
    best_worker = 0;
    bool any_optimal = false;  // one proof ends every thread's search
    for (int t = 0; t < threads; ++t) {
      if (workers[static_cast<size_t>(t)]->best_makespan() <
          workers[static_cast<size_t>(best_worker)]->best_makespan())
        best_worker = t;
      any_optimal |= workers[static_cast<size_t>(t)]->proven_optimal();
    }
    Time best = workers[static_cast<size_t>(best_worker)]->best_makespan();
    bool iterations_over = options.iteration_limit > 0 && done[0] >= options.iteration_limit;
    stop = time_over() || iterations_over || best <= options.target || any_optimal;
    if (options.progress) {
      options.progress(options.percent_done(elapsed(), done[0]), static_cast<double>(best));
    }
  };
  std::barrier sync(threads, merge);
  std::barrier share(threads);
  auto body = [&](int t) {
    TabuWorker& w = *workers[static_cast<size_t>(t)];
    auto should_stop = [&] { return time_over(); };
    while (true) {
      int64_t n = epoch;
      if (options.iteration_limit > 0)
        n = std::min(n, options.iteration_limit - done[static_cast<size_t>(t)]);
      done[static_cast<size_t>(t)] += w.run(n, should_stop, options.target);
      sync.arrive_and_wait();
      if (stop) break;
      // Share the best solution found so far (decided at the barrier, hence deterministic).
      if (best_worker != t) w.offer_elite(workers[static_cast<size_t>(best_worker)]->best());
      share.arrive_and_wait();
    }
  };
  std::vector<std::thread> pool;
  for (int t = 1; t < threads; ++t) pool.emplace_back(body, t);
  body(0);
  for (auto& th : pool) th.join();

  const TabuWorker& winner = *workers[static_cast<size_t>(best_worker)];
  result.makespan = winner.best_makespan();
  result.value.values = {static_cast<double>(result.makespan)};
  result.schedule = to_schedule(model, winner.best());
  for (int64_t d : done) result.iterations += d;
  result.seconds = elapsed();
  result.seconds_to_best = std::chrono::duration<double>(winner.best_time() - t0).count();
  result.cancelled = options.cancel && options.cancel->load();
  return result;
}

}  // namespace kerf::schedule::search
