// The agents' CheckpointStore in kerf's database: each super-step's checkpoint (as the
// checkpoint document of kerf/agents/graph/checkpoint_json.h), its trace rows and the thread
// row derived from the checkpoint (status, reason, approval waited for, budget, trigger) are
// saved through app::AgentLedger in one transaction, under the agent principal.
#pragma once

#include <string>
#include <vector>

#include "kerf/agents/graph/runner.h"
#include "kerf/app/agent_ledger.h"

namespace kerf::agents {

class LedgerCheckpointStore final : public CheckpointStore {
 public:
  explicit LedgerCheckpointStore(app::AgentLedger& ledger) : ledger_(ledger) {}

  // kConflict when the thread already has a checkpoint at or after cp.step.
  Status save(const Checkpoint& cp, const std::vector<StepRecord>& steps) override;
  // kNotFound when the thread has no checkpoint; kInvalidArgument for a corrupt document.
  Result<Checkpoint> latest(const std::string& thread_id) override;

 private:
  app::AgentLedger& ledger_;
};

// "event 812 material.below_safety_stock", "scan capacity laser 2026-11-23": what started a
// thread, from its "trigger" channel.
std::string trigger_text(const Json& trigger);

// The thread row a checkpoint implies.
app::AgentThreadRow thread_row_of(const Checkpoint& cp);

}  // namespace kerf::agents
