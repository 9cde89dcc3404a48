// The simulated Sigmanest programmer: nests releasable parts onto sheets and posts programs
// (SN100), cuts them (SN102: parts completed, sheet consumed, remnant back to stock), deletes
// (SN101) and re-posts them (SN101 + SN100). docs/simtrans_simulator.md describes the model.
#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "integrations/simtrans_sim/sim_impl.h"
#include "kerf/integrations/simtrans_sim/packer.h"

namespace kerf::integrations::simtrans_sim {

namespace {

constexpr double kThicknessEps = 1e-6;

struct Sheet {
  std::string name;
  bool remnant = false;
  std::string material;
  double thickness = 0, length = 0, width = 0;
  int64_t available = 0;
  Value heat;
};

struct Demand {
  std::string wo, part;
  double length = 0, width = 0;
  int64_t qty = 0;
};

struct Group {
  std::string material;
  double thickness = 0;
  std::string machine;
  std::vector<Demand> parts;
};

// "304" from "304 Stainless" etc.: letters and digits only, at most 12 characters.
std::string code_of(const std::string& text) {
  std::string out;
  for (char ch : text) {
    if (std::isalnum(static_cast<unsigned char>(ch)) && out.size() < 12) out += ch;
  }
  return out.empty() ? "MAT" : out;
}

Result<std::map<std::pair<std::string, std::string>, int64_t>> in_process(odbc::Connection& c) {
  auto rs = c.query(
      "SELECT WONumber, PartName, SUM(QtyInProcess) AS q FROM PIP GROUP BY WONumber, PartName");
  if (!rs.ok()) return rs.error();
  std::map<std::pair<std::string, std::string>, int64_t> out;
  for (size_t r = 0; r < rs->rows.size(); ++r) {
    out[{rs->get(r, "WONumber").value_or(""), rs->get(r, "PartName").value_or("")}] =
        integer(rs->get(r, "q"));
  }
  return out;
}

Result<std::vector<Sheet>> load_sheets(odbc::Connection& c, bool with_remnants) {
  auto reserved_rs = c.query("SELECT SheetName, SUM(Qty) AS q FROM SIP GROUP BY SheetName");
  if (!reserved_rs.ok()) return reserved_rs.error();
  std::map<std::string, int64_t> reserved;
  for (size_t r = 0; r < reserved_rs->rows.size(); ++r) {
    reserved[reserved_rs->get(r, "SheetName").value_or("")] = integer(reserved_rs->get(r, "q"));
  }
  std::vector<Sheet> out;
  for (bool remnant : {true, false}) {
    if (remnant && !with_remnants) continue;
    auto rs = c.query(remnant ? "SELECT RemnantName AS Name, Material, Thickness, Length, Width, "
                                "Qty, HeatNumber FROM Remnant"
                              : "SELECT SheetName AS Name, Material, Thickness, Length, Width, "
                                "Qty, HeatNumber FROM Stock");
    if (!rs.ok()) return rs.error();
    for (size_t r = 0; r < rs->rows.size(); ++r) {
      Sheet sh;
      sh.name = rs->get(r, "Name").value_or("");
      sh.remnant = remnant;
      sh.material = rs->get(r, "Material").value_or("");
      sh.thickness = num(rs->get(r, "Thickness"));
      sh.length = num(rs->get(r, "Length"));
      sh.width = num(rs->get(r, "Width"));
      sh.available = integer(rs->get(r, "Qty")) - reserved[sh.name];
      sh.heat = rs->get(r, "HeatNumber");
      if (sh.available > 0 && sh.length > 0 && sh.width > 0) out.push_back(std::move(sh));
    }
  }
  // Remnants first (smallest first: use up offcuts), then full sheets by name.
  std::stable_sort(out.begin(), out.end(), [](const Sheet& a, const Sheet& b) {
    if (a.remnant != b.remnant) return a.remnant;
    if (a.remnant && a.length * a.width != b.length * b.width) {
      return a.length * a.width < b.length * b.width;
    }
    return a.name < b.name;
  });
  return out;
}

// The unused strip at the sheet's far end, when long enough to be kept as a remnant.
double remnant_length(const SimulatorOptions& o, double sheet_length, double used_length) {
  if (used_length <= 0) return 0;
  double rem = sheet_length - used_length - o.packing.spacing_mm;
  return rem >= o.min_remnant_length_mm ? rem : 0;
}

Fields prg_fields(const ProgramRow& p) {
  return {{"ProgramName", p.name},
          {"RepeatID", std::to_string(p.repeat)},
          {"SheetName", p.sheet},
          {"MachineName", p.machine},
          {"CuttingTime", std::to_string(p.cutting)},
          {"UsedArea", fmt_num(p.used_area)},
          {"ScrapFraction", fmt_num(p.scrap)},
          {"Material", p.material},
          {"Thickness", fmt_num(p.thickness)},
          {"SheetLength", fmt_num(p.sheet_length)},
          {"SheetWidth", fmt_num(p.sheet_width)},
          {"HeatNumber", p.heat},
          {"Qty", std::to_string(p.repeat)}};
}

Fields sht_fields(const ProgramRow& p) {
  return {{"ProgramName", p.name},
          {"SheetName", p.sheet},
          {"HeatNumber", p.heat},
          {"Material", p.material},
          {"Thickness", fmt_num(p.thickness)},
          {"Length", fmt_num(p.sheet_length)},
          {"Width", fmt_num(p.sheet_width)},
          {"Qty", std::to_string(p.repeat)}};
}

// The program's parts in process with the Part rows' ItemData slots (kerf's ids).
Result<odbc::ResultSet> pip_rows(odbc::Connection& c, const std::string& program) {
  std::string sql = "SELECT i.WONumber, i.PartName, i.QtyInProcess";
  for (int k = 1; k <= 18; ++k) sql += ", p.ItemData" + std::to_string(k);
  sql +=
      " FROM PIP i LEFT JOIN Part p ON p.WONumber = i.WONumber AND p.PartName = i.PartName "
      "WHERE i.ProgramName = ? ORDER BY i.WONumber, i.PartName";
  return c.query(sql, {program});
}

Fields part_fields(const ProgramRow& p, const odbc::ResultSet& rs, size_t r,
                   const char* qty_column) {
  Fields f = {{"ProgramName", p.name},
              {"PartName", rs.get(r, "PartName")},
              {"WONumber", rs.get(r, "WONumber")},
              {qty_column, rs.get(r, "QtyInProcess")}};
  for (int k = 1; k <= 18; ++k) {
    std::string col = "ItemData" + std::to_string(k);
    f[col] = rs.get(r, col);
  }
  return f;
}

// SN100 / SN101 packet of a posted program: STPIPArc rows, the STShtArc row, the STPrgArc row.
Result<Packet> post_or_delete_packet(odbc::Connection& c, const ProgramRow& p,
                                     const std::string& type) {
  auto pip = pip_rows(c, p.name);
  if (!pip.ok()) return pip.error();
  Packet pk{type, {}};
  for (size_t r = 0; r < pip->rows.size(); ++r) {
    pk.rows.push_back({"STPIPArc", part_fields(p, *pip, r, "QtyInProcess")});
  }
  pk.rows.push_back({"STShtArc", sht_fields(p)});
  pk.rows.push_back({"STPrgArc", prg_fields(p)});
  return pk;
}

Status set_packet_id(odbc::Connection& c, const std::string& program, int64_t id) {
  return status_of(c.execute("UPDATE Program SET ArchivePacketID = ? WHERE ProgramName = ?",
                             {std::to_string(id), program}));
}

// Posts one program for `sheet` with the placed pieces of `demand`.
Status post_program(SimState& s, TxEffects& fx, const Group& g, const Sheet& sheet,
                    const std::vector<Demand>& demand, const PackedSheet& packed) {
  odbc::Connection& c = *s.conn;
  auto seq = next_counter(c, "Program");
  if (!seq.ok()) return seq.error();
  char num_text[16];
  std::snprintf(num_text, sizeof num_text, "%04lld", static_cast<long long>(*seq));
  ProgramRow p;
  p.name = s.opt.program_prefix + "-" + code_of(g.material) + "-" + fmt_num(g.thickness) + "-" +
           num_text;
  p.sheet = sheet.name;
  p.machine = g.machine;
  p.material = sheet.material;
  p.thickness = sheet.thickness;
  p.state = "posted";
  p.sheet_length = sheet.length;
  p.sheet_width = sheet.width;
  p.used_length = packed.used_length;
  p.from_remnant = sheet.remnant;
  p.heat = sheet.heat;
  p.used_area = packed.used_area;
  const double area = sheet.length * sheet.width;
  const double rem_area = remnant_length(s.opt, sheet.length, packed.used_length) * sheet.width;
  p.scrap = std::clamp((area - packed.used_area - rem_area) / area, 0.0, 1.0);
  p.cutting = estimate_cut_seconds(packed.cut_perimeter,
                                   static_cast<int64_t>(packed.placements.size()), g.thickness);
  Fields prog = {{"ProgramName", p.name},
                 {"RepeatID", std::string("1")},
                 {"SheetName", p.sheet},
                 {"MachineName", p.machine},
                 {"Material", p.material},
                 {"Thickness", fmt_num(p.thickness)},
                 {"State", p.state},
                 {"CuttingTime", std::to_string(p.cutting)},
                 {"ActualCutTime", std::string("0")},
                 {"UsedArea", fmt_num(p.used_area)},
                 {"ScrapFraction", fmt_num(p.scrap)},
                 {"ArchivePacketID", std::string("0")},
                 {"PostedAt", timestamp_text(s.env->now())}};
  if (Status st = insert_row(c, "Program", prog); !st.ok()) return st;
  Fields sim = {{"ProgramName", p.name},
                {"SheetLength", fmt_num(p.sheet_length)},
                {"SheetWidth", fmt_num(p.sheet_width)},
                {"UsedLength", fmt_num(p.used_length)},
                {"FromRemnant", std::string(p.from_remnant ? "1" : "0")},
                {"HeatNumber", p.heat},
                {"PostedMicros", std::to_string(s.env->now().time_since_epoch().count())}};
  if (Status st = insert_row(c, "SimProgram", sim); !st.ok()) return st;
  for (size_t i = 0; i < demand.size(); ++i) {
    if (packed.placed[i] == 0) continue;
    Fields pip = {{"ProgramName", p.name},
                  {"WONumber", demand[i].wo},
                  {"PartName", demand[i].part},
                  {"QtyInProcess", std::to_string(packed.placed[i])}};
    if (Status st = insert_row(c, "PIP", pip); !st.ok()) return st;
  }
  Fields sip = {{"ProgramName", p.name}, {"SheetName", p.sheet}, {"Qty", std::string("1")}};
  if (Status st = insert_row(c, "SIP", sip); !st.ok()) return st;
  auto pk = post_or_delete_packet(c, p, "SN100");
  if (!pk.ok()) return pk.error();
  auto id = write_packet(s, fx, *pk);
  if (!id.ok()) return id.error();
  ++fx.posted;
  return set_packet_id(c, p.name, *id);
}

// Demo: stock sheets for groups that have none of their material and thickness at all.
template <typename Groups>
Result<int> add_auto_stock(SimState& s, const Groups& groups, const std::vector<Sheet>& sheets) {
  std::set<std::pair<std::string, std::string>> have;
  for (const Sheet& sh : sheets) have.insert({sh.material, fmt_num(sh.thickness)});
  int added = 0;
  for (const auto& [key, g] : groups) {
    const std::string thk = fmt_num(g.thickness);
    if (!have.insert({g.material, thk}).second) continue;
    const std::string name = "AUTO-" + code_of(g.material) + "-" + thk;
    // A sheet of that name may exist with all its sheets in process: leave it.
    auto rs = s.conn->query("SELECT SheetName FROM Stock WHERE SheetName = ?", {name});
    if (!rs.ok()) return rs.error();
    if (!rs->rows.empty()) continue;
    char heat[16];
    std::snprintf(heat, sizeof heat, "H-%06llu",
                  static_cast<unsigned long long>(s.env->random_u64() % 1000000));
    Fields f = {{"SheetName", name},
                {"Material", g.material},
                {"Thickness", thk},
                {"Length", fmt_num(s.opt.auto_stock_length_mm)},
                {"Width", fmt_num(s.opt.auto_stock_width_mm)},
                {"Qty", std::to_string(s.opt.auto_stock_qty)},
                {"HeatNumber", std::string(heat)}};
    if (Status st = insert_row(*s.conn, "Stock", f); !st.ok()) return st.error();
    ++added;
  }
  return added;
}

}  // namespace

int64_t estimate_cut_seconds(double perimeter_mm, int64_t pieces, double thickness_mm) {
  // Feed rate (mm/min) of a fibre laser by thickness, and a pierce time per piece.
  struct Feed {
    double up_to_mm, mm_per_min;
  };
  static constexpr Feed kFeeds[] = {{1, 12000}, {2, 8000},  {3, 5000}, {5, 3000},
                                    {8, 1800},  {12, 1000}, {20, 600}};
  double feed = 400;
  for (const Feed& f : kFeeds) {
    if (thickness_mm <= f.up_to_mm + kThicknessEps) {
      feed = f.mm_per_min;
      break;
    }
  }
  double seconds =
      perimeter_mm / feed * 60 + static_cast<double>(pieces) * (0.5 + 0.25 * thickness_mm);
  return std::max<int64_t>(1, static_cast<int64_t>(std::ceil(seconds - 1e-9)));
}

Result<int> nest_in_tx(SimState& s, TxEffects& fx) {
  odbc::Connection& c = *s.conn;
  std::string sql =
      "SELECT p.WONumber, p.PartName, p.QtyOrdered, p.QtyCompleted, p.Material, p.Thickness, "
      "p.Length, p.Width, p.Process, w.OnHold FROM Part p JOIN WO w ON w.WONumber = p.WONumber "
      "ORDER BY p.WONumber, p.PartName";
  auto parts = c.query(sql);
  if (!parts.ok()) return parts.error();
  auto busy = in_process(c);
  if (!busy.ok()) return busy.error();
  std::map<std::tuple<std::string, std::string, std::string>, Group> groups;
  for (size_t r = 0; r < parts->rows.size(); ++r) {
    if (integer(parts->get(r, "OnHold")) != 0) continue;
    Value material = parts->get(r, "Material");
    double thickness = num(parts->get(r, "Thickness"));
    if (!present(material) || !(thickness > 0)) continue;  // cannot be nested
    Demand d;
    d.wo = parts->get(r, "WONumber").value_or("");
    d.part = parts->get(r, "PartName").value_or("");
    d.length = num(parts->get(r, "Length"));
    d.width = num(parts->get(r, "Width"));
    if (!(d.length > 0)) d.length = s.opt.default_part_length_mm;
    if (!(d.width > 0)) d.width = s.opt.default_part_width_mm;
    auto it = busy->find({d.wo, d.part});
    d.qty = integer(parts->get(r, "QtyOrdered")) - integer(parts->get(r, "QtyCompleted")) -
            (it == busy->end() ? 0 : it->second);
    if (d.qty <= 0) continue;
    Value process = parts->get(r, "Process");
    std::string machine = present(process) ? *process : s.opt.machine_name;
    Group& g = groups[{*material, fmt_num(thickness), machine}];
    g.material = *material;
    g.thickness = thickness;
    g.machine = machine;
    g.parts.push_back(std::move(d));
  }
  if (groups.empty()) return 0;
  auto sheets = load_sheets(c, s.opt.nest_on_remnants);
  if (!sheets.ok()) return sheets.error();
  if (s.opt.auto_stock) {
    auto added = add_auto_stock(s, groups, *sheets);
    if (!added.ok()) return added.error();
    if (*added > 0) sheets = load_sheets(c, s.opt.nest_on_remnants);
    if (!sheets.ok()) return sheets.error();
  }
  int posted = 0;
  for (auto& [key, g] : groups) {
    std::vector<PackItem> items;
    for (const Demand& d : g.parts) {
      items.push_back({d.wo + "/" + d.part, d.length, d.width, d.qty});
    }
    for (Sheet& sheet : *sheets) {
      if (sheet.material != g.material || std::abs(sheet.thickness - g.thickness) > kThicknessEps) {
        continue;
      }
      while (sheet.available > 0) {
        bool left = std::any_of(items.begin(), items.end(), [](auto& i) { return i.qty > 0; });
        if (!left) break;
        PackedSheet packed = pack_sheet(sheet.length, sheet.width, items, s.opt.packing);
        if (packed.placements.empty()) break;
        if (Status st = post_program(s, fx, g, sheet, g.parts, packed); !st.ok()) return st.error();
        --sheet.available;
        ++posted;
      }
    }
  }
  return posted;
}

Status cut_in_tx(SimState& s, TxEffects& fx, const std::string& name) {
  odbc::Connection& c = *s.conn;
  auto p = require_program(c, name);
  if (!p.ok()) return p.error();
  if (p->state == "cut") return Error::precondition("program " + name + " is already cut");
  if (p->actual <= 0) p->actual = p->cutting;
  auto pip = pip_rows(c, name);
  if (!pip.ok()) return pip.error();
  Packet pk{"SN102", {}};
  std::vector<std::string> wos;
  for (size_t r = 0; r < pip->rows.size(); ++r) {
    pk.rows.push_back({"STPrtArc", part_fields(*p, *pip, r, "QtyProgram")});
    auto n = c.execute(
        "UPDATE Part SET QtyCompleted = QtyCompleted + ? WHERE WONumber = ? AND PartName = ?",
        {pip->get(r, "QtyInProcess"), pip->get(r, "WONumber"), pip->get(r, "PartName")});
    if (!n.ok()) return n.error();
    std::string wo = pip->get(r, "WONumber").value_or("");
    if (std::find(wos.begin(), wos.end(), wo) == wos.end()) wos.push_back(wo);
  }
  pk.rows.push_back({"STShtArc", sht_fields(*p)});
  // The sheet leaves stock; an offcut long enough comes back as a remnant.
  auto consumed = p->from_remnant
                      ? c.execute("DELETE FROM Remnant WHERE RemnantName = ?", {p->sheet})
                      : c.execute("UPDATE Stock SET Qty = Qty - 1 WHERE SheetName = ?", {p->sheet});
  if (!consumed.ok()) return consumed.error();
  double rem_len = remnant_length(s.opt, p->sheet_length, p->used_length);
  if (rem_len > 0) {
    std::string rem_name = "R-" + name;
    Fields rem = {{"RemnantName", rem_name},
                  {"Material", p->material},
                  {"Thickness", fmt_num(p->thickness)},
                  {"Length", fmt_num(rem_len)},
                  {"Width", fmt_num(p->sheet_width)},
                  {"Qty", std::string("1")},
                  {"HeatNumber", p->heat}};
    if (Status st = insert_row(c, "Remnant", rem); !st.ok()) return st;
    pk.rows.push_back({"STRemArc",
                       {{"ProgramName", name},
                        {"RemnantName", rem_name},
                        {"Length", fmt_num(rem_len)},
                        {"Width", fmt_num(p->sheet_width)},
                        {"Area", fmt_num(rem_len * p->sheet_width)},
                        {"Material", p->material},
                        {"Thickness", fmt_num(p->thickness)},
                        {"HeatNumber", p->heat}}});
  }
  // Work orders this cut completed are archived (STWOArc).
  for (const std::string& wo : wos) {
    auto open =
        c.query("SELECT PartName FROM Part WHERE WONumber = ? AND QtyCompleted < QtyOrdered", {wo});
    if (!open.ok()) return open.error();
    if (!open->rows.empty()) continue;
    auto header = c.query("SELECT Customer, DueDate, Remark FROM WO WHERE WONumber = ?", {wo});
    if (!header.ok()) return header.error();
    Fields f = {{"WONumber", wo}};
    if (!header->rows.empty()) {
      for (const char* col : {"Customer", "DueDate", "Remark"}) f[col] = header->get(0, col);
    }
    pk.rows.push_back({"STWOArc", f});
  }
  Fields prg = prg_fields(*p);
  prg["ActualCutTime"] = std::to_string(p->actual);
  pk.rows.push_back({"STPrgArc", prg});
  if (auto n = c.execute("DELETE FROM PIP WHERE ProgramName = ?", {name}); !n.ok()) {
    return n.error();
  }
  if (auto n = c.execute("DELETE FROM SIP WHERE ProgramName = ?", {name}); !n.ok()) {
    return n.error();
  }
  if (auto n =
          c.execute("UPDATE Program SET State = 'cut', ActualCutTime = ? WHERE ProgramName = ?",
                    {std::to_string(p->actual), name});
      !n.ok()) {
    return n.error();
  }
  auto id = write_packet(s, fx, pk);
  if (!id.ok()) return id.error();
  ++fx.cut;
  return ok_status();
}

Status delete_in_tx(SimState& s, TxEffects& fx, const std::string& name, bool for_repost) {
  odbc::Connection& c = *s.conn;
  auto p = require_program(c, name);
  if (!p.ok()) return p.error();
  if (p->state == "cut" || p->state == "started") {
    return Error::precondition("program " + name + " is " + p->state);
  }
  auto pk = post_or_delete_packet(c, *p, "SN101");
  if (!pk.ok()) return pk.error();
  auto id = write_packet(s, fx, *pk);
  if (!id.ok()) return id.error();
  if (for_repost) return ok_status();
  for (const char* table : {"PIP", "SIP", "SimProgram", "Program"}) {
    auto n = c.execute(std::string("DELETE FROM ") + table + " WHERE ProgramName = ?", {name});
    if (!n.ok()) return n.error();
  }
  ++fx.deleted;
  return ok_status();
}

Status repost_in_tx(SimState& s, TxEffects& fx, const std::string& name) {
  odbc::Connection& c = *s.conn;
  auto p = require_program(c, name);
  if (!p.ok()) return p.error();
  if (p->state == "cut" || p->state == "started") {
    return Error::precondition("program " + name + " is " + p->state);
  }
  auto post = post_or_delete_packet(c, *p, "SN100");
  if (!post.ok()) return post.error();
  auto del = post_or_delete_packet(c, *p, "SN101");
  if (!del.ok()) return del.error();
  bool post_first = s.faults.repost_order == RepostOrder::kPostFirst;
  auto first = write_packet(s, fx, post_first ? *post : *del);
  if (!first.ok()) return first.error();
  auto second = write_packet(s, fx, post_first ? *del : *post);
  if (!second.ok()) return second.error();
  return set_packet_id(c, name, post_first ? *first : *second);
}

}  // namespace kerf::integrations::simtrans_sim
