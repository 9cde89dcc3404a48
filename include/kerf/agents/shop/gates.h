// The gate conditions: plain C++ predicates on data, never a model's judgement. Every agent path
// that could lead to a gated action goes through one of these and, when it holds, opens an
// approval (app::ApprovalService) instead of acting; the agent role cannot apply gated actions
// at all (app/permissions.h), so a gate cannot be bypassed.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/agents/shop/settings.h"

namespace kerf::agents {

// A rush job's what-if plan moves `moved_jobs` other jobs (end later by more than
// rush_moved_threshold_s): approval when moved_jobs > rush_max_moved_jobs.
bool rush_needs_approval(const GateThresholds& t, int64_t moved_jobs);
// Recommended overtime for one department: approval when hours > overtime_max_hours.
bool overtime_needs_approval(const GateThresholds& t, double hours);
// A scrap/defect report with these reason codes is critical when any is in
// critical_defect_codes (case-insensitive).
bool is_critical_defect(const GateThresholds& t, const std::vector<std::string>& codes);
// Stock of a material/thickness is short when available < safety minimum.
bool below_safety_stock(int64_t available, int64_t safety_minimum);
// A customer escalation: the customer is VIP and the job's ETA passes its due date by more
// than vip_slip_s.
bool vip_escalation(const GateThresholds& t, bool vip, int64_t eta_minus_due_s);

}  // namespace kerf::agents
