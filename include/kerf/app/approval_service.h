// Human approval gates: the decisions that matter wait for a person. An agent (agent
// principal) opens an approval with its evidence and the proposed action; the inbox lists
// pending approvals to the roles they are routed to; a person approves, rejects or edits (with
// a comment). Deciding applies the (possibly edited) action through the same rules as the
// manual use case, records the decision and its audit row, and emits "approval.decided", ALL IN
// ONE TRANSACTION, so an approval is applied at most once; the agent thread then resumes.
// Agents cannot apply a gated action any other way: the agent role lacks the permissions the
// actions need (kerf/app/permissions.h), and decide() refuses the agent principal.
// docs/approvals.md.
//
// Gates (kind; routed role besides admin; action JSON; effect of approve/edit):
//  rush_order          planner  {job_id, priority}                 job priority set (override)
//  overtime            lead     {department, work_center_ids, windows: [{start, end}]}
//                                                                  overtime windows added to
//                                                                  those work centers' calendars
//  quality_hold        quality  {job_ids, disposition: "scrap"|"release"}
//                               (the agent placed a containment hold when it opened the
//                               approval) release = unhold the jobs; scrap = cancel the jobs
//                               with reason "quality scrap (approval N)". Reject = release.
//  material_shortage   planner  {material, thickness_mm, substitute_material,
//                                substitute_thickness_mm, job_ids, reorder_sheets}
//                                                                  the jobs' material
//                                                                  substitution is set
//  customer_escalation shipping {customer_id, job_ids, subject, body, new_eta}
//                                                                  customer message recorded
//                                                                  as sent (event
//                                                                  "customer.message.sent")
// Reject applies nothing (except quality_hold: release). Edit validates the edited action like
// the proposed one (same kind, field errors "action.<field>").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kerf/app/principal.h"
#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

enum class GateKind { kRushOrder, kOvertime, kQualityHold, kMaterialShortage, kCustomerEscalation };
// "rush_order", "overtime", "quality_hold", "material_shortage", "customer_escalation"
std::string_view to_string(GateKind k);
Result<GateKind> parse_gate_kind(std::string_view text, const std::string& field = "gate");
// The role an approval of `k` is routed to (admin always sees every approval).
model::Role routed_role(GateKind k);

enum class ApprovalStatus { kPending, kApproved, kRejected, kFailed, kExpired };
// "pending", "approved", "rejected", "failed" (the action could not be applied: reason in
// `error`, nothing applied), "expired" (superseded: the condition cleared before a decision)
std::string_view to_string(ApprovalStatus s);
Result<ApprovalStatus> parse_approval_status(std::string_view text);

struct ApprovalInput {
  GateKind gate = GateKind::kRushOrder;
  std::string thread_id;     // the agent thread waiting for it
  std::string dedupe_key;    // unique among approvals: opening twice returns the first
  std::string title;         // one line, e.g. "Rush J-24090 moves 5 jobs"
  std::string summary;       // a paragraph (deterministic text, or the model's explanation)
  nlohmann::json evidence;   // what the person needs: what-if metrics, affected jobs, stock,
                             // trend series; shape per gate in docs/approvals.md
  nlohmann::json action;     // the proposed action (shape per gate above)
  std::vector<int64_t> job_ids;  // jobs concerned (links in the UI, filters)
};

struct Approval {
  int64_t id = 0;
  GateKind gate = GateKind::kRushOrder;
  ApprovalStatus status = ApprovalStatus::kPending;
  model::Role role = model::Role::kPlanner;
  std::string thread_id;
  std::string dedupe_key;
  std::string title;
  std::string summary;
  nlohmann::json evidence;
  nlohmann::json action;          // as proposed
  nlohmann::json applied_action;  // as applied (edited or proposed); null until decided
  std::vector<int64_t> job_ids;
  std::string verdict;            // approve, reject, edit ("" while pending)
  std::string comment;
  std::string decided_by;
  std::optional<TimePoint> decided_at;
  std::string error;              // failed: why
  TimePoint created_at;
};

struct DecisionInput {
  int64_t approval_id = 0;
  std::string verdict;            // "approve", "reject", "edit" (field "verdict")
  nlohmann::json edited_action;   // required for edit (field "action")
  std::string comment;            // required for reject and edit (field "comment"), <= 2000
};

// The API/UI document of an approval: {id, gate, status, role, thread_id, title, summary,
// evidence, action, applied_action, job_ids, verdict, comment, decided_by, decided_at, error,
// created_at} (times ISO 8601, decided_at null while pending).
nlohmann::json json_of(const Approval& approval);

class ApprovalService {
 public:
  explicit ApprovalService(ChangeRunner& changes) : changes_(changes) {}

  // Agent principal only: opens a pending approval (validates action against the gate's shape,
  // field errors "action.<field>"; evidence must be an object). Returns the existing approval
  // when dedupe_key is already used. Audited (entity "approval", action "open"), event
  // "approval.opened" {approval_id, gate, role, title, thread_id, job_ids}. For quality_hold it
  // also holds the jobs in the same transaction (containment, reason "quality hold (approval
  // N)").
  Result<Approval> open(const Principal& who, const ApprovalInput& input);
  // The routed role or admin; never the agent principal (kPermissionDenied). Applies and
  // records the decision in one transaction (see the header comment). kFailedPrecondition when
  // not pending (decided twice, expired); field errors as above. When the action cannot be
  // applied (e.g. the job was cancelled meanwhile) the approval becomes failed with the reason
  // and nothing else is written. Event "approval.decided" {approval_id, gate, verdict, status,
  // thread_id, decided_by}.
  Result<Approval> decide(const Principal& who, const DecisionInput& input);
  // Agent principal: a pending approval whose condition cleared is marked expired (audited,
  // event "approval.decided" with status expired).
  Result<Approval> expire(const Principal& who, int64_t approval_id, const std::string& reason);
  // Any authenticated user sees the approvals routed to one of their roles (admin: all);
  // filters status, gate; newest first.
  Result<store::Page<Approval>> list(const Principal& who, const store::ListQuery& query);
  // kNotFound also when not routed to one of the caller's roles.
  Result<Approval> get(const Principal& who, int64_t approval_id);
  // Pending counts per gate visible to `who` (the inbox badge).
  Result<nlohmann::json> counts(const Principal& who);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
