// The Sigmanest sync: one poll = outbound (outbox -> TransAct rows queued, sent, tracked), then
// inbound (feedback packets -> nests), then a poll note in the ledger (time, gateway, error,
// "SimTrans stopped"). `kerf serve` registers it as the background task "sigmanest.sync" with
// period = the configured poll interval. docs/sigmanest_outbound.md, docs/sigmanest_inbound.md.
#pragma once

#include <functional>
#include <memory>
#include <mutex>

#include "kerf/app/background.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/integrations/sigmanest/config.h"
#include "kerf/integrations/sigmanest/gateway.h"
#include "kerf/integrations/sigmanest/outbound.h"

namespace kerf::integrations::sigmanest {

// The integration's principal: the system principal under the name "sigmanest" (audit actor).
app::Principal sync_principal();

class Sync {
 public:
  // `config` must validate (validate(config)); `gateway` outlives the Sync.
  Sync(app::Services& services, Gateway& gateway, SigmanestConfig config, Env& env);
  ~Sync();
  Sync(const Sync&) = delete;
  Sync& operator=(const Sync&) = delete;

  // The inbound step run after outbound (Inbound::poll). Unset: outbound only.
  void set_inbound(std::function<Status()> inbound);

  // One poll (outbound, inbound, note). Returns the first error; the poll note records it
  // either way. Serialised: concurrent calls run one after the other.
  Status poll_once();
  // Registers "sigmanest.sync" (period = config.poll_interval) calling poll_once.
  void add_background_tasks(app::Background& background);

  // Figures of the last poll's outbound step.
  OutboundStats last_outbound() const;
  Outbound& outbound() { return *outbound_; }

 private:
  app::Services& services_;
  Gateway& gateway_;
  SigmanestConfig config_;
  Env& env_;
  app::Principal who_;
  std::unique_ptr<Outbound> outbound_;
  std::function<Status()> inbound_;
  mutable std::mutex mu_;
  OutboundStats last_;
  bool announced_ = false;  // the gateway was recorded before the first exchange
};

}  // namespace kerf::integrations::sigmanest
