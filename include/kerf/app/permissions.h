// Who may do what: the one table of role rules. The API router (403 before a handler runs),
// openapi.json (x-kerf-roles) and every use case (defense in depth) read it; nothing else lists
// roles. Admin may do everything. A principal holding several roles may do what any of them may.
#pragma once

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::app {

enum class Permission {
  kRead,                 // read jobs, operations, schedule, materials, master data
  kWriteJobs,            // create, update, delete, release, cancel, import jobs
  kHoldJobs,             // hold and unhold jobs
  kRecordWork,           // start, pause, resume, complete operations
  kRecordWorkForOthers,  // record work under another user's operator_id
  kEditSchedule,         // move, pin, unpin schedule slots
  kRunScheduler,         // run, cancel, commit scheduling runs; repair proposals
  kReceiveMaterial,      // receive sheets
  kConsumeMaterial,      // consume sheets against a job
  kWriteMasterData,      // work centers, parts, calendars, customers, safety stock
  kWriteTools,           // punch tools
  kWriteCertifications,  // welder certifications
  kManageUsers,          // list, create, change roles, deactivate users; user.* events
  kReadAudit,            // the audit log
  kWriteMachines,        // create, update, delete machines (admin only)
  kScanAtStation,        // post scans for a barcode/RFID station (acts as the badged user)
  kSigmanestSync,        // the Sigmanest sync's own writes (queue, marks, packet keys; admin)
  kSigmanestRetry,       // send a failed/lost/refused Sigmanest row again
  kWriteNests,           // post, start/stop, cut, delete nests (Sigmanest integration, planner)
  kOperateNests,         // start, stop, finish, reject parts of, delete programs on the laser
  kRunWhatIf,            // scheduling runs with what_if = true (never committed); planner, agent
  kAgentWork,            // the agents' own writes: threads, checkpoints, cursors, open/expire
                         // approvals (agent principal; admin)
  kDecideApprovals,      // approve/reject/edit an approval: checked per gate against its routed
                         // role (app/approval_service.h); never the agent principal
};

struct PermissionRule {
  Permission permission;
  std::string_view name;           // stable identifier, e.g. "run_scheduler"
  std::string_view action;         // for error messages: "run the scheduler"
  std::vector<model::Role> roles;  // allowed besides admin
  bool any_user = false;           // every authenticated user may (roles is then empty)
};

// Every rule, in enum order.
std::span<const PermissionRule> permission_rules();
// The rule of `p`.
const PermissionRule& rule_of(Permission p);
// True if `who` holds admin or any role of `p`'s rule (or the rule is open to everyone).
bool may(const Principal& who, Permission p);
// Ok if may(who, p); else kPermissionDenied "role planner or lead required to <action>".
Status authorize(const Principal& who, Permission p);
// The role names allowed for `p` besides admin (["any"] when open to every authenticated user,
// ["admin"] when admin alone may).
std::vector<std::string> role_names(Permission p);

}  // namespace kerf::app
