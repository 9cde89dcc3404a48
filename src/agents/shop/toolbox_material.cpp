// Material tools: stock_levels (full sheets on hand per material/thickness against the safety
// minimum), demand (sheets the open jobs due in the forecast horizon still need),
// equivalent_materials (substitutes of the same family, at least the same grade, thickness
// within the setting) and reorder_suggestion (demand + safety - available). docs/agents.md
// "Material" defines the figures.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "agents/shop/material_figures.h"
#include "agents/shop/specialist_support.h"
#include "kerf/agents/shop/toolbox.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/principal.h"
#include "kerf/app/services.h"
#include "kerf/model/enums.h"

namespace kerf::agents {
namespace {

using support::opt_int;
using support::opt_number;
using support::opt_string;

Json material_enum() {
  Json names = Json::array();
  for (auto m : model::kAllMaterials) names.push_back(std::string(model::to_string(m)));
  return names;
}

Json material_filter_schema(bool required) {
  Json s = {{"type", "object"},
            {"properties",
             {{"material", {{"type", "string"}, {"enum", material_enum()}}},
              {"thickness_mm", {{"type", "number"}, {"minimum", 0}, {"maximum", 50}}}}},
            {"additionalProperties", false}};
  if (required) s["required"] = Json::array({"material", "thickness_mm"});
  return s;
}

// The (material, thickness) filter of the arguments; unset = all.
struct Filter {
  std::optional<model::Material> material;
  std::optional<double> thickness_mm;
  bool matches(model::Material m, double t) const {
    if (material && *material != m) return false;
    if (thickness_mm && !support::same_thickness(*thickness_mm, t)) return false;
    return true;
  }
};

Result<Filter> filter_of(const Json& args) {
  Filter f;
  if (auto m = opt_string(args, "material")) {
    auto parsed = model::parse_material(*m);
    if (!parsed.ok()) return Error::invalid("arguments.material", parsed.error().message);
    f.material = *parsed;
  }
  f.thickness_mm = opt_number(args, "thickness_mm");
  return f;
}

Json stock_json(const material::StockLevel& s) {
  return {{"material", std::string(model::to_string(s.material))},
          {"thickness_mm", support::thickness(s.thickness_mm)},
          {"available", s.available},
          {"safety_minimum", s.safety_minimum},
          {"short", s.available < s.safety_minimum},
          {"sheet_length_mm", s.sheet_length_mm},
          {"sheet_width_mm", s.sheet_width_mm}};
}

}  // namespace

void add_material_tools(Toolbox& box) {
  Toolbox* b = &box;
  box.add(Tool{{"stock_levels",
                "Full sheets on hand per material and thickness with the safety stock minimum "
                "(short = below it). Optional filter by material and thickness.",
                material_filter_schema(false)},
               true,
               [b](const Json& args) -> Result<Json> {
                 auto f = filter_of(args);
                 if (!f.ok()) return f.error();
                 auto levels = material::stock_levels(b->services());
                 if (!levels.ok()) return levels.error();
                 Json items = Json::array();
                 for (const auto& s : *levels) {
                   if (f->matches(s.material, s.thickness_mm)) items.push_back(stock_json(s));
                 }
                 return Json{{"items", items}};
               }});

  box.add(Tool{
      {"demand",
       "Sheets still needed by the open jobs due within the forecast horizon, per material and "
       "thickness, with the jobs. Optional filter by material/thickness; weeks overrides the "
       "horizon (1..26).",
       [] {
         Json s = material_filter_schema(false);
         s["properties"]["weeks"] = {{"type", "integer"}, {"minimum", 1}, {"maximum", 26}};
         return s;
       }()},
      true,
      [b](const Json& args) -> Result<Json> {
        auto f = filter_of(args);
        if (!f.ok()) return f.error();
        const int64_t weeks = opt_int(args, "weeks").value_or(b->settings().forecast_weeks);
        auto demand = material::demand(b->services(), weeks);
        if (!demand.ok()) return demand.error();
        Json items = Json::array();
        for (const auto& d : demand->items) {
          if (!f->matches(d.material, d.thickness_mm)) continue;
          items.push_back(material::to_json(d));
        }
        return Json{
            {"horizon_end", support::iso(demand->horizon_end)}, {"weeks", weeks}, {"items", items}};
      }});

  box.add(Tool{
      {"equivalent_materials",
       "Materials that may replace a material/thickness (same family, at least the same grade, "
       "thickness within the shop's tolerance) with their stock: spare = available - safety "
       "minimum.",
       material_filter_schema(true)},
      true,
      [b](const Json& args) -> Result<Json> {
        auto f = filter_of(args);
        if (!f.ok()) return f.error();
        auto levels = material::stock_levels(b->services());
        if (!levels.ok()) return levels.error();
        const int64_t tol_um = b->settings().gates.substitution_min_thickness_delta_um;
        Json items = Json::array();
        for (const auto& s : *levels) {
          if (!material::is_equivalent(*f->material, *f->thickness_mm, s.material, s.thickness_mm,
                                       tol_um)) {
            continue;
          }
          Json j = stock_json(s);
          j["spare"] = std::max<int64_t>(0, s.available - s.safety_minimum);
          items.push_back(j);
        }
        // Most spare stock first (ties: material name, thickness).
        std::stable_sort(items.begin(), items.end(), [](const Json& a, const Json& c) {
          return a["spare"].get<int64_t>() > c["spare"].get<int64_t>();
        });
        return Json{{"material", *args.find("material")},
                    {"thickness_mm", support::thickness(*f->thickness_mm)},
                    {"items", items}};
      }});

  box.add(
      Tool{{"job_material",
            "A job's status and the material it is cut from: its part's material and thickness and "
            "the approved substitute (null when none).",
            {{"type", "object"},
             {"properties", {{"job_id", {{"type", "integer"}, {"minimum", 1}}}}},
             {"required", {"job_id"}},
             {"additionalProperties", false}}},
           true,
           [b](const Json& args) -> Result<Json> {
             const app::Principal who = app::agent_principal();
             auto detail = b->services().jobs().get(who, *opt_int(args, "job_id"));
             if (!detail.ok()) return detail.error();
             auto part = b->services().master_data().get<model::Part>(who, detail->job.part_id);
             if (!part.ok()) return part.error();
             const Json job = app::json_of(detail->job);
             return Json{{"job_id", detail->job.id},
                         {"job_number", detail->job.number},
                         {"status", std::string(model::to_string(detail->job.status))},
                         {"material", std::string(model::to_string(part->material))},
                         {"thickness_mm", support::thickness(part->thickness_mm)},
                         {"substitute_material", job.value("substitute_material", Json())},
                         {"substitute_thickness_mm", job.value("substitute_thickness_mm", Json())}};
           }});

  box.add(
      Tool{{"reorder_suggestion",
            "Sheets to order for a material/thickness: demand in the horizon + safety minimum - "
            "available (never negative).",
            material_filter_schema(true)},
           true,
           [b](const Json& args) -> Result<Json> {
             auto f = filter_of(args);
             if (!f.ok()) return f.error();
             auto levels = material::stock_levels(b->services());
             if (!levels.ok()) return levels.error();
             auto demand = material::demand(b->services(), b->settings().forecast_weeks);
             if (!demand.ok()) return demand.error();
             material::StockLevel level{*f->material, *f->thickness_mm};
             for (const auto& s : *levels) {
               if (f->matches(s.material, s.thickness_mm)) level = s;
             }
             int64_t needed = 0;
             for (const auto& d : demand->items) {
               if (f->matches(d.material, d.thickness_mm)) needed += d.sheets;
             }
             const int64_t reorder =
                 material::reorder_sheets(needed, level.safety_minimum, level.available);
             return Json{{"material", std::string(model::to_string(level.material))},
                         {"thickness_mm", support::thickness(level.thickness_mm)},
                         {"available", level.available},
                         {"safety_minimum", level.safety_minimum},
                         {"demand_sheets", needed},
                         {"reorder_sheets", reorder}};
           }});
}

}  // namespace kerf::agents
