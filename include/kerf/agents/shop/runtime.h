// The shop's agents at work inside `kerf serve`: reads committed domain events from the outbox
// after its durable cursor, lets the supervisor route each to the specialists (Scheduler,
// Dispatch, Capacity, Material, Quality, Customer liaison; each a subgraph), runs a thread per
// (specialist, trigger), resumes interrupted threads when their approval is decided
// ("approval.decided"), proceeds threads left running by a restart, and runs periodic scans
// (capacity forecast / overtime, stock vs safety and demand, VIP ETAs). Acts under
// app::agent_principal() only. On several nodes one runs it (lease "agents").
// docs/agents.md.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "kerf/agents/llm/client.h"
#include "kerf/agents/shop/settings.h"
#include "kerf/app/agents_port.h"
#include "kerf/app/principal.h"
#include "kerf/core/result.h"

namespace kerf::app {
class Background;
class Services;
namespace scheduling {
class SchedulingService;
}
}  // namespace kerf::app

namespace kerf::agents {

class AgentRuntime final : public app::AgentsPort {
 public:
  // `llm` may be null (deterministic agents). Everything must outlive the runtime.
  AgentRuntime(app::Services& services, app::scheduling::SchedulingService& scheduling,
               AgentSettings settings, std::unique_ptr<LlmClient> llm);
  ~AgentRuntime() override;

  // Handles outbox events after the cursor (at most `limit`): routes, starts or resumes
  // threads, advances the cursor past each handled event. Returns how many events it handled.
  Result<int64_t> poll_once(int64_t limit = 200);
  // The periodic scans; returns how many threads they started.
  Result<int64_t> scan_once();
  // Continues threads whose checkpoint says running (after a restart); returns how many.
  Result<int64_t> recover();
  // A free-text request ("why is J-24072 late and what can we do?") answered by the assistant
  // agent: with a model, tool calls over read-only kerf tools; without one, deterministic
  // answers (late job explanation from the plan's critical chain, ETA, stock). Any
  // authenticated user; returns {thread_id, status, answer, used_model, facts}. Field error
  // "question" (empty, > 2000 characters).
  Result<nlohmann::json> ask(const app::Principal& who, const std::string& question) override;
  // {enabled, llm: {configured, model, reason}, breakers, cursor, last_poll_at, last_error,
  //  threads: {status: count}}.
  nlohmann::json status() const override;

  // Registers "agents.poll" (poll_period, with the "agents" lease), "agents.scan" (scan_period)
  // and runs recover() once when it first holds the lease.
  void add_background_tasks(app::Background& background);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace kerf::agents
