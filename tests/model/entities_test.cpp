// Every entity invariant is rejected with the right field name.
#include <gtest/gtest.h>

#include <functional>

#include "field_matchers.h"
#include "kerf/core/time_format.h"
#include "kerf/model/model.h"

namespace kerf::model {
namespace {

using testing::fields_of;
using Fields = std::vector<std::string>;
const TimePoint kT = TimePoint(std::chrono::sys_days(std::chrono::year(2026) / 11 / 24));

// Applies each mutation to a copy of `valid` and checks the reported fields.
template <typename T>
void expect_cases(const T& valid, std::vector<std::pair<std::function<void(T&)>, Fields>> cases) {
  ASSERT_TRUE(valid.validate().ok()) << valid.validate().error().message;
  int i = 0;
  for (auto& [mutate, fields] : cases) {
    T copy = valid;
    mutate(copy);
    Status s = copy.validate();
    EXPECT_EQ(fields_of(s), fields) << "case " << i;
    if (!s.ok()) {
      EXPECT_EQ(s.error().code, ErrorCode::kInvalidArgument);
    }
    ++i;
  }
}

TEST(Validate, Plant) {
  Plant p{.name = "Main works", .time_zone = "Europe/Berlin", .utc_offset_minutes = 60};
  expect_cases<Plant>(p,
                      {
                          {[](Plant& x) { x.name = ""; }, {"name"}},
                          {[](Plant& x) { x.time_zone = "Berlin"; }, {"time_zone"}},
                          {[](Plant& x) { x.time_zone = "Europe/Ber lin"; }, {"time_zone"}},
                          {[](Plant& x) { x.time_zone = "America/Argentina/Buenos_Aires"; }, {}},
                          {[](Plant& x) { x.time_zone = "UTC"; }, {}},
                          {[](Plant& x) { x.time_zone = "America/Chicago"; }, {}},
                          // Well-formed but not in the tz database.
                          {[](Plant& x) { x.time_zone = "Europe/Berln"; }, {"time_zone"}},
                          {[](Plant& x) { x.time_zone = "Mars/Olympus_Mons"; }, {"time_zone"}},
                          {[](Plant& x) { x.utc_offset_minutes = 841; }, {"utc_offset_minutes"}},
                          {[](Plant& x) { x.utc_offset_minutes = -721; }, {"utc_offset_minutes"}},
                          {[](Plant& x) {
                             x.name = "";
                             x.utc_offset_minutes = 900;
                           },
                           {"name", "utc_offset_minutes"}},
                      });
}

TEST(Validate, PlantZoneWinsOverTheLegacyOffset) {
  Plant p{.name = "Chicago works", .time_zone = "America/Chicago", .utc_offset_minutes = 0};
  auto zone = p.zone();
  ASSERT_TRUE(zone.ok()) << zone.error().message;
  EXPECT_EQ(zone->name(), "America/Chicago");
  EXPECT_EQ(zone->offset_at(parse_iso8601("2026-07-01T12:00:00Z").value()), std::chrono::hours(-5));
  p.time_zone = "Europe/Berln";
  ASSERT_FALSE(p.zone().ok());
  EXPECT_EQ(p.zone().error().fields.at(0).field, "time_zone");
}

TEST(Validate, DepartmentRecord) {
  DepartmentRecord d{.department = Department::kWelding, .code = "WLD", .name = "Welding"};
  expect_cases<DepartmentRecord>(
      d, {
             {[](DepartmentRecord& x) { x.code = "W LD"; }, {"code"}},
             {[](DepartmentRecord& x) { x.code = "-W"; }, {"code"}},
             {[](DepartmentRecord& x) { x.code = std::string(41, 'A'); }, {"code"}},
             {[](DepartmentRecord& x) { x.name = " "; }, {"name"}},
         });
}

TEST(Validate, WorkCenter) {
  WorkCenter w;
  w.code = "PB-220";
  w.name = "Press brake 220 t";
  w.department = Department::kForming;
  w.capabilities.processes = {Process::kBend};
  w.capabilities.max_thickness_mm = 8;
  w.capabilities.max_sheet_length_mm = 3100;
  w.capabilities.tonnage = 220;
  w.efficiency = 0.9;
  w.cost_rate_cents_per_hour = 9500;
  w.calendar_id = 1;
  expect_cases<WorkCenter>(
      w, {
             {[](WorkCenter& x) { x.code = ""; }, {"code"}},
             {[](WorkCenter& x) { x.name = ""; }, {"name"}},
             {[](WorkCenter& x) { x.capabilities.processes.clear(); }, {"capabilities/processes"}},
             {[](WorkCenter& x) { x.capabilities.max_thickness_mm = -1; },
              {"capabilities/max_thickness_mm"}},
             {[](WorkCenter& x) { x.capabilities.max_sheet_length_mm = -1; },
              {"capabilities/max_sheet_length_mm"}},
             {[](WorkCenter& x) { x.capabilities.max_sheet_width_mm = 4000; },
              {"capabilities/max_sheet_width_mm"}},
             {[](WorkCenter& x) { x.capabilities.tonnage = -5; }, {"capabilities/tonnage"}},
             {[](WorkCenter& x) { x.efficiency = 0; }, {"efficiency"}},
             {[](WorkCenter& x) { x.efficiency = 2.01; }, {"efficiency"}},
             {[](WorkCenter& x) { x.efficiency = 2.0; }, {}},
             {[](WorkCenter& x) { x.cost_rate_cents_per_hour = -1; }, {"cost_rate_cents_per_hour"}},
             {[](WorkCenter& x) { x.calendar_id = -1; }, {"calendar_id"}},
         });
}

TEST(Capabilities, Accepts) {
  Capabilities c;
  c.processes = {Process::kLaserCut};
  c.materials = {Material::kStainless304, Material::kMildSteel};
  c.max_thickness_mm = 12;
  c.max_sheet_length_mm = 3000;
  c.max_sheet_width_mm = 1500;
  EXPECT_TRUE(c.accepts(Material::kMildSteel, 10, 2500, 1250));
  EXPECT_TRUE(c.accepts(Material::kMildSteel, 10, 1250, 2500));  // orientation does not matter
  EXPECT_FALSE(c.accepts(Material::kAluminium5052, 2, 1000, 500));
  EXPECT_FALSE(c.accepts(Material::kMildSteel, 15, 1000, 500));
  EXPECT_FALSE(c.accepts(Material::kMildSteel, 3, 4000, 1000));
  EXPECT_FALSE(c.accepts(Material::kMildSteel, 3, 2000, 1600));
}

TEST(Validate, Customer) {
  Customer c{.code = "C-ACME", .name = "Acme Catering", .vip = true};
  expect_cases<Customer>(c, {
                                {[](Customer& x) { x.code = "C ACME"; }, {"code"}},
                                {[](Customer& x) { x.name = std::string(201, 'n'); }, {"name"}},
                            });
}

TEST(Validate, Part) {
  Part p{.number = "KT-1800",
         .revision = "B",
         .description = "Prep table top 1800x700",
         .material = Material::kStainless304,
         .thickness_mm = 1.2,
         .flat_length_mm = 1960,
         .flat_width_mm = 860,
         .weight_kg = 15.9};
  expect_cases<Part>(
      p, {
             {[](Part& x) { x.number = ""; }, {"number"}},
             {[](Part& x) { x.revision = "b!"; }, {"revision"}},
             {[](Part& x) { x.description = ""; }, {"description"}},
             {[](Part& x) { x.thickness_mm = 0; }, {"thickness_mm"}},
             {[](Part& x) { x.thickness_mm = 51; }, {"thickness_mm"}},
             {[](Part& x) { x.flat_length_mm = 0; }, {"flat_length_mm", "flat_width_mm"}},
             {[](Part& x) { x.flat_width_mm = 2000; }, {"flat_width_mm"}},
             {[](Part& x) { x.flat_width_mm = -1; }, {"flat_width_mm"}},
             {[](Part& x) { x.weight_kg = -0.1; }, {"weight_kg"}},
             {[](Part& x) {
                x.assembly = true;
                x.thickness_mm = 0;
                x.flat_length_mm = 0;
                x.flat_width_mm = 0;
              },
              {}},
             {[](Part& x) {
                x.assembly = true;
                x.thickness_mm = -1;
              },
              {"thickness_mm"}},
         });
}

TEST(Validate, BomLine) {
  BomLine b{.parent_part_id = 1, .component_part_id = 2, .quantity_per = 4};
  expect_cases<BomLine>(b, {
                               {[](BomLine& x) { x.parent_part_id = 0; }, {"parent_part_id"}},
                               {[](BomLine& x) { x.component_part_id = 0; }, {"component_part_id"}},
                               {[](BomLine& x) { x.component_part_id = 1; }, {"component_part_id"}},
                               {[](BomLine& x) { x.quantity_per = 0; }, {"quantity_per"}},
                               {[](BomLine& x) { x.quantity_per = 10001; }, {"quantity_per"}},
                           });
}

TEST(Validate, Job) {
  Job j{.number = "J-24017",
        .part_id = 3,
        .customer_id = 2,
        .quantity = 12,
        .due = kT,
        .priority = 2,
        .status = JobStatus::kPlanned,
        .held_from = std::nullopt};
  expect_cases<Job>(j, {
                           {[](Job& x) { x.number = ""; }, {"number"}},
                           {[](Job& x) { x.part_id = 0; }, {"part_id"}},
                           {[](Job& x) { x.customer_id = -1; }, {"customer_id"}},
                           {[](Job& x) { x.quantity = 0; }, {"quantity"}},
                           {[](Job& x) { x.quantity = 1000001; }, {"quantity"}},
                           {[](Job& x) { x.due = TimePoint{}; }, {"due"}},
                           {[](Job& x) { x.priority = 0; }, {"priority"}},
                           {[](Job& x) { x.priority = 6; }, {"priority"}},
                           {[](Job& x) { x.status = JobStatus::kOnHold; }, {"held_from"}},
                           {[](Job& x) {
                              x.status = JobStatus::kOnHold;
                              x.held_from = JobStatus::kShipped;
                            },
                            {"held_from"}},
                           {[](Job& x) {
                              x.status = JobStatus::kOnHold;
                              x.held_from = JobStatus::kReleased;
                            },
                            {}},
                           {[](Job& x) { x.held_from = JobStatus::kPlanned; }, {"held_from"}},
                       });
}

TEST(Validate, ScheduleSlot) {
  ScheduleSlot s{
      .operation_id = 4, .work_center_id = 2, .start = kT, .end = kT + std::chrono::hours(1)};
  expect_cases<ScheduleSlot>(
      s, {
             {[](ScheduleSlot& x) { x.operation_id = 0; }, {"operation_id"}},
             {[](ScheduleSlot& x) { x.work_center_id = 0; }, {"work_center_id"}},
             {[](ScheduleSlot& x) { x.end = x.start; }, {"end"}},
         });
}

TEST(Validate, HeatLot) {
  HeatLot h{.number = "H-8841207",
            .material = Material::kStainless316,
            .mill_cert_ref = "MTC-2026-1",
            .supplier = "Outokumpu",
            .received = kT};
  expect_cases<HeatLot>(h, {
                               {[](HeatLot& x) { x.number = ""; }, {"number"}},
                               {[](HeatLot& x) { x.mill_cert_ref = ""; }, {"mill_cert_ref"}},
                               {[](HeatLot& x) { x.supplier = ""; }, {"supplier"}},
                               {[](HeatLot& x) { x.received = TimePoint{}; }, {"received"}},
                           });
}

TEST(Validate, SheetStock) {
  SheetStock s{.id = 5,
               .material = Material::kMildSteel,
               .thickness_mm = 3,
               .length_mm = 3000,
               .width_mm = 1500,
               .quantity = 20,
               .location = "RACK-A3",
               .heat_lot_id = 2};
  SheetStock remnant = s;
  remnant.is_remnant = true;
  remnant.quantity = 1;
  remnant.parent_sheet_id = 4;
  ASSERT_TRUE(remnant.validate().ok());
  expect_cases<SheetStock>(s,
                           {
                               {[](SheetStock& x) { x.thickness_mm = 0; }, {"thickness_mm"}},
                               {[](SheetStock& x) { x.length_mm = 0; }, {"length_mm", "width_mm"}},
                               {[](SheetStock& x) { x.width_mm = 0; }, {"width_mm"}},
                               {[](SheetStock& x) { x.quantity = -1; }, {"quantity"}},
                               {[](SheetStock& x) { x.location = ""; }, {"location"}},
                               {[](SheetStock& x) { x.heat_lot_id = 0; }, {"heat_lot_id"}},
                               {[](SheetStock& x) { x.parent_sheet_id = 3; }, {"parent_sheet_id"}},
                               {[](SheetStock& x) {
                                  x.is_remnant = true;
                                  x.quantity = 1;
                                },
                                {"parent_sheet_id"}},
                               {[](SheetStock& x) {
                                  x.is_remnant = true;
                                  x.quantity = 1;
                                  x.parent_sheet_id = 5;
                                },
                                {"parent_sheet_id"}},
                               {[](SheetStock& x) {
                                  x.is_remnant = true;
                                  x.parent_sheet_id = 4;
                                },
                                {"quantity"}},
                           });
}

TEST(Validate, SafetyStock) {
  SafetyStock s{.material = Material::kGalvanised, .thickness_mm = 1.5, .minimum_qty = 10};
  expect_cases<SafetyStock>(s, {
                                   {[](SafetyStock& x) { x.thickness_mm = -1; }, {"thickness_mm"}},
                                   {[](SafetyStock& x) { x.minimum_qty = -1; }, {"minimum_qty"}},
                               });
}

TEST(Validate, Tool) {
  Tool t{.code = "RO-10.0",
         .kind = ToolKind::kPunch,
         .description = "Round punch 10",
         .life_hits_max = 200000,
         .hits_used = 150000};
  EXPECT_EQ(t.remaining(), 50000);
  Tool worn = t;
  worn.hits_used = 250000;
  EXPECT_EQ(worn.remaining(), 0);
  EXPECT_TRUE(worn.validate().ok());
  expect_cases<Tool>(t,
                     {
                         {[](Tool& x) { x.code = ""; }, {"code"}},
                         {[](Tool& x) { x.description = std::string(300, 'd'); }, {"description"}},
                         {[](Tool& x) { x.life_hits_max = 0; }, {"life_hits_max"}},
                         {[](Tool& x) { x.hits_used = -1; }, {"hits_used"}},
                     });
}

TEST(Validate, User) {
  User u{.username = "j.smith", .display_name = "Jo Smith", .roles = {Role::kOperator}};
  EXPECT_TRUE(u.has_role(Role::kOperator));
  EXPECT_FALSE(u.has_role(Role::kAdmin));
  expect_cases<User>(u, {
                            {[](User& x) { x.username = "jo"; }, {"username"}},
                            {[](User& x) { x.username = "Jsmith"; }, {"username"}},
                            {[](User& x) { x.username = "1smith"; }, {"username"}},
                            {[](User& x) { x.username = "j smith"; }, {"username"}},
                            {[](User& x) { x.username = std::string(33, 'a'); }, {"username"}},
                            {[](User& x) { x.username = std::string(32, 'a'); }, {}},
                            {[](User& x) { x.display_name = ""; }, {"display_name"}},
                            {[](User& x) { x.roles.clear(); }, {"roles"}},
                        });
}

TEST(Validate, Certification) {
  Certification c{.user_id = 3, .wps = "WPS-304-TIG-01", .expires = kT};
  EXPECT_TRUE(c.valid_at(kT - std::chrono::hours(1)));
  EXPECT_FALSE(c.valid_at(kT));
  expect_cases<Certification>(c,
                              {
                                  {[](Certification& x) { x.user_id = 0; }, {"user_id"}},
                                  {[](Certification& x) { x.wps = ""; }, {"wps"}},
                                  {[](Certification& x) { x.expires = TimePoint{}; }, {"expires"}},
                              });
}

TEST(Validate, Nest) {
  Nest n{.program_name = "N-304-1.5-0042",
         .material = Material::kStainless304,
         .thickness_mm = 1.5,
         .sheet_id = 9,
         .parts = {{1, 2, 4}, {3, 2, 1}}};
  expect_cases<Nest>(n, {
                            {[](Nest& x) { x.program_name = ""; }, {"program_name"}},
                            {[](Nest& x) { x.thickness_mm = 0; }, {"thickness_mm"}},
                            {[](Nest& x) { x.sheet_id = 0; }, {"sheet_id"}},
                            {[](Nest& x) { x.parts.clear(); }, {"parts"}},
                            {[](Nest& x) { x.parts[1].job_id = 0; }, {"parts/1/job_id"}},
                            {[](Nest& x) { x.parts[0].part_id = 0; }, {"parts/0/part_id"}},
                            {[](Nest& x) { x.parts[1].qty = 0; }, {"parts/1/qty"}},
                            {[](Nest& x) { x.parts[1].job_id = 1; }, {"parts/1/part_id"}},
                            {[](Nest& x) { x.parts[0].operation_id = -1; },
                             {"parts/0/operation_id"}},
                            {[](Nest& x) { x.repeat = 0; }, {"repeat"}},
                            {[](Nest& x) { x.work_center_id = -1; }, {"work_center_id"}},
                            {[](Nest& x) { x.cut_seconds_est = -1; }, {"cut_seconds_est"}},
                            {[](Nest& x) { x.cut_seconds_actual = -5; }, {"cut_seconds_actual"}},
                            {[](Nest& x) { x.utilisation = 1.2; }, {"utilisation"}},
                            {[](Nest& x) { x.scrap_fraction = -0.1; }, {"scrap_fraction"}},
                            {[](Nest& x) { x.queue_position = -1; }, {"queue_position"}},
                            {[](Nest& x) { x.archive_packet_id = -1; }, {"archive_packet_id"}},
                            {[](Nest& x) { x.state = NestState::kCut; }, {"cut_at"}},
                            {[](Nest& x) { x.cut_at = kT; }, {"cut_at"}},
                        });
  Nest cut = n;
  cut.state = NestState::kCut;
  cut.cut_at = kT;
  EXPECT_TRUE(cut.validate().ok());
}

TEST(Enums, NestStatesRoundTrip) {
  for (auto s : {NestState::kPosted, NestState::kStarted, NestState::kStopped, NestState::kCut}) {
    EXPECT_EQ(*parse_nest_state(to_string(s)), s);
  }
  auto bad = parse_nest_state("deleted");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().fields.at(0).field, "state");
}

TEST(Enums, NamesRoundTripAndBadValuesAreNamed) {
  for (auto v : kAllDepartments) EXPECT_EQ(*parse_department(to_string(v)), v);
  for (auto v : kAllMaterials) EXPECT_EQ(*parse_material(to_string(v)), v);
  for (auto v : kAllProcesses) EXPECT_EQ(*parse_process(to_string(v)), v);
  for (auto v : kAllWorkCenterStatuses) EXPECT_EQ(*parse_work_center_status(to_string(v)), v);
  for (auto v : kAllRoles) EXPECT_EQ(*parse_role(to_string(v)), v);
  for (auto v : kAllToolKinds) EXPECT_EQ(*parse_tool_kind(to_string(v)), v);
  Result<Material> bad = parse_material("unobtainium");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
  EXPECT_NE(bad.error().message.find("'unobtainium'"), std::string::npos);
  EXPECT_NE(bad.error().message.find("stainless_304"), std::string::npos);
  EXPECT_EQ(fields_of(Status(bad.error())), Fields{"material"});
  EXPECT_FALSE(parse_role("Admin").ok());
  EXPECT_FALSE(parse_department("").ok());
  EXPECT_EQ(to_string(Material::kAluminium5052), "aluminium_5052");
  EXPECT_EQ(department_of(Process::kTigWeld), Department::kWelding);
  EXPECT_EQ(department_of(Process::kPanelBend), Department::kForming);
  EXPECT_EQ(department_of(Process::kShip), Department::kShipping);
}

}  // namespace
}  // namespace kerf::model
