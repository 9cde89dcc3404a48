// `kerf bench agents`: the agent runtime's figures (docs/benchmarks.md, "Agents") on a scratch
// SQLite database (or --database URL) seeded with the demo shop.
//  1. runtime: --threads threads of a --nodes-node chain graph (each node one tool-call record
//     and a state update) run to their end by the Runner, a checkpoint per super-step saved
//     through app::AgentLedger (one transaction: thread row, checkpoint document, trace rows):
//     threads/s, super-steps/s, checkpoint save p50/p99;
//  2. shop: the real AgentRuntime (no model) on the demo shop after the demo's agent triggers
//     (cli/demo_agents.h): one outbox intake (poll) and one round of scans, threads started,
//     their time.
#include <fmt/format.h>

#include <algorithm>
#include <chrono>
#include <iostream>
#include <mutex>
#include <nlohmann/json.hpp>
#include <thread>
#include <vector>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "cli/demo_agents.h"
#include "kerf/agents/graph/checkpoint_json.h"
#include "kerf/agents/graph/graph.h"
#include "kerf/agents/graph/runner.h"
#include "kerf/agents/shop/runtime.h"
#include "kerf/app/agent_ledger.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/services.h"

namespace kerf::cli {
namespace {

using Steady = std::chrono::steady_clock;
using nlohmann::json;

struct AgentsBenchFlags {
  int64_t threads = 200;
  int nodes = 4;
  std::string database;
  bool json = false;
};

double ms_since(Steady::time_point t0) {
  return std::chrono::duration<double, std::milli>(Steady::now() - t0).count();
}

double pct(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

// The runner's checkpoints in kerf's database through app::AgentLedger (what the shop agents'
// store does), each save timed.
class TimedLedgerStore final : public agents::CheckpointStore {
 public:
  explicit TimedLedgerStore(app::AgentLedger& ledger) : ledger_(ledger) {}

  Status save(const agents::Checkpoint& cp, const std::vector<agents::StepRecord>& steps) override {
    app::AgentThreadRow row;
    row.id = cp.thread_id;
    row.agent = cp.agent;
    row.status = std::string(agents::to_string(cp.status));
    row.reason = cp.reason;
    row.trigger = "bench";
    row.step = cp.step;
    row.llm_calls = cp.budget.llm_calls;
    row.tokens = cp.budget.tokens;
    row.created_at = cp.started_at;
    row.updated_at = cp.updated_at;
    app::AgentCheckpointRow doc{cp.thread_id, cp.step, agents::to_json(cp), cp.updated_at};
    std::vector<app::AgentStepRow> rows;
    for (const auto& s : steps) {
      app::AgentStepRow r;
      r.thread_id = s.thread_id;
      r.step = s.step;
      r.node = s.node;
      r.input = s.input;
      r.output = s.output;
      r.tool_calls = agents::tool_calls_to_json(s.tool_calls);
      r.llm_calls = s.llm_calls;
      r.tokens = s.tokens;
      r.started_at = s.started_at;
      r.duration_ms = s.duration_ms;
      r.error = s.error;
      rows.push_back(std::move(r));
    }
    const auto t0 = Steady::now();
    auto st = ledger_.save_checkpoint(app::agent_principal(), row, doc, rows);
    std::lock_guard lock(mu_);
    save_ms_.push_back(ms_since(t0));
    return st;
  }

  Result<agents::Checkpoint> latest(const std::string& thread_id) override {
    auto row = ledger_.latest_checkpoint(app::agent_principal(), thread_id);
    if (!row.ok()) return row.error();
    return agents::checkpoint_from_json(row->document);
  }

  std::vector<double> save_ms() const {
    std::lock_guard lock(mu_);
    return save_ms_;
  }

 private:
  app::AgentLedger& ledger_;
  mutable std::mutex mu_;
  std::vector<double> save_ms_;
};

// A chain n0 -> n1 -> ... of `nodes` nodes, each adding 1 to "count", its name to "log" and one
// tool-call record (the shape of a specialist's evidence-gathering step).
Result<agents::Graph> chain_graph(int nodes) {
  agents::StateSchema schema;
  for (auto spec : {agents::ChannelSpec{"count", agents::Reducer::kSum, 0},
                    agents::ChannelSpec{"log", agents::Reducer::kAppend, json::array()},
                    agents::ChannelSpec{"input", agents::Reducer::kReplace, nullptr}}) {
    if (auto st = schema.add(spec); !st.ok()) return st.error();
  }
  agents::Graph g("bench", std::move(schema));
  for (int i = 0; i < nodes; ++i) {
    const std::string name = fmt::format("n{}", i);
    g.add_node(name, [name](agents::NodeContext& ctx) -> Result<agents::NodeResult> {
      ctx.tool_calls.push_back(
          {"bench_tool", {{"node", name}, {"step", ctx.step}}, {{"ok", true}}, true});
      agents::NodeResult r;
      r.update = {{"count", 1}, {"log", name}};
      return r;
    });
    if (i > 0) g.add_edge(fmt::format("n{}", i - 1), name);
  }
  g.set_entry("n0");
  if (auto st = g.validate(); !st.ok()) return st.error();
  return g;
}

int run_bench(const AgentsBenchFlags& flags) {
  ScratchDir scratch("kerf-bench-agents-");
  auto ctx = open_demo_context(flags.database, scratch.path(), 42);
  if (!ctx.ok()) {
    fail(ctx.error());
    return 1;
  }
  app::Services& services = *(*ctx)->services;
  const Clock& clock = services.env().clock();

  // 1. Runtime with checkpoints in the database.
  auto graph = chain_graph(flags.nodes);
  if (!graph.ok()) {
    fail(graph.error());
    return 1;
  }
  TimedLedgerStore store(services.agents());
  agents::Limits limits;
  limits.max_super_steps = flags.nodes + 5;
  limits.max_node_visits = 2;
  agents::AgentBreaker breaker(clock, limits.agent_failure_threshold, limits.agent_cooldown);
  agents::Runner runner(store, clock, limits, breaker);
  int64_t steps = 0;
  const auto t0 = Steady::now();
  for (int64_t i = 0; i < flags.threads; ++i) {
    auto out = runner.start(*graph, fmt::format("bench/{}", i), json{{"input", i}});
    if (!out.ok()) {
      fail(out.error());
      return 1;
    }
    if (out->status != agents::ThreadStatus::kDone) {
      std::cerr << "bench thread ended " << agents::to_string(out->status) << ": " << out->reason
                << "\n";
      return 1;
    }
    steps += out->steps;
  }
  const double runtime_s = ms_since(t0) / 1000.0;
  const auto saves = store.save_ms();

  // 2. The shop agents on the demo shop after the demo's triggers.
  app::scheduling::SchedulingService scheduling(services);
  agents::AgentRuntime runtime(services, scheduling, agents::AgentSettings{}, nullptr);
  auto triggers = trigger_demo_agents(services);
  if (!triggers.ok()) {
    fail(triggers.error());
    return 1;
  }
  // PostgreSQL: the intake sees events once they are older than the ledger's grace.
  if (services.db().backend() == store::Backend::kPostgres) {
    std::this_thread::sleep_for(app::AgentLedger::kCursorGrace + std::chrono::milliseconds(200));
  }
  const auto t1 = Steady::now();
  auto polled = runtime.poll_once(1000);
  const double poll_ms = ms_since(t1);
  if (!polled.ok()) {
    fail(polled.error());
    return 1;
  }
  const auto t2 = Steady::now();
  auto scanned = runtime.scan_once();
  const double scan_ms = ms_since(t2);
  if (!scanned.ok()) {
    fail(scanned.error());
    return 1;
  }
  store::ListQuery q;
  q.limit = 1;
  auto shop_threads = services.agents().threads(app::agent_principal(), q);
  const int64_t shop_total = shop_threads.ok() ? shop_threads->total - flags.threads : -1;

  json out = {{"backend", flags.database.empty() ? "sqlite" : "postgresql"},
              {"runtime",
               {{"threads", flags.threads},
                {"nodes", flags.nodes},
                {"super_steps", steps},
                {"seconds", runtime_s},
                {"threads_per_s", static_cast<double>(flags.threads) / runtime_s},
                {"super_steps_per_s", static_cast<double>(steps) / runtime_s},
                {"checkpoint_saves", saves.size()},
                {"checkpoint_save_p50_ms", pct(saves, 0.50)},
                {"checkpoint_save_p99_ms", pct(saves, 0.99)}}},
              {"shop",
               {{"events_handled", *polled},
                {"poll_ms", poll_ms},
                {"scan_threads", *scanned},
                {"scan_ms", scan_ms},
                {"threads_total", shop_total}}}};
  if (flags.json) {
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  const auto& r = out["runtime"];
  std::cout << fmt::format(
      "agents runtime ({}): {} threads x {} nodes = {} super-steps in {:.2f} s\n"
      "  {:.1f} threads/s, {:.1f} super-steps/s; checkpoint save p50 {:.2f} ms, p99 {:.2f} ms "
      "({} saves)\n",
      out["backend"].get<std::string>(), flags.threads, flags.nodes, steps, runtime_s,
      r["threads_per_s"].get<double>(), r["super_steps_per_s"].get<double>(),
      r["checkpoint_save_p50_ms"].get<double>(), r["checkpoint_save_p99_ms"].get<double>(),
      saves.size());
  std::cout << fmt::format(
      "shop agents (demo shop, no model): poll handled {} events in {:.0f} ms; scans started {} "
      "threads in {:.0f} ms; {} shop threads in all\n",
      *polled, poll_ms, *scanned, scan_ms, shop_total);
  return 0;
}

const CommandRegistrar kBenchAgents("bench agents", [](CLI::App& root) {
  auto& bench = subcommand_of(root, "bench", "Benchmarks that print figures");
  auto flags = std::make_shared<AgentsBenchFlags>();
  auto* cmd = bench.add_subcommand(
      "agents", "Agent runtime: threads/s, super-steps/s, checkpoint saves; the shop agents");
  cmd->add_option("--threads", flags->threads, "threads of the runtime phase")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--nodes", flags->nodes, "nodes (super-steps) per thread")
      ->check(CLI::Range(1, 20));
  cmd->add_option("--database", flags->database,
                  "empty database URL (postgresql://...); default: a temp SQLite file");
  cmd->add_flag("--json", flags->json, "print the figures as JSON");
  cmd->callback([flags] { exit_code() = run_bench(*flags); });
});

}  // namespace
}  // namespace kerf::cli
