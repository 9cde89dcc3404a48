// The Sigmanest sync as `kerf serve` runs it: [sigmanest] from kerf.toml
// (docs/sigmanest_config.md), or, in the demo when the config leaves it off, a SimTrans + Sigmanest
// simulator on a SQLite file in the data directory reached through ODBC, so the demo's nests flow
// without a site. The sync runs on one node of the plant: the one holding the "sigmanest" lease.
#pragma once

#include <memory>
#include <thread>

#include "kerf/app/background.h"
#include "kerf/app/services.h"
#include "kerf/core/config.h"
#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/integrations/sigmanest/inbound.h"
#include "kerf/integrations/sigmanest/sync.h"
#include "kerf/integrations/simtrans_sim/simulator.h"

namespace kerf::cli {

class SigmanestRuntime {
 public:
  // nullptr when the sync is off (no [sigmanest] enabled and not the demo). Errors name the
  // config key or the step ("sigmanest.simulator: ...").
  static Result<std::unique_ptr<SigmanestRuntime>> start(app::Services& services,
                                                         const Settings& settings);
  ~SigmanestRuntime();
  SigmanestRuntime(const SigmanestRuntime&) = delete;
  SigmanestRuntime& operator=(const SigmanestRuntime&) = delete;

  // Registers "sigmanest.sync": a poll each interval while this node holds the lease.
  void add_background_tasks(app::Background& background);
  // Starts the demo simulator's loop (no-op without a simulator).
  void run();

 private:
  SigmanestRuntime(app::Services& services, integrations::sigmanest::SigmanestConfig config);
  Status poll_if_leader();

  app::Services& services_;
  integrations::sigmanest::SigmanestConfig config_;
  std::unique_ptr<integrations::simtrans_sim::SimTransSimulator> simulator_;
  std::unique_ptr<integrations::sigmanest::Gateway> gateway_;
  std::unique_ptr<integrations::sigmanest::Inbound> inbound_;
  std::unique_ptr<integrations::sigmanest::Sync> sync_;
  std::jthread simulator_thread_;
};

}  // namespace kerf::cli
