// Internal: shared state of the demo shop builders (see demo_shop.cpp for the order).
#pragma once

#include <cstdint>
#include <string>

#include "kerf/core/time_zone.h"
#include "kerf/sim/demo_shop.h"
#include "kerf/sim/rng.h"

namespace kerf::sim::detail {

inline constexpr const char* kPlantZone = "Europe/Berlin";

// The demo plant's zone (kPlantZone).
const TimeZone& plant_zone();

// Generator-side facts about a part that drive its routing (not part of the model).
struct PartInfo {
  int bends = 0;              // press brake bends per piece (assemblies: sum of components)
  bool panel_bend = false;    // suited to the panel bender
  bool prefer_punch = false;  // many holes, thin: turret punch work
  bool needs_weld = false;
  model::Process weld_process = model::Process::kTigWeld;
  bool visible_finish = false;   // polished when stainless
  int64_t cut_seconds = 0;       // laser run time per piece (assemblies: all components)
  int64_t weld_seconds = 0;      // per piece
  int64_t assemble_seconds = 0;  // per piece; 0 = no assembly operation
  double polish_area_m2 = 0;     // visible area per piece
  double cut_thickness_mm = 0;   // thickest sheet to cut
  double cut_length_mm = 0;      // largest blank
  double cut_width_mm = 0;
  std::string family;  // fixture / setup family, e.g. "PT" (prep table)
};

struct Context {
  Context(uint64_t seed, TimePoint t, DemoShop& s) : rng(seed), now(t), shop(s) {}
  Rng rng;
  TimePoint now;
  DemoShop& shop;
  std::vector<PartInfo> part_info;  // index = part id - 1
};

// Local midnight (as UTC time point) of the plant day containing `t`.
TimePoint local_midnight(TimePoint t);
// Short material code for numbers: S4, S6, MS, AL, GV.
std::string material_code(model::Material m);
// "1.5" style thickness text.
std::string gauge_text(double thickness_mm);
// The sheet gauges stocked for a material.
std::vector<double> stocked_gauges(model::Material m);

void add_plant(Context& ctx);
void add_calendars(Context& ctx);
void add_work_centers(Context& ctx);
void add_customers(Context& ctx);
void add_people(Context& ctx);  // users and welder certifications
void add_tools(Context& ctx);
void add_parts(Context& ctx);      // parts, BOM lines and part_info
void add_inventory(Context& ctx);  // heat lots, sheets, remnants, safety stock
void add_jobs(Context& ctx);       // jobs, routings, progress
void add_nests(Context& ctx);

}  // namespace kerf::sim::detail
