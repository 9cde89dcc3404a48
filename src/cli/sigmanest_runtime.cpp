#include "cli/sigmanest_runtime.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "kerf/app/lease.h"
#include "kerf/core/config.h"
#include "kerf/integrations/sigmanest/file_gateway.h"
#include "kerf/integrations/sigmanest/odbc_gateway.h"

namespace kerf::cli {

namespace sn = integrations::sigmanest;
namespace sim = integrations::simtrans_sim;

namespace {

constexpr const char* kLeaseKey = "sigmanest";

// The demo's SimTrans database: a SQLite file next to kerf's data, through the SQLite3 driver.
Result<sn::SigmanestConfig> demo_config(const Settings& settings) {
  std::error_code ec;
  std::filesystem::create_directories(settings.data_dir, ec);
  if (ec) return Error::invalid("data_dir", "cannot create " + settings.data_dir);
  const std::string file =
      (std::filesystem::absolute(settings.data_dir) / "simtrans-demo.db").string();
  sn::SigmanestConfig c;
  c.enabled = true;
  c.initial_load = true;  // the seeded shop's open work orders and stock
  c.gateway = "odbc";
  c.connection_string = "Driver=SQLite3;Database=" + file + ";Timeout=5000;";
  c.poll_interval = std::chrono::milliseconds(2000);
  // Sigmanest's own material names, as a plant's material table would have them.
  c.material_names = {{model::Material::kStainless304, "304-2B"},
                      {model::Material::kStainless316, "316-2B"},
                      {model::Material::kMildSteel, "A36"},
                      {model::Material::kAluminium5052, "5052-H32"},
                      {model::Material::kGalvanised, "G90"}};
  if (auto st = sn::validate(c); !st) return st.error();
  return c;
}

Result<std::unique_ptr<sn::Gateway>> make_gateway(const sn::SigmanestConfig& c, Env& env) {
  if (c.gateway == "file") {
    sn::FileGatewayOptions o;
    o.outbound_dir = c.outbound_dir;
    o.inbound_dir = c.inbound_dir;
    auto g = sn::FileGateway::open(o, env);
    if (!g) return g.error();
    return std::unique_ptr<sn::Gateway>(std::move(*g));
  }
  sn::OdbcGatewayOptions o;
  o.connect.connection_string = c.full_connection_string();
  o.transact_schema = c.transact_qualifier;
  o.feedback_schema = c.feedback_qualifier;
  o.ack_mode = c.ack_mode;
  auto g = sn::OdbcGateway::create(o);
  if (!g) return g.error();
  return std::unique_ptr<sn::Gateway>(std::move(*g));
}

}  // namespace

SigmanestRuntime::SigmanestRuntime(app::Services& services, sn::SigmanestConfig config)
    : services_(services), config_(std::move(config)) {}

SigmanestRuntime::~SigmanestRuntime() {
  if (simulator_thread_.joinable()) {
    simulator_thread_.request_stop();
    simulator_thread_.join();
  }
  if (sync_) (void)app::release_lease(services_, kLeaseKey);
}

Result<std::unique_ptr<SigmanestRuntime>> SigmanestRuntime::start(app::Services& services,
                                                                  const Settings& settings) {
  auto config = sn::parse_sigmanest_config(settings.config_toml, kerf_environment());
  if (!config) return config.error();
  const bool simulate = !config->enabled && settings.demo;
  if (!config->enabled && !simulate) return std::unique_ptr<SigmanestRuntime>();
  if (simulate) {
    config = demo_config(settings);
    if (!config) return config.error();
  }
  std::unique_ptr<SigmanestRuntime> rt(new SigmanestRuntime(services, *config));
  if (simulate) {
    sim::SimulatorOptions o;
    o.connection_string = rt->config_.connection_string;
    o.district = rt->config_.district;
    o.env = &services.env();
    o.machine_name = "LAS-6K";  // the demo shop's 6 kW laser
    o.cut_time_scale = 20;      // the demo's lasers cut the first programs within a minute
    auto s = sim::SimTransSimulator::open(o);
    if (!s) return Error::make(s.error().code, "sigmanest.simulator: " + s.error().message);
    if (auto st = (*s)->create_schema(); !st) {
      return Error::make(st.error().code, "sigmanest.simulator: " + st.error().message);
    }
    rt->simulator_ = std::move(*s);
  }
  auto gateway = make_gateway(rt->config_, services.env());
  if (!gateway) return gateway.error();
  rt->gateway_ = std::move(*gateway);
  sn::InboundOptions in;
  in.ack_mode = rt->config_.ack_mode;
  in.batch_packets = rt->config_.feedback_batch;
  in.slots.job_id = rt->config_.slots.job_id;
  in.slots.part_id = rt->config_.slots.part_id;
  rt->inbound_ = std::make_unique<sn::Inbound>(services, *rt->gateway_, in, services.env());
  rt->sync_ = std::make_unique<sn::Sync>(services, *rt->gateway_, rt->config_, services.env());
  rt->sync_->set_inbound([inbound = rt->inbound_.get()]() -> Status {
    auto stats = inbound->poll();
    if (!stats) return stats.error();
    return ok_status();
  });
  spdlog::info("sigmanest: {} gateway{}, polling every {} ms", rt->gateway_->kind(),
               simulate ? " to the demo's SimTrans simulator" : "",
               rt->config_.poll_interval.count());
  return rt;
}

Status SigmanestRuntime::poll_if_leader() {
  auto leader = app::hold_lease(services_, kLeaseKey, 3 * config_.poll_interval);
  if (!leader) return leader.error();
  if (!*leader) return ok_status();
  return sync_->poll_once();
}

void SigmanestRuntime::add_background_tasks(app::Background& background) {
  background.add_periodic("sigmanest.sync", config_.poll_interval,
                          [this] { return poll_if_leader(); });
}

void SigmanestRuntime::run() {
  if (!simulator_) return;
  simulator_thread_ =
      std::jthread([sim = simulator_.get()](std::stop_token stop) { sim->run(stop); });
}

}  // namespace kerf::cli
