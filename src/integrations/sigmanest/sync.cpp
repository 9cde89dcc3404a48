#include "kerf/integrations/sigmanest/sync.h"

#include <spdlog/spdlog.h>

namespace kerf::integrations::sigmanest {

app::Principal sync_principal() {
  app::Principal p = app::system_principal();
  p.username = "sigmanest";
  return p;
}

Sync::Sync(app::Services& services, Gateway& gateway, SigmanestConfig config, Env& env)
    : services_(services),
      gateway_(gateway),
      config_(std::move(config)),
      env_(env),
      who_(sync_principal()),
      outbound_(std::make_unique<Outbound>(services, gateway, config_, who_)) {}

Sync::~Sync() = default;

void Sync::set_inbound(std::function<Status()> inbound) {
  std::lock_guard lock(mu_);
  inbound_ = std::move(inbound);
}

Status Sync::poll_once() {
  std::lock_guard lock(mu_);
  if (!announced_) {
    // Status shows the gateway as soon as the first rows can go out, not after the first poll.
    Status noted = services_.sigmanest().note_gateway(who_, gateway_.kind());
    if (!noted.ok()) return noted;
    announced_ = true;
  }
  std::string error;
  bool stopped = false;
  auto out = outbound_->run_once();
  if (out.ok()) {
    last_ = *out;
    stopped = out->simtrans_stopped;
  } else {
    error = "outbound: " + out.error().message;
  }
  Status in = ok_status();
  if (inbound_) {
    in = inbound_();
    if (!in.ok() && error.empty()) error = "inbound: " + in.error().message;
  }
  if (!out.ok() && out.error().code == ErrorCode::kUnavailable) {
    // The peer could not be reached: whether SimTrans runs is unknown; keep the last verdict.
    auto st = services_.sigmanest().status(who_);
    if (st.ok()) stopped = st->simtrans_stopped;
  }
  Status noted = services_.sigmanest().note_poll(who_, gateway_.kind(), error, stopped);
  if (!out.ok()) return out.error();
  if (!in.ok()) return in;
  return noted;
}

void Sync::add_background_tasks(app::Background& background) {
  background.add_periodic(
      "sigmanest.sync",
      std::chrono::duration_cast<std::chrono::milliseconds>(config_.poll_interval),
      [this] { return poll_once(); });
}

OutboundStats Sync::last_outbound() const {
  std::lock_guard lock(mu_);
  return last_;
}

}  // namespace kerf::integrations::sigmanest
