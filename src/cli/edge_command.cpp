// kerf edge --config edge.toml: the edge gateway (docs/edge.md). Runs until SIGINT/SIGTERM and
// logs its counters every minute.
#include <spdlog/spdlog.h>

#include <csignal>
#include <fstream>
#include <iostream>
#include <sstream>

#include "cli/command_registry.h"
#include "cli/context.h"
#include "kerf/core/log.h"
#include "kerf/ingest/edge_gateway.h"

namespace kerf::cli {
namespace {

struct EdgeArgs {
  std::string config;
  std::string log_level = "info";
};

void run_edge(const EdgeArgs& args) {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
  init_logging(args.log_level, false);

  std::ifstream in(args.config);
  if (!in) return fail(Error::invalid("--config", "cannot read " + args.config));
  std::stringstream text;
  text << in.rdbuf();
  auto config = ingest::parse_edge_config(text.str());
  if (!config) return fail(config.error());
  auto gateway = ingest::EdgeGateway::start(*config);
  if (!gateway) return fail(gateway.error());
  std::cout << "kerf edge " << config->id << " forwarding to " << config->mqtt_url << "\n";
  std::cout.flush();

  timespec minute{60, 0};
  while (true) {
    int sig = sigtimedwait(&set, nullptr, &minute);
    if (sig == SIGINT || sig == SIGTERM) break;
    auto s = (*gateway)->stats();
    spdlog::info("edge: forwarded {}, pending {}, dropped {}, publish failures {}, broker {}",
                 s.forwarded, s.buffer.pending, s.buffer.dropped, s.publish_failures,
                 s.broker_connected ? "connected" : "disconnected");
  }
  spdlog::info("stopping");
  (*gateway)->stop();
}

const CommandRegistrar kEdge(
    "edge",
    [](CLI::App& root) {
      auto args = std::make_shared<EdgeArgs>();
      auto* cmd = root.add_subcommand(
          "edge", "Run an edge gateway: machine sources -> disk buffer -> central kerf over MQTT");
      cmd->add_option("--config", args->config, "edge.toml (docs/edge.md)")->required();
      cmd->add_option("--log-level", args->log_level, "trace|debug|info|warn|error|off");
      cmd->callback([args] { run_edge(*args); });
    },
    20);

}  // namespace
}  // namespace kerf::cli
