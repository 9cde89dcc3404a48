// Parts and bills of material of the demo shop: kitchen equipment, door sets, hoods, cabinets,
// enclosures and loose sheet parts, in the gauges the shop stocks.
#include <algorithm>
#include <cmath>
#include <map>
#include <string>

#include "demo_context.h"

namespace kerf::sim::detail {

using namespace model;

namespace {

std::string material_label(Material m) {
  switch (m) {
    case Material::kStainless304:
      return "304";
    case Material::kStainless316:
      return "316";
    case Material::kMildSteel:
      return "mild steel";
    case Material::kAluminium5052:
      return "alu 5052";
    case Material::kGalvanised:
      return "galv";
  }
  return "";
}

bool is_stainless(Material m) {
  return m == Material::kStainless304 || m == Material::kStainless316;
}

std::string dims(int a, int b) { return std::to_string(a) + "x" + std::to_string(b); }

// Laser run seconds for one blank: contour plus internal features at a gauge-dependent speed.
int64_t laser_seconds(double t, double length, double width, double feature_factor) {
  double cut_mm = 2 * (length + width) * feature_factor;
  double speed_mm_s = std::max(15.0, 250.0 / std::pow(t, 0.8));
  return static_cast<int64_t>(std::lround(cut_mm / speed_mm_s)) + 5;
}

class PartBuilder {
 public:
  explicit PartBuilder(Context& ctx) : ctx_(ctx) {}

  // Adds a flat sheet part once per number; returns its id.
  int64_t sheet(const std::string& number, const std::string& name, Material m, double t,
                double length, double width, PartInfo info) {
    if (auto it = by_number_.find(number); it != by_number_.end()) return it->second;
    if (width > length) std::swap(length, width);
    Part p;
    p.id = static_cast<int64_t>(ctx_.shop.parts.size()) + 1;
    p.version = 1;
    p.number = number;
    p.revision = revision();
    p.description = name + ", " + material_label(m) + " " + gauge_text(t);
    p.material = m;
    p.thickness_mm = t;
    p.flat_length_mm = length;
    p.flat_width_mm = width;
    p.weight_kg = std::round(length * width * t * 1e-9 * density_kg_per_m3(m) * 100) / 100;
    info.cut_thickness_mm = t;
    info.cut_length_mm = length;
    info.cut_width_mm = width;
    info.cut_seconds = laser_seconds(t, length, width, info.prefer_punch ? 2.5 : 1.5);
    if (info.visible_finish) info.polish_area_m2 = length * width * 1e-6;
    return add(std::move(p), std::move(info));
  }

  // Adds an assembly of `components` (part id, quantity per) once per number; returns its id.
  int64_t assembly(const std::string& number, const std::string& name, Material m,
                   const std::vector<std::pair<int64_t, int64_t>>& components, PartInfo info) {
    if (auto it = by_number_.find(number); it != by_number_.end()) return it->second;
    Part p;
    p.id = static_cast<int64_t>(ctx_.shop.parts.size()) + 1;
    p.version = 1;
    p.number = number;
    p.revision = revision();
    p.description = name + ", " + material_label(m);
    p.material = m;
    p.assembly = true;
    double weight = 0;
    double other_thickness = 0;
    for (auto [component, qty] : components) {
      const Part& c = ctx_.shop.parts[static_cast<std::size_t>(component - 1)];
      const PartInfo& ci = ctx_.part_info[static_cast<std::size_t>(component - 1)];
      weight += c.weight_kg * static_cast<double>(qty);
      info.bends += ci.bends * static_cast<int>(qty);
      info.cut_seconds += ci.cut_seconds * qty;
      info.polish_area_m2 += ci.polish_area_m2 * static_cast<double>(qty);
      // Setup families and machine limits follow the assembly's own material; purchased-in
      // style hardware of another material (hinge plates) does not drive the gauge.
      if (c.material == m) {
        info.cut_thickness_mm = std::max(info.cut_thickness_mm, ci.cut_thickness_mm);
      }
      other_thickness = std::max(other_thickness, ci.cut_thickness_mm);
      info.cut_length_mm = std::max(info.cut_length_mm, ci.cut_length_mm);
      info.cut_width_mm = std::max(info.cut_width_mm, ci.cut_width_mm);
      info.prefer_punch = info.prefer_punch || ci.prefer_punch;
    }
    if (info.cut_thickness_mm == 0) info.cut_thickness_mm = other_thickness;
    p.weight_kg = std::round(weight * 100) / 100;
    int64_t id = add(std::move(p), std::move(info));
    for (auto [component, qty] : components) {
      ctx_.shop.bom_lines.push_back(
          BomLine{.id = static_cast<int64_t>(ctx_.shop.bom_lines.size()) + 1,
                  .version = 1,
                  .parent_part_id = id,
                  .component_part_id = component,
                  .quantity_per = qty});
    }
    return id;
  }

  bool has(const std::string& number) const { return by_number_.count(number) != 0; }

 private:
  std::string revision() {
    int64_t r = ctx_.rng.uniform(0, 9);
    return r < 7 ? "A" : r < 9 ? "B" : "C";
  }

  int64_t add(Part p, PartInfo info) {
    by_number_[p.number] = p.id;
    ctx_.shop.parts.push_back(std::move(p));
    ctx_.part_info.push_back(std::move(info));
    return ctx_.shop.parts.back().id;
  }

  Context& ctx_;
  std::map<std::string, int64_t> by_number_;
};

PartInfo formed(int bends, bool visible, const std::string& family) {
  PartInfo i;
  i.bends = bends;
  i.visible_finish = visible;
  i.family = family;
  return i;
}

void add_kitchen(PartBuilder& b) {
  const Material s4 = Material::kStainless304, s6 = Material::kStainless316;
  for (Material m : {s4, s6}) {
    for (int length : {1200, 1500, 1800, 2100}) {
      for (int width : {600, 700}) {
        if (m == s6 && (length == 1200 || length == 2100 || width == 600)) continue;
        std::string mc = material_code(m);
        double top_t = length >= 1800 ? 1.5 : 1.2;
        PartInfo top = formed(6, true, "PT");
        top.needs_weld = true;
        top.weld_seconds = 600;
        int64_t t = b.sheet("PTT-" + dims(length, width) + "-" + mc,
                            "Prep table top " + dims(length, width), m, top_t, length + 100,
                            width + 150, top);
        PartInfo shelf = formed(4, true, "PT");
        shelf.panel_bend = true;
        int64_t u =
            b.sheet("PTU-" + dims(length, width) + "-" + mc, "Undershelf " + dims(length, width), m,
                    1.2, length + 80, width + 80, shelf);
        int64_t s = b.sheet("PTS-" + std::to_string(length) + "-" + mc,
                            "Splashback " + std::to_string(length), m, 1.2, length, 250,
                            formed(3, true, "PT"));
        PartInfo brace = formed(2, false, "PT");
        brace.prefer_punch = true;
        int64_t br = b.sheet("PTB-" + std::to_string(width) + "-" + mc,
                             "Leg brace " + std::to_string(width), m, 1.5, width - 100, 120, brace);
        PartInfo as;
        as.needs_weld = true;
        as.weld_seconds = 1800;
        as.assemble_seconds = 1200;
        as.visible_finish = true;
        as.family = "PT";
        b.assembly("PT-" + dims(length, width) + "-" + mc, "Prep table " + dims(length, width), m,
                   {{t, 1}, {u, 1}, {s, 1}, {br, 2}}, as);
      }
    }
  }
  PartInfo bowl = formed(4, true, "SK");
  bowl.needs_weld = true;
  bowl.weld_seconds = 1200;
  int64_t bowl_id = b.sheet("SKB-500x400-S4", "Sink bowl 500x400x300", s4, 1.2, 1100, 1000, bowl);
  PartInfo brace = formed(2, false, "PT");
  brace.prefer_punch = true;
  int64_t brace_id = b.sheet("PTB-600-S4", "Leg brace 600", s4, 1.5, 500, 120, brace);
  for (int length : {1200, 1500, 1800}) {
    PartInfo top = formed(6, true, "SK");
    top.needs_weld = true;
    top.weld_seconds = 900;
    int64_t t = b.sheet("SKT-" + std::to_string(length) + "-S4",
                        "Sink top " + std::to_string(length), s4, 1.2, length + 150, 850, top);
    PartInfo as;
    as.needs_weld = true;
    as.weld_seconds = 2400;
    as.assemble_seconds = 900;
    as.visible_finish = true;
    as.family = "SK";
    b.assembly("SK-" + std::to_string(length) + "-S4", "Sink unit " + std::to_string(length), s4,
               {{t, 1}, {bowl_id, length >= 1500 ? 2 : 1}, {brace_id, 2}}, as);
  }
  for (int length : {900, 1200, 1500}) {
    int64_t body = b.sheet("WCB-" + std::to_string(length) + "-S4",
                           "Wall cabinet body " + std::to_string(length), s4, 1.2, length + 860,
                           700, formed(6, true, "WC"));
    int door_w = length / 2 - 5;
    PartInfo door = formed(4, true, "WC");
    door.panel_bend = true;
    int64_t d = b.sheet("WCD-" + dims(600, door_w) + "-S4", "Cabinet door " + dims(600, door_w), s4,
                        0.9, 640, door_w + 40, door);
    int64_t shelf =
        b.sheet("WCS-" + std::to_string(length) + "-S4", "Cabinet shelf " + std::to_string(length),
                s4, 1.2, length - 20, 400, formed(4, true, "WC"));
    PartInfo as;
    as.needs_weld = true;
    as.weld_seconds = 900;
    as.assemble_seconds = 1200;
    as.visible_finish = true;
    as.family = "WC";
    b.assembly("WC-" + std::to_string(length) + "-S4", "Wall cabinet " + std::to_string(length), s4,
               {{body, 1}, {d, 2}, {shelf, 1}}, as);
  }
}

void add_doors(PartBuilder& b) {
  PartInfo hinge = formed(0, false, "DS");
  hinge.prefer_punch = true;
  int64_t hinge_id = b.sheet("DHR-150x40-MS", "Hinge reinforcement 150x40", Material::kMildSteel,
                             5.0, 150, 40, hinge);
  PartInfo lock = formed(1, false, "DS");
  lock.prefer_punch = true;
  int64_t lock_id = b.sheet("DLR-250x60-MS", "Lock reinforcement 250x60", Material::kMildSteel, 3.0,
                            250, 60, lock);
  for (Material m : {Material::kGalvanised, Material::kMildSteel, Material::kStainless304}) {
    std::string mc = material_code(m);
    bool ss = is_stainless(m);
    for (int height : {2040, 2100}) {
      for (int width : {826, 926, 1026}) {
        PartInfo leaf = formed(4, ss, "DS");
        leaf.panel_bend = true;
        leaf.prefer_punch = !ss;
        leaf.needs_weld = true;
        leaf.weld_process = Process::kSpotWeld;
        leaf.weld_seconds = 480;
        int64_t l = b.sheet("DL-" + dims(height, width) + "-" + mc,
                            "Hinged door leaf " + dims(height, width), m, ss ? 1.2 : 1.5,
                            height + 60, width + 100, leaf);
        int frame_h = height + 60;
        int64_t jamb = b.sheet("FJ-" + std::to_string(frame_h) + "-" + mc,
                               "Frame jamb " + std::to_string(frame_h), m, ss ? 1.5 : 2.0, frame_h,
                               280, formed(5, ss, "DS"));
        int frame_w = width + 100;
        int64_t head = b.sheet("FH-" + std::to_string(frame_w) + "-" + mc,
                               "Frame head " + std::to_string(frame_w), m, ss ? 1.5 : 2.0, frame_w,
                               280, formed(5, ss, "DS"));
        PartInfo as;
        as.needs_weld = true;
        as.weld_process = ss ? Process::kTigWeld : Process::kMigWeld;
        as.weld_seconds = 900;
        as.assemble_seconds = 1500;
        as.visible_finish = ss;
        as.family = "DS";
        b.assembly("DS-" + dims(height, width) + "-" + mc, "Door set " + dims(height, width), m,
                   {{l, 1}, {jamb, 2}, {head, 1}, {hinge_id, 3}, {lock_id, 1}}, as);
      }
    }
  }
}

void add_hoods_and_enclosures(PartBuilder& b) {
  PartInfo filter = formed(4, true, "HD");
  filter.needs_weld = true;
  filter.weld_seconds = 300;
  int64_t filter_id = b.sheet("GFF-500-S4", "Grease filter frame 500x500", Material::kStainless304,
                              1.2, 560, 560, filter);
  for (Material m : {Material::kStainless304, Material::kGalvanised}) {
    std::string mc = material_code(m);
    bool ss = is_stainless(m);
    int64_t side = b.sheet("HSP-1100-" + mc, "Hood side panel 1100x900", m, 1.2, 1100, 900,
                           formed(3, ss, "HD"));
    for (int length : {1500, 2000, 2500, 3000}) {
      int64_t canopy = b.sheet("HCP-" + std::to_string(length) + "-" + mc,
                               "Hood canopy panel " + std::to_string(length), m, 1.2, length, 1400,
                               formed(4, ss, "HD"));
      PartInfo as;
      as.needs_weld = true;
      as.weld_process = ss ? Process::kTigWeld : Process::kMigWeld;
      as.weld_seconds = 2400;
      as.assemble_seconds = 1800;
      as.visible_finish = ss;
      as.family = "HD";
      b.assembly("HD-" + std::to_string(length) + "-" + mc,
                 "Extraction hood " + std::to_string(length), m,
                 {{canopy, 1}, {side, 2}, {filter_id, length / 500}}, as);
    }
  }
  const std::pair<int, int> sizes[] = {{400, 300}, {600, 400}, {800, 600}, {1000, 800}};
  for (auto [h, w] : sizes) {
    PartInfo plate = formed(0, false, "EN");
    plate.prefer_punch = true;
    int64_t mp = b.sheet("EMP-" + dims(h, w) + "-GV", "Mounting plate " + dims(h - 50, w - 50),
                         Material::kGalvanised, 2.0, h - 50, w - 50, plate);
    for (Material m : {Material::kAluminium5052, Material::kGalvanised}) {
      std::string mc = material_code(m);
      double t = m == Material::kAluminium5052 ? 2.0 : 1.5;
      PartInfo body = formed(4, false, "EN");
      body.prefer_punch = true;
      body.needs_weld = true;
      body.weld_process = m == Material::kAluminium5052 ? Process::kTigWeld : Process::kMigWeld;
      body.weld_seconds = 600;
      int64_t bd = b.sheet("EB-" + dims(h, w) + "-" + mc, "Enclosure body " + dims(h, w), m, t,
                           h + 500, w + 500, body);
      PartInfo door = formed(4, false, "EN");
      door.prefer_punch = true;
      door.panel_bend = true;
      int64_t dr = b.sheet("ED-" + dims(h, w) + "-" + mc, "Enclosure door " + dims(h, w), m, t,
                           h + 50, w + 50, door);
      PartInfo as;
      as.needs_weld = true;
      as.weld_process = Process::kStudWeld;
      as.weld_seconds = 300;
      as.assemble_seconds = 900;
      as.family = "EN";
      b.assembly("EN-" + dims(h, w) + "-" + mc, "Electrical enclosure " + dims(h, w), m,
                 {{bd, 1}, {dr, 1}, {mp, 1}}, as);
    }
  }
}

// Loose parts (spares, brackets, trims) until the catalogue reaches `target` parts.
void add_loose_parts(Context& ctx, PartBuilder& b, std::size_t target) {
  Rng& rng = ctx.rng;
  const Material s4 = Material::kStainless304;
  for (int attempts = 0; ctx.shop.parts.size() < target && attempts < 5000; ++attempts) {
    switch (rng.uniform(0, 9)) {
      case 0: {
        Material m =
            rng.pick(std::vector<Material>{Material::kMildSteel, s4, Material::kAluminium5052});
        double t = m == Material::kMildSteel ? rng.pick(std::vector<double>{3.0, 5.0})
                   : m == s4                 ? rng.pick(std::vector<double>{2.0, 3.0})
                                             : 3.0;
        int a = static_cast<int>(rng.uniform(8, 30)) * 10,
            c = static_cast<int>(rng.uniform(5, 15)) * 10;
        PartInfo i = formed(static_cast<int>(rng.uniform(1, 2)), false, "BR");
        i.prefer_punch = rng.chance(0.5);
        b.sheet("MB-" + dims(a, c) + "-" + material_code(m) + "-" + gauge_text(t),
                "Mounting bracket " + dims(a, c), m, t, a, c, i);
        break;
      }
      case 1: {
        int w = static_cast<int>(rng.pick(std::vector<int64_t>{726, 826, 926, 1026}));
        double t = rng.pick(std::vector<double>{0.9, 1.2});
        b.sheet("KP-" + dims(w, 300) + "-S4-" + gauge_text(t), "Kick plate " + dims(w, 300), s4, t,
                w, 300, formed(2, true, "KP"));
        break;
      }
      case 2: {
        int l = static_cast<int>(rng.uniform(2, 6)) * 500;
        double t = rng.pick(std::vector<double>{0.9, 1.2});
        b.sheet("CTC-" + std::to_string(l) + "-GV-" + gauge_text(t),
                "Cable tray cover " + std::to_string(l), Material::kGalvanised, t, l, 300,
                formed(2, false, "CT"));
        break;
      }
      case 3: {
        int l = static_cast<int>(rng.uniform(2, 7)) * 300;
        Material m = rng.chance(0.8) ? s4 : Material::kStainless316;
        b.sheet("WS-" + dims(l, 300) + "-" + material_code(m), "Wall shelf " + dims(l, 300), m, 1.2,
                l, 400, formed(3, true, "WS"));
        break;
      }
      case 4: {
        int h = static_cast<int>(rng.uniform(2, 4)) * 500;
        double t = rng.pick(std::vector<double>{1.2, 1.5});
        b.sheet("CG-" + std::to_string(h) + "-S4-" + gauge_text(t),
                "Corner guard " + std::to_string(h), s4, t, h, 100, formed(1, true, "CG"));
        break;
      }
      case 5: {
        int l = static_cast<int>(rng.uniform(4, 12)) * 100,
            w = static_cast<int>(rng.uniform(3, 6)) * 100;
        PartInfo i = formed(4, true, "DT");
        i.needs_weld = true;
        i.weld_seconds = 300;
        b.sheet("DT-" + dims(l, w) + "-S4", "Drip tray " + dims(l, w), s4, 1.2, l + 100, w + 100,
                i);
        break;
      }
      case 6: {
        int l = static_cast<int>(rng.uniform(2, 8)) * 50,
            w = static_cast<int>(rng.uniform(2, 6)) * 50;
        PartInfo i = formed(0, false, "BP");
        i.prefer_punch = false;
        b.sheet("BPL-" + dims(l, w) + "-MS", "Base plate " + dims(l, w), Material::kMildSteel, 5.0,
                l, w, i);
        break;
      }
      case 7: {
        Material m = rng.chance(0.5) ? Material::kGalvanised : Material::kAluminium5052;
        double t = m == Material::kGalvanised ? 1.5 : 2.0;
        int l = static_cast<int>(rng.uniform(3, 12)) * 100,
            w = static_cast<int>(rng.uniform(2, 6)) * 100;
        PartInfo i = formed(2, false, "AP");
        i.prefer_punch = true;
        i.panel_bend = true;
        b.sheet("AP-" + dims(l, w) + "-" + material_code(m), "Access panel " + dims(l, w), m, t,
                l + 40, w + 40, i);
        break;
      }
      case 8: {
        int n = static_cast<int>(rng.uniform(6, 20)) * 10;
        b.sheet("GU-" + std::to_string(n) + "-MS", "Gusset " + std::to_string(n),
                Material::kMildSteel, 5.0, n, n, formed(0, false, "GU"));
        break;
      }
      default: {
        int l = static_cast<int>(rng.uniform(2, 6)) * 500;
        b.sheet("LF-" + std::to_string(l) + "-GV", "Lintel flashing " + std::to_string(l),
                Material::kGalvanised, 0.9, l, 250, formed(3, false, "LF"));
        break;
      }
    }
  }
}

}  // namespace

void add_parts(Context& ctx) {
  PartBuilder b(ctx);
  add_kitchen(b);
  add_doors(b);
  add_hoods_and_enclosures(b);
  add_loose_parts(ctx, b, static_cast<std::size_t>(ctx.rng.uniform(290, 310)));
}

}  // namespace kerf::sim::detail
