// Internal to app: the per-gate rules of ApprovalService (kerf/app/approval_service.h):
// the validation of an action's shape (approval_actions.cpp) and the effects of a decision
// (approval_effects.cpp), each run inside the caller's Change.
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kerf/app/approval_service.h"
#include "kerf/app/change.h"
#include "kerf/core/result.h"

namespace kerf::app {

// The action normalised to its gate's canonical shape (unknown members dropped, times as ISO
// 8601, ids as integers), or kInvalidArgument with fields "action.<field>" (e.g.
// "action.windows/0/end"). Checks shapes and ranges only; references are checked by
// check_action_references.
Result<nlohmann::json> normalize_action(GateKind gate, const nlohmann::json& action);

// Field errors "action.<field>" for referenced rows that do not exist (jobs, work centers,
// customers).
Status check_action_references(store::Tx& tx, GateKind gate, const nlohmann::json& action);

// The job ids an action concerns (for approvals' job_ids when the input gives none).
std::vector<int64_t> action_job_ids(GateKind gate, const nlohmann::json& action);

// At open: quality_hold places the containment hold on the action's holdable jobs (reason
// "quality hold (approval N)") and returns {held_job_ids: [...]}; customer_escalation drafts
// the customer_messages row and returns {message_id}; other gates return null. The result is
// merged into the approval's evidence under "containment" / "message".
Result<nlohmann::json> open_effect(Change& c, GateKind gate, int64_t approval_id,
                                   const nlohmann::json& action, const nlohmann::json& evidence);

// Applies a decision: `approve` true for approve/edit, false for reject. `action` is the
// normalised action to apply; `evidence` the stored evidence (containment facts). Returns the
// action as applied (null when nothing was applied). An error means the effect could not be
// applied: the caller rolls back and records the approval as failed.
Result<nlohmann::json> apply_decision(Change& c, GateKind gate, int64_t approval_id, bool approve,
                                      const nlohmann::json& action, const nlohmann::json& evidence);

}  // namespace kerf::app
