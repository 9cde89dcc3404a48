// kerf serve: open and migrate the database, optionally seed the demo shop, start the HTTP
// server and run until SIGINT/SIGTERM.
#include <spdlog/spdlog.h>

#include <unistd.h>

#include <cctype>
#include <csignal>
#include <filesystem>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/agents_runtime.h"
#include "cli/command_registry.h"
#include "cli/context.h"
#include "cli/demo_agents.h"
#include "cli/demo_machines.h"
#include "cli/sigmanest_runtime.h"
#include "kerf/api/app_api.h"
#include "kerf/api/background_metrics.h"
#include "kerf/api/ingest_metrics.h"
#include "kerf/api/machine_metrics.h"
#include "kerf/api/schedule_routes.h"
#include "kerf/app/background.h"
#include "kerf/app/event_fanout.h"
#include "kerf/app/ingest_runtime.h"
#include "kerf/app/scheduling/demo_activity.h"
#include "kerf/app/scheduling/scheduling_service.h"
#include "kerf/app/seed.h"
#include "kerf/core/log.h"

namespace kerf::cli {
namespace {

struct ServeArgs {
  CommonFlags common;
  std::optional<int> port;
  bool demo = false;
  uint64_t seed = 1;
};

// The built web UI to serve when server.web_dir is empty: web/dist of the source tree, found
// first next to the executable (build/<preset>/kerf -> ../../web/dist), then under the working
// directory (./web/dist). "" when neither holds an index.html.
std::string default_web_dir() {
  namespace fs = std::filesystem;
  std::vector<fs::path> candidates;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) candidates.push_back(exe.parent_path() / ".." / ".." / "web" / "dist");
  candidates.push_back(fs::current_path(ec) / "web" / "dist");
  for (const auto& dir : candidates) {
    if (fs::is_regular_file(dir / "index.html", ec)) {
      fs::path canon = fs::canonical(dir, ec);
      return ec ? dir.string() : canon.string();
    }
  }
  return "";
}

// This node's MQTT client id stem: stable across restarts (the broker keeps its persistent
// sessions) and distinct per node ("kerf-<host>-<port>").
std::string node_client_id(uint16_t port) {
  char host[256] = {0};
  if (gethostname(host, sizeof host - 1) != 0) host[0] = 0;
  std::string id = "kerf-";
  for (const char* c = host; *c != 0 && id.size() < 40; ++c) {
    id += std::isalnum(static_cast<unsigned char>(*c)) ? *c : '-';
  }
  return id + "-" + std::to_string(port);
}

// KERF_DEMO_AGENTS=false keeps the demo's agent triggers (cli/demo_agents.h) off, for tests
// that send every trigger themselves.
bool demo_agent_triggers() {
  const auto env = kerf_environment();
  auto it = env.find("KERF_DEMO_AGENTS");
  return it == env.end() || (it->second != "false" && it->second != "0" && it->second != "no");
}

// Blocks until SIGINT or SIGTERM arrives.
void wait_for_stop_signal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  int sig = 0;
  sigwait(&set, &sig);
}

void run_serve(ServeArgs args) {
  // Block the stop signals before any thread starts so that every thread inherits the mask and
  // only sigwait() sees them.
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);

  if (args.port) args.common.overrides.port = static_cast<uint16_t>(*args.port);
  if (args.demo) args.common.overrides.demo = true;
  auto settings = load_settings(args.common);
  if (!settings) return fail(settings.error());
  init_logging(settings->log_level, settings->log_json);

  auto ctx_result = open_context(*settings);
  if (!ctx_result) return fail(ctx_result.error());
  auto& ctx = **ctx_result;
  spdlog::info("database {} ready", store::backend_name(ctx.db->backend()));

  bool seeded_now = false;
  if (settings->demo) {
    auto seeded = app::seed_demo(*ctx.services, args.seed);
    if (seeded) {
      seeded_now = true;
      spdlog::info("demo shop seeded: {} work centers, {} parts, {} jobs, {} operations",
                   seeded->work_centers, seeded->parts, seeded->jobs, seeded->operations);
      if (auto floor = app::seed_demo_floor(*ctx.services); !floor) return fail(floor.error());
    } else if (seeded.error().code == ErrorCode::kFailedPrecondition) {
      spdlog::info("database already holds data; demo shop not seeded again");
    } else {
      return fail(seeded.error());
    }
  }

  app::scheduling::SchedulingOptions scheduling_options;
  scheduling_options.heartbeat_s = settings->schedule_heartbeat_s;
  scheduling_options.silent_after_s = settings->schedule_silent_after_s;
  app::scheduling::SchedulingService scheduling(*ctx.services, scheduling_options);
  if (seeded_now) {
    // A running shop: a committed schedule and some work in progress and done.
    auto activity = app::scheduling::animate_demo(*ctx.services, scheduling);
    if (!activity) return fail(activity.error());
    spdlog::info("demo schedule committed (run {}); {} operations started, {} completed",
                 activity->run_id, activity->started, activity->completed);
  }
  std::optional<app::EventFanout> fanout;  // several nodes share only a PostgreSQL database
  if (ctx.db->backend() == store::Backend::kPostgres) {
    fanout.emplace(*ctx.services, settings->effective_database_url());
  }
  // Machine ingestion; the demo first starts its machines' peers (mosquitto, fake MTConnect
  // agents, OPC UA punch simulator), whose broker ingestion then uses.
  std::unique_ptr<DemoMachines> demo_machines;
  if (settings->demo && settings->ingest_enabled) {
    demo_machines = DemoMachines::start(*ctx.services, *settings);
  }
  std::optional<app::IngestRuntime> ingest;
  if (settings->ingest_enabled) {
    app::IngestRuntimeOptions ingest_options;
    ingest_options.mqtt_url = demo_machines ? demo_machines->mqtt_url() : settings->mqtt_url;
    ingest_options.plant = settings->plant_code;
    ingest_options.node_id = node_client_id(settings->port);
    ingest.emplace(*ctx.services, ingest_options);
  }
  // The Sigmanest sync (and, in the demo, its SimTrans simulator).
  auto sigmanest = SigmanestRuntime::start(*ctx.services, *settings);
  if (!sigmanest) return fail(sigmanest.error());
  // The shop agents (off with agents.enabled = false or KERF_AGENTS=false).
  auto agents = start_agents(*ctx.services, scheduling, *settings);
  if (!agents) return fail(agents.error());
  app::Background background;  // declared last: stopped before what its tasks use goes
  ctx.services->add_background_tasks(background);
  scheduling.add_background_tasks(background);
  if (fanout) fanout->add_background_tasks(background);
  if (ingest) ingest->add_background_tasks(background);
  if (*sigmanest) (*sigmanest)->add_background_tasks(background);
  if (*agents) (*agents)->add_background_tasks(background);
  if (*agents && seeded_now && demo_agent_triggers()) {
    // Once, when the background starts: the demo's rush job, overload and low stock for the
    // agents to propose on (cli/demo_agents.h).
    background.add_periodic("demo.agents", std::chrono::hours(24), [&ctx, done = false]() mutable -> Status {
      if (done) return {};
      done = true;  // once, even when it fails (no second rush job)
      auto t = trigger_demo_agents(*ctx.services);
      if (!t) return t.error();
      spdlog::info("demo agents: rush job {}, {} jobs overloading {}, {} sheets consumed ({})",
                   t->rush_job, t->overload_jobs, t->overloaded_department, t->sheets_consumed,
                   t->low_material.empty() ? "no safety level crossed" : t->low_material);
      return {};
    });
  }
  api::ServerOptions options;
  options.agents = agents->get();
  options.bind = settings->bind;
  options.port = settings->port;
  options.threads = settings->threads > 0 ? settings->threads
                                          : static_cast<int>(std::thread::hardware_concurrency());
  options.static_dir = settings->web_dir.empty() ? default_web_dir() : settings->web_dir;
  if (options.static_dir.empty()) {
    spdlog::info("no web UI found (server.web_dir empty, no web/dist); / answers 404");
  } else {
    spdlog::info("serving the web UI from {}", options.static_dir);
  }
  options.tls_cert_file = settings->tls_cert;
  options.tls_key_file = settings->tls_key;
  auto server = api::start_server(options, *ctx.services, [&](api::Router& router) {
    api::register_schedule_routes(router, *ctx.services, scheduling);
  });
  if (!server) return fail(server.error());
  api::expose_background((*server)->metrics(), background);
  if (ingest) {
    api::expose_machines((*server)->metrics(), *ctx.services, {&ingest->machine_sink()},
                         {&ingest->telemetry_sink()});
    api::expose_ingest((*server)->metrics(), *ingest);
  } else {
    api::expose_machines((*server)->metrics(), *ctx.services);
  }
  background.start();
  if (demo_machines) demo_machines->run();
  if (*sigmanest) (*sigmanest)->run();

  std::cout << "kerf is running on " << (options.tls_cert_file.empty() ? "http" : "https") << "://"
            << settings->bind << ":" << (*server)->port() << "\n";
  if (settings->demo) {
    std::cout << "demo logins: admin, planner, lead, operator, quality, shipping — password "
              << app::kDemoPassword << "\n";
    std::cout << "demo station badges (badge/PIN):";
    for (const auto& b : app::kDemoBadges) {
      std::cout << " " << b.username << " " << b.badge << "/" << b.pin;
    }
    std::cout << "\n";
  }
  std::cout.flush();
  wait_for_stop_signal();
  spdlog::info("stopping");
  (*server)->stop();
  background.stop();
  demo_machines.reset();  // the simulator first, then the peers
  if (ingest) ingest->stop();
  spdlog::info("stopped");
}

const CommandRegistrar kServe(
    "serve",
    [](CLI::App& root) {
      auto args = std::make_shared<ServeArgs>();
      auto* cmd = root.add_subcommand("serve", "Run the kerf server");
      add_common_flags(*cmd, args->common);
      cmd->add_option("--port", args->port, "TCP port (default 8080; KERF_PORT; 0 = any free port)")
          ->check(CLI::Range(0, 65535));
      cmd->add_flag("--demo", args->demo,
                    "Seed the demo shop and demo users into an empty database");
      cmd->add_option("--seed", args->seed, "Demo shop random seed");
      cmd->callback([args] { run_serve(*args); });
    },
    10);

}  // namespace
}  // namespace kerf::cli
