// Approvals (human approval gates) and the customer messages the agents draft (migration 10).
// JSON documents are stored as text; app::ApprovalService (kerf/app/approval_service.h) owns
// the rules. docs/approvals.md.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

struct ApprovalRecord {
  int64_t id = 0;
  std::string gate;    // rush_order, overtime, quality_hold, material_shortage,
                       // customer_escalation
  std::string status;  // pending, approved, rejected, failed, expired
  std::string role;    // routed role
  std::string thread_id;
  std::string dedupe_key;
  std::string title;
  std::string summary;
  std::string evidence;                       // JSON text (object)
  std::string action;                         // JSON text (object)
  std::optional<std::string> applied_action;  // JSON text; NULL until decided
  std::string job_ids;                        // JSON text (array of ids)
  std::string verdict;
  std::string comment;
  std::string decided_by;
  std::optional<TimePoint> decided_at;
  std::string error;
  TimePoint created_at;
};

// Inserts a pending approval; returns it with its id. kConflict (field "dedupe_key") when the
// key is taken.
Result<ApprovalRecord> insert_approval(Tx& tx, const ApprovalRecord& approval);
// kNotFound "approval N not found".
Result<ApprovalRecord> get_approval(Tx& tx, int64_t id);
Result<std::optional<ApprovalRecord>> find_approval_by_dedupe_key(Tx& tx, const std::string& key);
// Writes the decision columns (status, applied_action, verdict, comment, decided_by,
// decided_at, error) of a still pending approval; kFailedPrecondition "approval N is <status>"
// when it is no longer pending.
Status decide_approval(Tx& tx, const ApprovalRecord& decided);

struct ApprovalFilter {
  std::vector<std::string> roles;  // routed to one of these; empty = every approval
  std::string status;              // "" = any
  std::string gate;                // "" = any
  int64_t limit = 50;              // 1..1000
  int64_t offset = 0;
};
// Approvals newest first (id descending).
Result<Page<ApprovalRecord>> list_approvals(Tx& tx, const ApprovalFilter& filter);
// Pending approvals per gate routed to one of `roles` (empty = all).
Result<std::map<std::string, int64_t>> pending_approvals_by_gate(
    Tx& tx, const std::vector<std::string>& roles);

struct CustomerMessageRecord {
  int64_t id = 0;
  int64_t customer_id = 0;
  int64_t approval_id = 0;  // 0 = none
  std::string job_ids;      // JSON text (array)
  std::string subject;
  std::string body;
  std::string status;  // draft, sent, discarded
  TimePoint created_at;
  std::optional<TimePoint> sent_at;
};

// Inserts the message; returns it with its id.
Result<CustomerMessageRecord> insert_customer_message(Tx& tx, const CustomerMessageRecord& message);
// The message drafted for an approval, or nullopt.
Result<std::optional<CustomerMessageRecord>> customer_message_of_approval(Tx& tx,
                                                                          int64_t approval_id);
// Saves subject, body, status and sent_at; kNotFound for an unknown id.
Status update_customer_message(Tx& tx, const CustomerMessageRecord& message);
// Messages of a customer newest first (filters "customer_id", "status", "approval_id").
Result<Page<CustomerMessageRecord>> list_customer_messages(Tx& tx, const ListQuery& query);

}  // namespace kerf::store
