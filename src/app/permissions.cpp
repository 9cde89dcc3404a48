#include "kerf/app/permissions.h"

#include <array>
#include <stdexcept>

namespace kerf::app {
namespace {

using model::Role;
using enum Permission;

const std::array<PermissionRule, 23> kRules = {{
    {kRead, "read", "read the shop", {}, true},
    {kWriteJobs, "write_jobs", "change jobs", {Role::kPlanner}},
    {kHoldJobs, "hold_jobs", "hold or unhold jobs", {Role::kPlanner, Role::kLead, Role::kQuality}},
    {kRecordWork, "record_work", "record work on operations", {Role::kOperator, Role::kLead}},
    {kRecordWorkForOthers,
     "record_work_for_others",
     "record work under another user",
     {Role::kLead}},
    {kEditSchedule, "edit_schedule", "move or pin schedule slots", {Role::kPlanner, Role::kLead}},
    {kRunScheduler, "run_scheduler", "run the scheduler", {Role::kPlanner}},
    {kReceiveMaterial,
     "receive_material",
     "receive material",
     {Role::kShipping, Role::kPlanner, Role::kLead}},
    {kConsumeMaterial,
     "consume_material",
     "consume material",
     {Role::kOperator, Role::kLead, Role::kPlanner}},
    {kWriteMasterData, "write_master_data", "change master data", {Role::kPlanner}},
    {kWriteTools, "write_tools", "change tools", {Role::kPlanner, Role::kLead}},
    {kWriteCertifications, "write_certifications", "change certifications", {Role::kQuality}},
    {kManageUsers, "manage_users", "manage users", {}},
    {kReadAudit, "read_audit", "read the audit log", {Role::kQuality, Role::kAgent}},
    {kWriteMachines, "write_machines", "change machines", {}},
    {kScanAtStation, "scan_at_station", "scan at a station", {Role::kOperator, Role::kLead}},
    {kSigmanestSync, "sigmanest_sync", "run the Sigmanest sync", {}},
    {kSigmanestRetry, "sigmanest_retry", "retry Sigmanest rows", {Role::kPlanner}},
    {kWriteNests, "write_nests", "post, cut or delete nests", {Role::kPlanner}},
    {kOperateNests,
     "operate_nests",
     "start, stop, finish or delete programs on the laser",
     {Role::kOperator, Role::kLead, Role::kPlanner}},
    {kRunWhatIf, "run_what_if", "run what-if schedules", {Role::kPlanner, Role::kAgent}},
    {kAgentWork, "agent_work", "do the agents' work", {Role::kAgent}},
    {kDecideApprovals,
     "decide_approvals",
     "decide approvals",
     {Role::kPlanner, Role::kLead, Role::kQuality, Role::kShipping}},
}};

}  // namespace

std::span<const PermissionRule> permission_rules() { return kRules; }

const PermissionRule& rule_of(Permission p) {
  const auto i = static_cast<std::size_t>(p);
  if (i >= kRules.size() || kRules[i].permission != p) {
    throw std::logic_error("permission table out of order");
  }
  return kRules[i];
}

bool may(const Principal& who, Permission p) {
  if (who.has_role(Role::kAdmin)) return true;
  const PermissionRule& rule = rule_of(p);
  if (rule.any_user) return true;
  for (Role r : rule.roles) {
    if (who.has_role(r)) return true;
  }
  return false;
}

Status authorize(const Principal& who, Permission p) {
  if (may(who, p)) return ok_status();
  std::string names;
  for (const auto& n : role_names(p)) names += (names.empty() ? "" : " or ") + n;
  return Error::make(ErrorCode::kPermissionDenied,
                     "role " + names + " required to " + std::string(rule_of(p).action));
}

std::vector<std::string> role_names(Permission p) {
  std::vector<std::string> out;
  if (rule_of(p).any_user) return {"any"};
  for (Role r : rule_of(p).roles) out.emplace_back(model::to_string(r));
  if (out.empty()) out.emplace_back("admin");
  return out;
}

}  // namespace kerf::app
