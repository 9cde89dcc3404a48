// `kerf bench api`: a real server on a temp SQLite database (or --database URL), seeded with the
// demo shop. Phases: keep-alive clients hammer a job-list read, then pause/resume writes, for N
// seconds each; then, per client count of --complete-clients, that many clients complete a
// pre-seeded pool of running operations (the shop floor's main write). Prints throughput and
// latency percentiles per phase.
// clang-format off
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it
#include <boost/asio.hpp>
#include <boost/beast.hpp>
// clang-format on
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <optional>
#include <thread>
#include <vector>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/api/app_api.h"
#include "kerf/app/principal.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"

namespace kerf::cli {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

struct BenchFlags {
  int seconds = 5;
  int clients = 64;
  int threads = 2;
  std::string database;
  std::vector<int> complete_clients{1, 16, 64};
  int completions = 2000;  // running operations completed per client count
};

// A minimal keep-alive client (one connection per bench client).
class Client {
 public:
  explicit Client(uint16_t port) : stream_(ioc_) {
    stream_.connect(tcp::endpoint(asio::ip::make_address("127.0.0.1"), port));
    stream_.socket().set_option(tcp::no_delay(true));
  }
  std::pair<int, std::string> send(http::verb verb, const std::string& target,
                                   const std::string& body) {
    http::request<http::string_body> req{verb, target, 11};
    req.set(http::field::host, "127.0.0.1");
    if (!token_.empty()) req.set(http::field::authorization, "Bearer " + token_);
    if (!body.empty()) req.set(http::field::content_type, "application/json");
    req.body() = body;
    req.prepare_payload();
    http::write(stream_, req);
    http::response<http::string_body> res;
    http::read(stream_, buffer_, res);
    return {res.result_int(), std::move(res.body())};
  }
  void set_token(std::string t) { token_ = std::move(t); }

 private:
  asio::io_context ioc_;
  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::string token_;
};

struct PhaseResult {
  double seconds = 0;
  uint64_t ok = 0;
  uint64_t errors = 0;
  std::vector<double> latencies_ms;
};

// One request of a phase by client `i`: nullopt when the phase has no more work for it, else
// whether the request succeeded.
using Work = std::function<std::optional<bool>(std::size_t i)>;

// Runs `work` in a loop on one thread per client until it says there is no more, timing each
// request; `meanwhile` runs on the calling thread once the clients are started.
PhaseResult drive(std::size_t clients, const Work& work, const std::function<void()>& meanwhile) {
  std::vector<std::vector<double>> lat(clients);
  std::vector<uint64_t> errors(clients);
  std::vector<std::thread> threads;
  auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < clients; ++i) {
    threads.emplace_back([&, i] {
      for (;;) {
        auto a = std::chrono::steady_clock::now();
        std::optional<bool> ok;
        try {
          ok = work(i);
        } catch (const std::exception&) {
          ok = false;
        }
        if (!ok) break;
        auto b = std::chrono::steady_clock::now();
        if (*ok) {
          lat[i].push_back(std::chrono::duration<double, std::milli>(b - a).count());
        } else {
          ++errors[i];
        }
      }
    });
  }
  if (meanwhile) meanwhile();
  for (auto& t : threads) t.join();
  PhaseResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (std::size_t i = 0; i < clients; ++i) {
    r.latencies_ms.insert(r.latencies_ms.end(), lat[i].begin(), lat[i].end());
    r.errors += errors[i];
  }
  r.ok = r.latencies_ms.size();
  std::sort(r.latencies_ms.begin(), r.latencies_ms.end());
  return r;
}

// Runs `step(client_index, client)` in a loop on `clients` threads for `seconds`.
PhaseResult run_phase(std::vector<std::unique_ptr<Client>>& clients, int seconds,
                      const std::function<bool(int, Client&)>& step) {
  std::atomic<bool> stop{false};
  return drive(
      clients.size(),
      [&](std::size_t i) -> std::optional<bool> {
        if (stop.load(std::memory_order_relaxed)) return std::nullopt;
        return step(static_cast<int>(i), *clients[i]);
      },
      [&] {
        std::this_thread::sleep_for(std::chrono::seconds(seconds));
        stop = true;
      });
}

// Every client takes the next item of `count` (shared counter) and runs `step` on it until all
// are done: a fixed amount of work, timed from the first to the last request.
PhaseResult run_pool(std::vector<std::unique_ptr<Client>>& clients, std::size_t count,
                     const std::function<bool(std::size_t, Client&)>& step) {
  std::atomic<std::size_t> next{0};
  return drive(
      clients.size(),
      [&](std::size_t i) -> std::optional<bool> {
        const std::size_t k = next++;
        if (k >= count) return std::nullopt;
        return step(k, *clients[i]);
      },
      {});
}

// Seeds `count` running operations for the complete phases, in process (not timed): jobs of one
// operation copied from the first demo job (part, customer, due, routing step), released and
// started. Returns their ids.
Result<std::vector<int64_t>> seed_running_operations(app::Services& services, int count,
                                                     int batch) {
  const app::Principal who = app::system_principal();
  store::ListQuery first;
  first.limit = 1;
  auto page = services.jobs().list(who, first);
  if (!page.ok()) return page.error();
  if (page->items.empty()) return Error::internal("the demo shop has no jobs");
  auto model_job = services.jobs().get(who, page->items.front().id);
  if (!model_job.ok()) return model_job.error();
  if (model_job->operations.empty()) return Error::internal("the first demo job has no routing");
  const model::Operation& step = model_job->operations.front();
  app::OperationInput op;
  op.sequence = 10;
  op.name = step.name;
  op.process = step.process;
  op.department = step.department;
  op.eligible_work_center_ids = step.eligible_work_center_ids;
  op.setup_seconds = step.setup_seconds;
  op.run_seconds_per_piece = step.run_seconds_per_piece;
  std::vector<int64_t> ids;
  for (int k = 0; k < count; ++k) {
    app::JobInput job;
    job.number = fmt::format("BENCH-{}-{}", batch, k);
    job.part_id = model_job->job.part_id;
    job.customer_id = model_job->job.customer_id;
    job.quantity = 1;
    job.due = model_job->job.due;
    job.operations = {op};
    auto created = services.jobs().create(who, job);
    if (!created.ok()) return created.error();
    if (auto released = services.jobs().release(who, created->job.id); !released.ok()) {
      return released.error();
    }
    const int64_t op_id = created->operations.front().id;
    if (auto started = services.operations().start(who, op_id); !started.ok()) {
      return started.error();
    }
    ids.push_back(op_id);
  }
  return ids;
}

double pct(const std::vector<double>& v, double p) {
  if (v.empty()) return 0;
  return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size())))];
}

int run_bench(const BenchFlags& flags) {
  ScratchDir scratch("kerf-bench-api-");
  auto ctx = open_demo_context(flags.database, scratch.path(), 42);
  if (!ctx.ok()) {
    fail(ctx.error());
    return 1;
  }
  app::Services& services = *(*ctx)->services;
  api::ServerOptions opts;
  opts.threads = flags.threads;
  auto server = api::start_server(opts, services);
  if (!server.ok()) {
    std::cerr << "server: " << server.error().message << "\n";
    return 1;
  }
  uint16_t port = (*server)->port();
  auto login = [&](const std::string& user) {
    auto c = std::make_unique<Client>(port);
    auto [status, body] =
        c->send(http::verb::post, "/api/v1/auth/login",
                nlohmann::json{{"username", user}, {"password", app::kDemoPassword}}.dump());
    if (status != 200) throw std::runtime_error("login failed: " + body);
    c->set_token(nlohmann::json::parse(body)["token"]);
    return c;
  };
  std::vector<std::unique_ptr<Client>> clients;
  for (int i = 0; i < flags.clients; ++i) clients.push_back(login(i % 2 ? "planner" : "operator"));
  auto reads = run_phase(clients, flags.seconds, [](int, Client& c) {
    return c.send(http::verb::get, "/api/v1/jobs?limit=20&sort=due", "").first == 200;
  });

  // Writes: every client owns one running operation and toggles pause/resume (each call is a
  // use case: transaction, audit row, outbox event, bus publish).
  std::vector<std::unique_ptr<Client>> writers;
  for (int i = 0; i < flags.clients; ++i) writers.push_back(login("lead"));
  auto ready = writers[0]->send(http::verb::get, "/api/v1/operations?status=ready&limit=1000", "");
  const auto ready_json = nlohmann::json::parse(ready.second);
  for (const auto& op : ready_json["items"]) {
    writers[0]->send(http::verb::post,
                     fmt::format("/api/v1/operations/{}/start", op["id"].get<int64_t>()), "{}");
  }
  auto running =
      writers[0]->send(http::verb::get, "/api/v1/operations?status=running&limit=1000", "");
  std::vector<int64_t> ops;
  const auto running_json = nlohmann::json::parse(running.second);
  for (const auto& op : running_json["items"]) ops.push_back(op["id"]);
  if (ops.empty()) {
    std::cerr << "no running operations to write to: " << running.first << " "
              << running.second.substr(0, 300) << "\n";
    return 1;
  }
  std::size_t n_writers = std::min<std::size_t>(writers.size(), ops.size());
  writers.resize(n_writers);
  std::vector<int> paused(n_writers, 0);
  auto writes = run_phase(writers, flags.seconds, [&](int i, Client& c) {
    std::string target = fmt::format("/api/v1/operations/{}/{}", ops[static_cast<std::size_t>(i)],
                                     paused[i] ? "resume" : "pause");
    auto [status, body] =
        c.send(http::verb::post, target, paused[i] ? "{}" : R"({"reason":"bench"})");
    if (status == 200) paused[i] = !paused[i];
    return status == 200;
  });
  // Completes: one pool of running operations per client count, all seeded before any is timed
  // so the phases run on the same database size.
  std::vector<std::vector<int64_t>> pools;
  for (std::size_t b = 0; b < flags.complete_clients.size(); ++b) {
    auto pool = seed_running_operations(services, flags.completions, static_cast<int>(b));
    if (!pool.ok()) {
      std::cerr << "seeding running operations: " << pool.error().message << "\n";
      return 1;
    }
    pools.push_back(std::move(pool).value());
  }
  std::vector<std::pair<int, PhaseResult>> completes;
  for (std::size_t b = 0; b < pools.size(); ++b) {
    std::vector<std::unique_ptr<Client>> floor;
    for (int i = 0; i < flags.complete_clients[b]; ++i) floor.push_back(login("lead"));
    const std::vector<int64_t>& pool = pools[b];
    completes.emplace_back(
        flags.complete_clients[b], run_pool(floor, pool.size(), [&](std::size_t k, Client& c) {
          return c.send(http::verb::post, fmt::format("/api/v1/operations/{}/complete", pool[k]),
                        R"({"qty_good":1})")
                     .first == 200;
        }));
  }
  (*server)->stop();
  std::string backend = flags.database.empty() ? "sqlite" : "postgresql";
  std::cout << fmt::format("{:<12} {:<42} {:>8} {:>9} {:>8} {:>8} {:>8} {:>8} {:>7}\n", "backend",
                           "phase", "clients", "req/s", "p50 ms", "p95 ms", "p99 ms", "max ms",
                           "errors");
  auto row = [&](const std::string& phase, std::size_t n, const PhaseResult& r) {
    std::cout << fmt::format(
        "{:<12} {:<42} {:>8} {:>9.0f} {:>8.2f} {:>8.2f} {:>8.2f} {:>8.2f} {:>7}\n", backend, phase,
        n, static_cast<double>(r.ok) / r.seconds, pct(r.latencies_ms, 0.5),
        pct(r.latencies_ms, 0.95), pct(r.latencies_ms, 0.99),
        r.latencies_ms.empty() ? 0 : r.latencies_ms.back(), r.errors);
  };
  row("read GET /jobs?limit=20", clients.size(), reads);
  row("write POST /operations/{id}/pause|resume", n_writers, writes);
  for (const auto& [n, r] : completes) {
    row("write POST /operations/{id}/complete", static_cast<std::size_t>(n), r);
  }
  clients.clear();
  writers.clear();
  return 0;
}

const CommandRegistrar kBenchApi("bench api", [](CLI::App& root) {
  auto& bench = subcommand_of(root, "bench", "Benchmarks that print figures");
  auto flags = std::make_shared<BenchFlags>();
  auto* cmd = bench.add_subcommand("api", "HTTP API throughput and latency (reads and writes)");
  cmd->add_option("--seconds", flags->seconds, "duration of each phase")
      ->check(CLI::Range(1, 3600));
  cmd->add_option("--clients", flags->clients, "concurrent keep-alive clients")
      ->check(CLI::Range(1, 1024));
  cmd->add_option("--threads", flags->threads, "server worker threads")->check(CLI::Range(1, 64));
  cmd->add_option("--complete-clients", flags->complete_clients,
                  "client counts of the operation-complete phases (default 1 16 64)")
      ->check(CLI::Range(1, 1024))
      ->delimiter(',');
  cmd->add_option("--completions", flags->completions,
                  "running operations seeded and completed per complete phase")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("--database", flags->database,
                  "empty database URL (postgresql://...); default: a temp SQLite file");
  cmd->callback([flags] { exit_code() = run_bench(*flags); });
});

}  // namespace
}  // namespace kerf::cli
