// Programs in the simulated SNDBase: loading them and the shop-floor events that change them
// without feedback (SN73N state, SN73C actual cut time, SN78R rejected pieces).
#include <algorithm>
#include <cmath>

#include "integrations/simtrans_sim/sim_impl.h"

namespace kerf::integrations::simtrans_sim {

Result<std::optional<ProgramRow>> load_program(odbc::Connection& c, const std::string& name) {
  auto rs = c.query(
      "SELECT p.ProgramName, p.RepeatID, p.SheetName, p.MachineName, p.Material, p.Thickness, "
      "p.State, p.CuttingTime, p.ActualCutTime, p.UsedArea, p.ScrapFraction, s.SheetLength, "
      "s.SheetWidth, s.UsedLength, s.FromRemnant, s.HeatNumber FROM Program p JOIN SimProgram s "
      "ON s.ProgramName = p.ProgramName WHERE p.ProgramName = ?",
      {name});
  if (!rs.ok()) return rs.error();
  if (rs->rows.empty()) return std::optional<ProgramRow>();
  ProgramRow p;
  p.name = name;
  p.repeat = integer(rs->get(0, "RepeatID"), 1);
  p.sheet = rs->get(0, "SheetName").value_or("");
  p.machine = rs->get(0, "MachineName").value_or("");
  p.material = rs->get(0, "Material").value_or("");
  p.thickness = num(rs->get(0, "Thickness"));
  p.state = rs->get(0, "State").value_or("");
  p.cutting = integer(rs->get(0, "CuttingTime"));
  p.actual = integer(rs->get(0, "ActualCutTime"));
  p.used_area = num(rs->get(0, "UsedArea"));
  p.scrap = num(rs->get(0, "ScrapFraction"));
  p.sheet_length = num(rs->get(0, "SheetLength"));
  p.sheet_width = num(rs->get(0, "SheetWidth"));
  p.used_length = num(rs->get(0, "UsedLength"));
  p.from_remnant = integer(rs->get(0, "FromRemnant")) != 0;
  p.heat = rs->get(0, "HeatNumber");
  return std::optional<ProgramRow>(std::move(p));
}

Result<ProgramRow> require_program(odbc::Connection& c, const std::string& name) {
  auto p = load_program(c, name);
  if (!p.ok()) return p.error();
  if (!*p) return Error::not_found("program " + name + " does not exist");
  return std::move(**p);
}

Status set_program_state(SimState& s, const std::string& name, const std::string& state,
                         const Value& cut_seconds, const Value& machine) {
  odbc::Connection& c = *s.conn;
  auto p = require_program(c, name);
  if (!p.ok()) return p.error();
  if (p->state == "cut") return Error::precondition("program " + name + " is already cut");
  auto n = c.execute("UPDATE Program SET State = ? WHERE ProgramName = ?", {state, name});
  if (!n.ok()) return n.error();
  if (present(cut_seconds)) {
    if (Status st = set_actual_cut_time(s, name, std::llround(num(cut_seconds))); !st.ok()) {
      return st;
    }
  }
  if (present(machine)) {
    return status_of(
        c.execute("UPDATE Program SET MachineName = ? WHERE ProgramName = ?", {machine, name}));
  }
  return ok_status();
}

Status set_actual_cut_time(SimState& s, const std::string& name, int64_t seconds) {
  auto n = s.conn->execute("UPDATE Program SET ActualCutTime = ? WHERE ProgramName = ?",
                           {std::to_string(seconds), name});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("program " + name + " does not exist");
  return ok_status();
}

Status reject_part(SimState& s, const std::string& name, const std::string& part,
                   const std::string& sheet, int64_t qty) {
  odbc::Connection& c = *s.conn;
  auto p = require_program(c, name);
  if (!p.ok()) return p.error();
  if (p->state == "cut") return Error::precondition("program " + name + " is already cut");
  if (p->sheet != sheet) {
    return Error::invalid("StringData4", "sheet " + sheet + " is not the sheet of program " + name +
                                             " (" + p->sheet + ")");
  }
  auto rs = c.query(
      "SELECT WONumber, QtyInProcess FROM PIP WHERE ProgramName = ? AND PartName = ? "
      "ORDER BY WONumber",
      {name, part});
  if (!rs.ok()) return rs.error();
  if (rs->rows.empty()) return Error::not_found("part " + part + " is not on program " + name);
  // The rejected pieces leave the program and become releasable again.
  int64_t left = qty;
  for (size_t r = 0; r < rs->rows.size() && left > 0; ++r) {
    int64_t have = integer(rs->get(r, "QtyInProcess"));
    int64_t take = std::min(have, left);
    left -= take;
    auto n = have == take ? c.execute(
                                "DELETE FROM PIP WHERE ProgramName = ? AND PartName = ? AND "
                                "WONumber = ?",
                                {name, part, rs->get(r, "WONumber")})
                          : c.execute(
                                "UPDATE PIP SET QtyInProcess = ? WHERE ProgramName = ? AND "
                                "PartName = ? AND WONumber = ?",
                                {std::to_string(have - take), name, part, rs->get(r, "WONumber")});
    if (!n.ok()) return n.error();
  }
  if (left > 0) {
    return Error::invalid("Qty", "program " + name + " holds fewer than " + std::to_string(qty) +
                                     " pieces of " + part);
  }
  return ok_status();
}

Result<std::vector<ProgramInfo>> load_programs(SimState& s, const std::string& only_name) {
  std::string sql =
      "SELECT p.ProgramName, p.SheetName, p.MachineName, p.Material, p.Thickness, p.State, "
      "p.CuttingTime, p.ActualCutTime, p.UsedArea, p.ScrapFraction, p.ArchivePacketID, "
      "s.PostedMicros FROM Program p JOIN SimProgram s ON s.ProgramName = p.ProgramName";
  std::vector<Value> params;
  if (!only_name.empty()) {
    sql += " WHERE p.ProgramName = ?";
    params.push_back(only_name);
  }
  sql += " ORDER BY p.ProgramName";
  auto rs = s.conn->query(sql, params);
  if (!rs.ok()) return rs.error();
  std::vector<ProgramInfo> out;
  for (size_t r = 0; r < rs->rows.size(); ++r) {
    ProgramInfo i;
    i.name = rs->get(r, "ProgramName").value_or("");
    i.sheet_name = rs->get(r, "SheetName").value_or("");
    i.machine_name = rs->get(r, "MachineName").value_or("");
    i.material = rs->get(r, "Material").value_or("");
    i.thickness = num(rs->get(r, "Thickness"));
    i.state = rs->get(r, "State").value_or("");
    i.cutting_time_s = integer(rs->get(r, "CuttingTime"));
    i.actual_cut_time_s = integer(rs->get(r, "ActualCutTime"));
    i.used_area = num(rs->get(r, "UsedArea"));
    i.scrap_fraction = num(rs->get(r, "ScrapFraction"));
    i.archive_packet_id = integer(rs->get(r, "ArchivePacketID"));
    i.posted_at = TimePoint(Micros(integer(rs->get(r, "PostedMicros"))));
    out.push_back(std::move(i));
  }
  return out;
}

}  // namespace kerf::integrations::simtrans_sim
