// `kerf bench api`: a real server on a temp SQLite database (or --database URL), seeded with the
// demo shop; 64 keep-alive clients hammer a job-list read, then operation writes, for N seconds
// each. Prints throughput and latency percentiles per phase.
// clang-format off
#include <utility>  // Boost 1.74 awaitable.hpp uses std::exchange without including it
#include <boost/asio.hpp>
#include <boost/beast.hpp>
// clang-format on
#include <fmt/format.h>

#include <algorithm>
#include <atomic>
#include <iostream>
#include <thread>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/api/app_api.h"
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

// Runs `step(client_index, client)` in a loop on `clients` threads for `seconds`.
PhaseResult run_phase(std::vector<std::unique_ptr<Client>>& clients, int seconds,
                      const std::function<bool(int, Client&)>& step) {
  std::atomic<bool> stop{false};
  std::vector<std::vector<double>> lat(clients.size());
  std::vector<uint64_t> errors(clients.size());
  std::vector<std::thread> threads;
  auto t0 = std::chrono::steady_clock::now();
  for (std::size_t i = 0; i < clients.size(); ++i) {
    threads.emplace_back([&, i] {
      while (!stop.load(std::memory_order_relaxed)) {
        auto a = std::chrono::steady_clock::now();
        bool ok = false;
        try {
          ok = step(static_cast<int>(i), *clients[i]);
        } catch (const std::exception&) {
          ok = false;
        }
        auto b = std::chrono::steady_clock::now();
        if (ok) {
          lat[i].push_back(std::chrono::duration<double, std::milli>(b - a).count());
        } else {
          ++errors[i];
        }
      }
    });
  }
  std::this_thread::sleep_for(std::chrono::seconds(seconds));
  stop = true;
  for (auto& t : threads) t.join();
  PhaseResult r;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  for (std::size_t i = 0; i < clients.size(); ++i) {
    r.latencies_ms.insert(r.latencies_ms.end(), lat[i].begin(), lat[i].end());
    r.errors += errors[i];
  }
  r.ok = r.latencies_ms.size();
  std::sort(r.latencies_ms.begin(), r.latencies_ms.end());
  return r;
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
  (*server)->stop();
  std::string backend = flags.database.empty() ? "sqlite" : "postgresql";
  std::cout << fmt::format("{:<12} {:<42} {:>8} {:>11} {:>8} {:>8} {:>8} {:>7}\n", "backend",
                           "phase", "clients", "req/s", "p50 ms", "p99 ms", "max ms", "errors");
  auto row = [&](const std::string& phase, std::size_t n, const PhaseResult& r) {
    std::cout << fmt::format("{:<12} {:<42} {:>8} {:>11.0f} {:>8.2f} {:>8.2f} {:>8.2f} {:>7}\n",
                             backend, phase, n, static_cast<double>(r.ok) / r.seconds,
                             pct(r.latencies_ms, 0.5), pct(r.latencies_ms, 0.99),
                             r.latencies_ms.empty() ? 0 : r.latencies_ms.back(), r.errors);
  };
  row("read GET /jobs?limit=20", clients.size(), reads);
  row("write POST /operations/{id}/pause|resume", n_writers, writes);
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
  cmd->add_option("--database", flags->database,
                  "empty database URL (postgresql://...); default: a temp SQLite file");
  cmd->callback([flags] { exit_code() = run_bench(*flags); });
});

}  // namespace
}  // namespace kerf::cli
