// Work centers, users, welder certifications and tooling of the demo shop.
#include <cstdio>
#include <string>

#include "demo_context.h"

namespace kerf::sim::detail {

using namespace model;

namespace {

constexpr int64_t kTwoShifts = 1;
constexpr int64_t kOvertime = 2;
constexpr int64_t kDayShift = 3;

struct WcSpec {
  const char* code;
  const char* name;
  Department department;
  std::set<Process> processes;
  std::set<Material> materials;  // empty = any
  double max_thickness_mm;
  double max_length_mm;
  double max_width_mm;
  double tonnage;
  double efficiency;
  int64_t rate_cents;
  int64_t calendar;
};

const std::set<Material> kStainlessAndAlu = {Material::kStainless304, Material::kStainless316,
                                             Material::kAluminium5052};
const std::set<Material> kCarbon = {Material::kMildSteel, Material::kGalvanised};

}  // namespace

void add_work_centers(Context& ctx) {
  const WcSpec specs[] = {
      {"LAS-6K",
       "Fiber laser 6 kW, 3000x1500",
       Department::kLaser,
       {Process::kLaserCut},
       {},
       20,
       3000,
       1500,
       0,
       1.0,
       16500,
       kOvertime},
      {"LAS-12K",
       "Fiber laser 12 kW, 4000x2000",
       Department::kLaser,
       {Process::kLaserCut},
       {},
       30,
       4000,
       2000,
       0,
       1.15,
       22500,
       kOvertime},
      {"LAS-TUBE",
       "Tube laser (frames, legs)",
       Department::kLaser,
       {Process::kLaserCut},
       {Material::kStainless304, Material::kMildSteel},
       5,
       6500,
       200,
       0,
       0.9,
       14000,
       kTwoShifts},
      {"PUN-TP30",
       "Turret punch 30 t, 58 stations",
       Department::kPunch,
       {Process::kPunch},
       {},
       6,
       3050,
       1525,
       30,
       1.0,
       12500,
       kOvertime},
      {"PUN-COMBI",
       "Punch/laser combination 22 t",
       Department::kPunch,
       {Process::kPunch, Process::kLaserCut},
       {},
       5,
       3050,
       1525,
       22,
       0.95,
       17500,
       kOvertime},
      {"PB-40E",
       "Electric press brake 40 t x 1250",
       Department::kForming,
       {Process::kBend},
       {},
       3,
       1250,
       0,
       40,
       1.2,
       8500,
       kTwoShifts},
      {"PB-135",
       "Press brake 135 t x 3100",
       Department::kForming,
       {Process::kBend},
       {},
       8,
       3100,
       0,
       135,
       1.0,
       9500,
       kTwoShifts},
      {"PB-220",
       "Press brake 220 t x 4100",
       Department::kForming,
       {Process::kBend},
       {},
       12,
       4100,
       0,
       220,
       0.9,
       11000,
       kTwoShifts},
      {"PNB-01",
       "Panel bender 2500",
       Department::kForming,
       {Process::kPanelBend},
       {},
       3,
       2500,
       1250,
       0,
       1.3,
       13500,
       kTwoShifts},
      {"ROL-01",
       "3-roll plate roll 2000",
       Department::kForming,
       {Process::kRoll},
       {},
       6,
       2000,
       0,
       0,
       1.0,
       7500,
       kTwoShifts},
      {"WLD-T1",
       "TIG weld cell 1",
       Department::kWelding,
       {Process::kTigWeld},
       kStainlessAndAlu,
       0,
       0,
       0,
       0,
       1.0,
       7800,
       kTwoShifts},
      {"WLD-T2",
       "TIG weld cell 2",
       Department::kWelding,
       {Process::kTigWeld},
       kStainlessAndAlu,
       0,
       0,
       0,
       0,
       1.0,
       7800,
       kTwoShifts},
      {"WLD-T3",
       "TIG weld cell 3",
       Department::kWelding,
       {Process::kTigWeld},
       kStainlessAndAlu,
       0,
       0,
       0,
       0,
       0.95,
       7800,
       kTwoShifts},
      {"WLD-T4",
       "TIG/MIG weld cell 4",
       Department::kWelding,
       {Process::kTigWeld, Process::kMigWeld},
       {},
       0,
       0,
       0,
       0,
       0.9,
       7800,
       kTwoShifts},
      {"WLD-M1",
       "Robot MIG cell",
       Department::kWelding,
       {Process::kMigWeld},
       kCarbon,
       0,
       0,
       0,
       0,
       1.6,
       12000,
       kTwoShifts},
      {"WLD-S1",
       "Spot and stud weld cell",
       Department::kWelding,
       {Process::kSpotWeld, Process::kStudWeld},
       {},
       3,
       0,
       0,
       0,
       1.0,
       6500,
       kTwoShifts},
      {"POL-01",
       "Polishing station 1 (belt, No.4 finish)",
       Department::kPolishing,
       {Process::kPolish, Process::kGrind},
       kStainlessAndAlu,
       0,
       0,
       0,
       0,
       1.0,
       6800,
       kTwoShifts},
      {"POL-02",
       "Polishing station 2 (weld blending)",
       Department::kPolishing,
       {Process::kPolish, Process::kGrind},
       kStainlessAndAlu,
       0,
       0,
       0,
       0,
       0.9,
       6800,
       kTwoShifts},
      {"DEB-01",
       "Wide-belt deburring machine",
       Department::kPolishing,
       {Process::kGrind},
       {},
       0,
       0,
       1300,
       0,
       1.5,
       7000,
       kTwoShifts},
      {"ASM-01",
       "Assembly bench 1",
       Department::kAssembly,
       {Process::kAssemble, Process::kInspect},
       {},
       0,
       0,
       0,
       0,
       1.0,
       6000,
       kTwoShifts},
      {"ASM-02",
       "Assembly bench 2",
       Department::kAssembly,
       {Process::kAssemble, Process::kInspect},
       {},
       0,
       0,
       0,
       0,
       1.0,
       6000,
       kTwoShifts},
      {"ASM-03",
       "Assembly bench 3 (door sets)",
       Department::kAssembly,
       {Process::kAssemble, Process::kInspect},
       {},
       0,
       0,
       0,
       0,
       1.0,
       6000,
       kTwoShifts},
      {"QC-01",
       "Final inspection",
       Department::kAssembly,
       {Process::kInspect},
       {},
       0,
       0,
       0,
       0,
       1.0,
       7000,
       kDayShift},
      {"DOCK-1",
       "Shipping dock 1",
       Department::kShipping,
       {Process::kPack, Process::kShip},
       {},
       0,
       0,
       0,
       0,
       1.0,
       4500,
       kDayShift},
      {"DOCK-2",
       "Shipping dock 2",
       Department::kShipping,
       {Process::kPack, Process::kShip},
       {},
       0,
       0,
       0,
       0,
       1.0,
       4500,
       kDayShift},
  };
  int64_t id = 1;
  for (const WcSpec& s : specs) {
    WorkCenter wc;
    wc.id = id++;
    wc.version = 1;
    wc.code = s.code;
    wc.name = s.name;
    wc.department = s.department;
    wc.capabilities = Capabilities{.processes = s.processes,
                                   .materials = s.materials,
                                   .max_thickness_mm = s.max_thickness_mm,
                                   .max_sheet_length_mm = s.max_length_mm,
                                   .max_sheet_width_mm = s.max_width_mm,
                                   .tonnage = s.tonnage};
    wc.efficiency = s.efficiency;
    wc.cost_rate_cents_per_hour = s.rate_cents;
    wc.calendar_id = s.calendar;
    // One machine is in planned maintenance today.
    if (wc.code == "PB-40E" && ctx.rng.chance(0.5)) wc.status = WorkCenterStatus::kMaintenance;
    ctx.shop.work_centers.push_back(std::move(wc));
  }
}

void add_people(Context& ctx) {
  struct Person {
    const char* username;
    const char* display;
    std::set<Role> roles;
    const char* wps[3];
  };
  const Person people[] = {
      {"admin", "System administrator", {Role::kAdmin}, {}},
      {"h.becker", "Hanna Becker", {Role::kPlanner, Role::kAdmin}, {}},
      {"t.nguyen", "Tuan Nguyen", {Role::kPlanner}, {}},
      {"m.schulz", "Markus Schulz", {Role::kLead, Role::kOperator}, {}},
      {"a.kowalski", "Anna Kowalski", {Role::kLead, Role::kOperator}, {"WPS-304-TIG-01"}},
      {"j.okafor", "James Okafor", {Role::kLead, Role::kOperator}, {}},
      {"s.lindqvist", "Sara Lindqvist", {Role::kQuality}, {}},
      {"p.moreau", "Pierre Moreau", {Role::kQuality}, {}},
      {"k.yilmaz", "Kemal Yilmaz", {Role::kShipping}, {}},
      {"l.fischer", "Lena Fischer", {Role::kShipping}, {}},
      {"d.wagner", "Dieter Wagner", {Role::kOperator}, {}},
      {"e.rossi", "Elena Rossi", {Role::kOperator}, {}},
      {"f.hansen", "Finn Hansen", {Role::kOperator}, {}},
      {"g.novak",
       "Goran Novak",
       {Role::kOperator},
       {"WPS-304-TIG-01", "WPS-316-TIG-02", "WPS-5052-TIG-03"}},
      {"i.petrov", "Ivan Petrov", {Role::kOperator}, {"WPS-304-TIG-01", "WPS-316-TIG-02"}},
      {"l.santos", "Luis Santos", {Role::kOperator}, {"WPS-S235-MIG-01", "WPS-GALV-MIG-02"}},
      {"m.haddad", "Mira Haddad", {Role::kOperator}, {"WPS-304-TIG-01", "WPS-5052-TIG-03"}},
      {"o.berg", "Ola Berg", {Role::kOperator}, {"WPS-S235-MIG-01"}},
      {"r.klein", "Ralf Klein", {Role::kOperator}, {"WPS-304-TIG-01", "WPS-S235-MIG-01"}},
      {"s.meyer", "Sven Meyer", {Role::kOperator}, {}},
      {"t.weber", "Tom Weber", {Role::kOperator}, {}},
      {"u.demir", "Ufuk Demir", {Role::kOperator}, {}},
      {"v.costa", "Vera Costa", {Role::kOperator}, {}},
  };
  int64_t user_id = 1;
  int64_t cert_id = 1;
  for (const Person& p : people) {
    User u{.id = user_id++,
           .version = 1,
           .username = p.username,
           .display_name = p.display,
           .roles = p.roles,
           .active = true};
    if (u.username == "u.demir") u.active = false;  // left the company
    for (const char* wps : p.wps) {
      if (wps == nullptr) continue;
      // Mostly valid for months; about one in eight already expired.
      int64_t days_left = ctx.rng.chance(0.12) ? -ctx.rng.uniform(1, 40) : ctx.rng.uniform(10, 720);
      ctx.shop.certifications.push_back(
          Certification{.id = cert_id++,
                        .version = 1,
                        .user_id = u.id,
                        .wps = wps,
                        .expires = local_midnight(ctx.now) + std::chrono::days(days_left)});
    }
    ctx.shop.users.push_back(std::move(u));
  }
}

void add_tools(Context& ctx) {
  struct ToolSpec {
    std::string code;
    ToolKind kind;
    std::string description;
    int64_t life;
  };
  std::vector<ToolSpec> specs;
  for (const char* d : {"3.2", "4.5", "5.5", "6.5", "8.0", "10.0", "12.5", "20.0", "32.0"}) {
    specs.push_back(
        {std::string("RO-") + d, ToolKind::kPunch, std::string("Round punch ") + d, 500000});
    specs.push_back({std::string("RO-") + d + "-D", ToolKind::kDie,
                     std::string("Round die ") + d + " (clearance 0.2)", 800000});
  }
  for (const char* s : {"SQ-5", "SQ-10", "SQ-20", "OB-5x20", "OB-8x30", "RE-5x50", "RE-10x60"}) {
    specs.push_back({s, ToolKind::kPunch, std::string("Shaped punch ") + s, 400000});
  }
  specs.push_back({"FT-LOUVRE-75", ToolKind::kFormTool, "Louvre form 75x6", 80000});
  specs.push_back({"FT-EXTR-M5", ToolKind::kFormTool, "Extrusion for M5 tapping", 120000});
  specs.push_back({"FT-CSK-90", ToolKind::kFormTool, "Countersink 90 deg", 100000});
  specs.push_back({"FT-EMBOSS-10", ToolKind::kFormTool, "Embossing 10 mm", 60000});
  for (const char* p : {"BP-88-R0.8", "BP-30-R1.0", "BP-GN-R0.8", "BP-88-R3.0"}) {
    specs.push_back({p, ToolKind::kBrakePunch, std::string("Press brake punch ") + p, 2000000});
  }
  for (const char* d : {"BD-V8", "BD-V12", "BD-V16", "BD-V24", "BD-V35", "BD-V50"}) {
    specs.push_back({d, ToolKind::kBrakeDie, std::string("Press brake die ") + d, 3000000});
  }
  int64_t id = 1;
  for (const ToolSpec& s : specs) {
    // Wear between 5 % and 105 % of life (a few overdue for regrind).
    int64_t used = s.life * ctx.rng.uniform(5, 105) / 100;
    ctx.shop.tools.push_back(Tool{.id = id++,
                                  .version = 1,
                                  .code = s.code,
                                  .kind = s.kind,
                                  .description = s.description,
                                  .life_hits_max = s.life,
                                  .hits_used = used});
  }
}

}  // namespace kerf::sim::detail
