#include "kerf/model/enums.h"

#include "enum_names.h"

namespace kerf::model {

std::string_view to_string(Department d) {
  switch (d) {
    case Department::kLaser:
      return "laser";
    case Department::kPunch:
      return "punch";
    case Department::kForming:
      return "forming";
    case Department::kWelding:
      return "welding";
    case Department::kPolishing:
      return "polishing";
    case Department::kAssembly:
      return "assembly";
    case Department::kShipping:
      return "shipping";
  }
  return "?";
}

Result<Department> parse_department(std::string_view text) {
  return detail::parse_enum<Department>(text, kAllDepartments, "department");
}

std::string_view to_string(Material m) {
  switch (m) {
    case Material::kStainless304:
      return "stainless_304";
    case Material::kStainless316:
      return "stainless_316";
    case Material::kMildSteel:
      return "mild_steel";
    case Material::kAluminium5052:
      return "aluminium_5052";
    case Material::kGalvanised:
      return "galvanised";
  }
  return "?";
}

Result<Material> parse_material(std::string_view text) {
  return detail::parse_enum<Material>(text, kAllMaterials, "material");
}

double density_kg_per_m3(Material m) {
  switch (m) {
    case Material::kStainless304:
      return 7930;
    case Material::kStainless316:
      return 7980;
    case Material::kMildSteel:
      return 7850;
    case Material::kAluminium5052:
      return 2680;
    case Material::kGalvanised:
      return 7850;
  }
  return 7850;
}

std::string_view to_string(Process p) {
  switch (p) {
    case Process::kLaserCut:
      return "laser_cut";
    case Process::kPunch:
      return "punch";
    case Process::kBend:
      return "bend";
    case Process::kPanelBend:
      return "panel_bend";
    case Process::kRoll:
      return "roll";
    case Process::kTigWeld:
      return "tig_weld";
    case Process::kMigWeld:
      return "mig_weld";
    case Process::kSpotWeld:
      return "spot_weld";
    case Process::kStudWeld:
      return "stud_weld";
    case Process::kGrind:
      return "grind";
    case Process::kPolish:
      return "polish";
    case Process::kAssemble:
      return "assemble";
    case Process::kInspect:
      return "inspect";
    case Process::kPack:
      return "pack";
    case Process::kShip:
      return "ship";
  }
  return "?";
}

Result<Process> parse_process(std::string_view text) {
  return detail::parse_enum<Process>(text, kAllProcesses, "process");
}

Department department_of(Process p) {
  switch (p) {
    case Process::kLaserCut:
      return Department::kLaser;
    case Process::kPunch:
      return Department::kPunch;
    case Process::kBend:
    case Process::kPanelBend:
    case Process::kRoll:
      return Department::kForming;
    case Process::kTigWeld:
    case Process::kMigWeld:
    case Process::kSpotWeld:
    case Process::kStudWeld:
      return Department::kWelding;
    case Process::kGrind:
    case Process::kPolish:
      return Department::kPolishing;
    case Process::kAssemble:
    case Process::kInspect:
      return Department::kAssembly;
    case Process::kPack:
    case Process::kShip:
      return Department::kShipping;
  }
  return Department::kAssembly;
}

std::string_view to_string(WorkCenterStatus s) {
  switch (s) {
    case WorkCenterStatus::kAvailable:
      return "available";
    case WorkCenterStatus::kDown:
      return "down";
    case WorkCenterStatus::kMaintenance:
      return "maintenance";
  }
  return "?";
}

Result<WorkCenterStatus> parse_work_center_status(std::string_view text) {
  return detail::parse_enum<WorkCenterStatus>(text, kAllWorkCenterStatuses, "status");
}

std::string_view to_string(Role r) {
  switch (r) {
    case Role::kOperator:
      return "operator";
    case Role::kLead:
      return "lead";
    case Role::kPlanner:
      return "planner";
    case Role::kQuality:
      return "quality";
    case Role::kShipping:
      return "shipping";
    case Role::kAdmin:
      return "admin";
    case Role::kAgent:
      return "agent";
  }
  return "?";
}

Result<Role> parse_role(std::string_view text) {
  if (text == "agent") {
    return Error::invalid("role", "agent is the shop agents' own role, not assignable to a user");
  }
  return detail::parse_enum<Role>(text, kAllRoles, "role");
}

std::string_view to_string(ToolKind k) {
  switch (k) {
    case ToolKind::kPunch:
      return "punch";
    case ToolKind::kDie:
      return "die";
    case ToolKind::kFormTool:
      return "form_tool";
    case ToolKind::kBrakePunch:
      return "brake_punch";
    case ToolKind::kBrakeDie:
      return "brake_die";
  }
  return "?";
}

Result<ToolKind> parse_tool_kind(std::string_view text) {
  return detail::parse_enum<ToolKind>(text, kAllToolKinds, "kind");
}

}  // namespace kerf::model
