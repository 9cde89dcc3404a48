#include "kerf/sim/demo_shop.h"

#include <cmath>
#include <cstdio>

#include "demo_context.h"

namespace kerf::sim {
namespace detail {

using namespace model;

const TimeZone& plant_zone() {
  static const TimeZone kZone = TimeZone::load(kPlantZone).value();
  return kZone;
}

TimePoint local_midnight(TimePoint t) { return plant_zone().start_of_local_day(t); }

std::string material_code(Material m) {
  switch (m) {
    case Material::kStainless304:
      return "S4";
    case Material::kStainless316:
      return "S6";
    case Material::kMildSteel:
      return "MS";
    case Material::kAluminium5052:
      return "AL";
    case Material::kGalvanised:
      return "GV";
  }
  return "XX";
}

std::string gauge_text(double thickness_mm) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%.1f", thickness_mm);
  return buf;
}

std::vector<double> stocked_gauges(Material m) {
  switch (m) {
    case Material::kStainless304:
      return {0.9, 1.2, 1.5, 2.0, 3.0, 5.0};
    case Material::kStainless316:
      return {1.2, 1.5, 2.0, 3.0};
    case Material::kMildSteel:
      return {1.5, 2.0, 3.0, 5.0};
    case Material::kAluminium5052:
      return {1.5, 2.0, 3.0};
    case Material::kGalvanised:
      return {0.9, 1.2, 1.5, 2.0};
  }
  return {};
}

void add_plant(Context& ctx) {
  DemoShop& shop = ctx.shop;
  shop.plant = Plant{
      .id = 1,
      .version = 1,
      .name = "Kerf Stainless Fabrication, Main Works",
      .time_zone = kPlantZone,
      // Legacy column, not used for time (the zone is): the offset at `now`.
      .utc_offset_minutes = static_cast<int32_t>(plant_zone().offset_at(ctx.now).count() / 60)};
  struct Dept {
    Department d;
    const char* code;
    const char* name;
  };
  const Dept depts[] = {{Department::kLaser, "LAS", "Laser cutting"},
                        {Department::kPunch, "PUN", "Punching"},
                        {Department::kForming, "FRM", "Forming (press brakes, panel bender)"},
                        {Department::kWelding, "WLD", "Welding"},
                        {Department::kPolishing, "POL", "Grinding and polishing"},
                        {Department::kAssembly, "ASM", "Assembly and inspection"},
                        {Department::kShipping, "SHP", "Packing and shipping"}};
  int64_t id = 1;
  for (const Dept& d : depts) {
    shop.departments.push_back(DepartmentRecord{
        .id = id++, .version = 1, .department = d.d, .code = d.code, .name = d.name});
  }
}

void add_calendars(Context& ctx) {
  using std::chrono::days;
  const Shift early{"early", 6 * 60, 14 * 60 + 30, {{10 * 60, 10 * 60 + 30}}};
  const Shift late{"late", 14 * 60 + 30, 23 * 60, {{18 * 60 + 30, 19 * 60}}};
  const Shift day{"day", 7 * 60, 15 * 60 + 30, {{12 * 60, 12 * 60 + 30}}};

  // Christmas and New Year closures around `now`.
  const LocalDays today = plant_zone().local_day(ctx.now);
  std::chrono::year y = std::chrono::year_month_day(today).year();
  std::vector<std::chrono::sys_days> holidays = {
      std::chrono::sys_days(y / 12 / 24), std::chrono::sys_days(y / 12 / 25),
      std::chrono::sys_days(y / 12 / 26), std::chrono::sys_days(y / 12 / 31),
      std::chrono::sys_days((y + std::chrono::years(1)) / 1 / 1)};

  ShiftCalendar two, overtime, single;
  two.name = "Two shifts Mon-Fri";
  overtime.name = "Two shifts Mon-Fri + Saturday overtime";
  single.name = "Day shift Mon-Fri";
  int64_t id = 1;
  for (ShiftCalendar* c : {&two, &overtime, &single}) {
    c->id = id++;
    c->version = 1;
  }
  for (int d = 0; d < 5; ++d) {
    two.week[d] = {early, late};
    overtime.week[d] = {early, late};
    single.week[d] = {day};
  }
  two.holidays = overtime.holidays = single.holidays = holidays;
  // Saturday overtime 06:00-12:00 local on the next three Saturdays.
  for (int i = 1, found = 0; i <= 21 && found < 3; ++i) {
    const LocalDays local_day = today + days(i);
    if (std::chrono::weekday(local_day) != std::chrono::Saturday) continue;
    const LocalTime midnight(local_day);  // 06:00-12:00 local, also on a DST Saturday
    overtime.overtime.push_back(
        OvertimeWindow{plant_zone().to_utc(midnight + std::chrono::hours(6)),
                       plant_zone().to_utc(midnight + std::chrono::hours(12)),
                       "Saturday overtime (cutting backlog)"});
    ++found;
  }
  ctx.shop.calendars = {two, overtime, single};
}

void add_customers(Context& ctx) {
  static const char* const kNames[] = {"Northgate Hospital Catering",
                                       "Harbour Hotel Group",
                                       "Cityline Door Systems",
                                       "Alpine Catering Equipment",
                                       "St. Mary's University Refectory",
                                       "Baltic Seafood Processing",
                                       "Riverside Brewing Co.",
                                       "Metro Schools Food Service",
                                       "Crown Casino Kitchens",
                                       "Fjord Ferries Galley Supply",
                                       "Greenfield Dairy",
                                       "Summit Office Interiors",
                                       "Union Station Food Hall",
                                       "Westbrook Care Homes",
                                       "Lakeside Conference Centre",
                                       "Parkview Stadium Concessions",
                                       "Helios Bakery Chain",
                                       "Atlas Fire Doors",
                                       "Kingsway Shopfitters",
                                       "Orion Laboratory Furniture",
                                       "Marina Yacht Outfitters",
                                       "Redline Fast Food Franchise",
                                       "Central Prison Services",
                                       "Evergreen Supermarkets",
                                       "Highland Distillery",
                                       "Beacon Airport Catering",
                                       "Nordic Cold Rooms",
                                       "Sterling Builders Merchant",
                                       "Pioneer Food Trucks",
                                       "Granite City Council Depots",
                                       "Oakridge Hospital Trust",
                                       "Silverline Cruise Catering"};
  const std::size_t count = static_cast<std::size_t>(ctx.rng.uniform(28, 32));
  for (std::size_t i = 0; i < count && i < std::size(kNames); ++i) {
    char code[16];
    std::snprintf(code, sizeof code, "C-%03zu", i + 1);
    ctx.shop.customers.push_back(Customer{.id = static_cast<int64_t>(i + 1),
                                          .version = 1,
                                          .code = code,
                                          .name = kNames[i],
                                          .vip = i % 7 == 0});  // 0, 7, 14, 21, 28
  }
}

}  // namespace detail

DemoShop make_demo_shop(uint64_t seed, TimePoint now) {
  DemoShop shop;
  detail::Context ctx(seed, now, shop);
  detail::add_plant(ctx);
  detail::add_calendars(ctx);
  detail::add_work_centers(ctx);
  detail::add_customers(ctx);
  detail::add_people(ctx);
  detail::add_tools(ctx);
  detail::add_parts(ctx);
  detail::add_inventory(ctx);
  detail::add_jobs(ctx);
  detail::add_nests(ctx);
  return shop;
}

}  // namespace kerf::sim
