// The model's enumerations with stable snake_case names: to_string() gives the name used in JSON,
// SQL and CSV; parse_*() accepts exactly that name and reports the bad value otherwise.
#pragma once

#include <array>
#include <string_view>

#include "kerf/core/result.h"

namespace kerf::model {

// The shop's departments, in routing order.
enum class Department { kLaser, kPunch, kForming, kWelding, kPolishing, kAssembly, kShipping };
inline constexpr std::array kAllDepartments = {
    Department::kLaser,     Department::kPunch,    Department::kForming, Department::kWelding,
    Department::kPolishing, Department::kAssembly, Department::kShipping};
std::string_view to_string(Department d);  // "laser", "punch", ..., "shipping"
Result<Department> parse_department(std::string_view text);

// Sheet materials stocked by the shop.
enum class Material { kStainless304, kStainless316, kMildSteel, kAluminium5052, kGalvanised };
inline constexpr std::array kAllMaterials = {Material::kStainless304, Material::kStainless316,
                                             Material::kMildSteel, Material::kAluminium5052,
                                             Material::kGalvanised};
// "stainless_304", "stainless_316", "mild_steel", "aluminium_5052", "galvanised"
std::string_view to_string(Material m);
Result<Material> parse_material(std::string_view text);
// Density in kg/m^3 (for weight estimates).
double density_kg_per_m3(Material m);

// Manufacturing processes a work center can perform and an operation requires.
enum class Process {
  kLaserCut,
  kPunch,
  kBend,       // press brake
  kPanelBend,  // panel bender
  kRoll,
  kTigWeld,
  kMigWeld,
  kSpotWeld,
  kStudWeld,
  kGrind,
  kPolish,
  kAssemble,
  kInspect,
  kPack,
  kShip,
};
inline constexpr std::array kAllProcesses = {
    Process::kLaserCut, Process::kPunch,   Process::kBend,    Process::kPanelBend,
    Process::kRoll,     Process::kTigWeld, Process::kMigWeld, Process::kSpotWeld,
    Process::kStudWeld, Process::kGrind,   Process::kPolish,  Process::kAssemble,
    Process::kInspect,  Process::kPack,    Process::kShip};
// "laser_cut", "punch", "bend", "panel_bend", "roll", "tig_weld", "mig_weld", "spot_weld",
// "stud_weld", "grind", "polish", "assemble", "inspect", "pack", "ship"
std::string_view to_string(Process p);
Result<Process> parse_process(std::string_view text);
// The department a process normally belongs to (kTigWeld -> kWelding, kShip -> kShipping...).
Department department_of(Process p);

// Operational state of a work center.
enum class WorkCenterStatus { kAvailable, kDown, kMaintenance };
inline constexpr std::array kAllWorkCenterStatuses = {
    WorkCenterStatus::kAvailable, WorkCenterStatus::kDown, WorkCenterStatus::kMaintenance};
std::string_view to_string(WorkCenterStatus s);  // "available", "down", "maintenance"
Result<WorkCenterStatus> parse_work_center_status(std::string_view text);

// User roles (role-based access control). kAgent is the shop agents' own role (the agent
// principal, kerf/app/principal.h): never assignable to a user, so it is not in kAllRoles
// (the roles user input and the UI list) and parse_role refuses it.
enum class Role { kOperator, kLead, kPlanner, kQuality, kShipping, kAdmin, kAgent };
inline constexpr std::array kAllRoles = {Role::kOperator, Role::kLead,     Role::kPlanner,
                                         Role::kQuality,  Role::kShipping, Role::kAdmin};
// "operator", "lead", "planner", "quality", "shipping", "admin", "agent"
std::string_view to_string(Role r);
// A user-assignable role (kAllRoles); "agent" is refused ("role": "is not assignable...").
Result<Role> parse_role(std::string_view text);

// Kinds of tooling tracked for life.
enum class ToolKind { kPunch, kDie, kFormTool, kBrakePunch, kBrakeDie };
inline constexpr std::array kAllToolKinds = {ToolKind::kPunch, ToolKind::kDie, ToolKind::kFormTool,
                                             ToolKind::kBrakePunch, ToolKind::kBrakeDie};
// "punch", "die", "form_tool", "brake_punch", "brake_die"
std::string_view to_string(ToolKind k);
Result<ToolKind> parse_tool_kind(std::string_view text);

}  // namespace kerf::model
