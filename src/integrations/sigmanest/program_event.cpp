#include "kerf/integrations/sigmanest/program_event.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <string>

namespace kerf::integrations::sigmanest {

namespace {

std::string field(FeedbackTable t, std::string_view column) {
  return std::string(table_name(t)) + "." + std::string(column);
}

std::string trim(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return std::string(s.substr(b, e - b));
}

// Column value, trimmed; nullopt when absent or blank.
std::optional<std::string> text(const FeedbackRow& row, const std::string& column) {
  auto v = row.get(column);
  if (!v) return std::nullopt;
  std::string t = trim(*v);
  if (t.empty()) return std::nullopt;
  return t;
}

Result<std::optional<double>> number(const FeedbackRow& row, const std::string& column) {
  auto v = text(row, column);
  if (!v) return std::optional<double>{};
  double d = 0;
  auto [p, ec] = std::from_chars(v->data(), v->data() + v->size(), d);
  if (ec != std::errc() || p != v->data() + v->size() || !std::isfinite(d)) {
    return Error::invalid(field(row.table, column), "\"" + *v + "\" is not a number");
  }
  return std::optional<double>{d};
}

// A whole number (SQL Server may hand "12.0" for a float column holding 12).
Result<std::optional<int64_t>> integer(const FeedbackRow& row, const std::string& column) {
  auto d = number(row, column);
  if (!d.ok()) return d.error();
  if (!d->has_value()) return std::optional<int64_t>{};
  double x = **d;
  if (x != std::floor(x) || std::fabs(x) > 9.0e15) {
    return Error::invalid(field(row.table, column),
                          "\"" + *text(row, column) + "\" is not a whole number");
  }
  return std::optional<int64_t>{static_cast<int64_t>(x)};
}

Result<double> fraction(const FeedbackRow& row, const std::string& column, double dflt) {
  auto d = number(row, column);
  if (!d.ok()) return d.error();
  if (!d->has_value()) return dflt;
  if (**d < 0 || **d > 1) {
    return Error::invalid(field(row.table, column),
                          "\"" + *text(row, column) + "\" is outside [0, 1]");
  }
  return **d;
}

Result<EventPart> read_part(const FeedbackRow& row, size_t index, const std::string& qty_column,
                            const FeedbackIdColumns& slots) {
  EventPart p;
  p.table = std::string(table_name(row.table));
  p.row = index;
  p.wo_number = text(row, "WONumber").value_or("");
  p.part_name = text(row, "PartName").value_or("");
  auto slot = [&](const std::string& column, int64_t& out) -> Status {
    if (column.empty()) return ok_status();
    auto v = integer(row, column);
    if (!v.ok()) return v.error();
    if (!v->has_value()) return ok_status();
    if (**v <= 0) return Error::invalid(field(row.table, column), "kerf id must be > 0");
    out = **v;
    return ok_status();
  };
  if (auto s = slot(slots.job_id, p.job_id); !s.ok()) return s.error();
  if (auto s = slot(slots.part_id, p.part_id); !s.ok()) return s.error();
  if (p.job_id == 0 && p.wo_number.empty()) {
    return Error::invalid(field(row.table, "WONumber"), "required (no kerf job id in ItemData)");
  }
  if (p.part_id == 0 && p.part_name.empty()) {
    return Error::invalid(field(row.table, "PartName"), "required (no kerf part id in ItemData)");
  }
  auto qty = integer(row, qty_column);
  if (!qty.ok()) return qty.error();
  if (!qty->has_value()) return Error::invalid(field(row.table, qty_column), "required");
  if (**qty < 1) {
    return Error::invalid(field(row.table, qty_column), std::to_string(**qty) + " is below 1");
  }
  p.qty = **qty;
  return p;
}

// Identity of a row without its AutoID (duplicate feedback rows differ only there).
std::string row_fingerprint(const FeedbackRow& row) {
  std::string f = std::string(table_name(row.table));
  for (const auto& [k, v] : row.columns) {
    if (k == "AutoID" || k == "AutoInc") continue;
    f += '\x1f';
    f += k;
    f += '=';
    f += v;
  }
  return f;
}

}  // namespace

std::string ProgramEvent::natural_key() const { return program_name + "#" + repeat_id; }

std::string packet_natural_key(const FeedbackPacket& packet) {
  for (const FeedbackRow& row : packet.rows) {
    if (row.table != FeedbackTable::kPrgArc) continue;
    auto name = text(row, "ProgramName");
    if (!name) break;
    return *name + "#" + text(row, "RepeatID").value_or("");
  }
  return "packet:" + std::to_string(packet.archive_packet_id);
}

Result<ProgramEvent> parse_program_event(const FeedbackPacket& packet,
                                         const FeedbackIdColumns& slots) {
  ProgramEvent e;
  e.archive_packet_id = packet.archive_packet_id;
  e.trans_type = packet.trans_type;
  if (e.trans_type != kSN100 && e.trans_type != kSN101 && e.trans_type != kSN102) {
    return Error::invalid("TransType", "\"" + e.trans_type + "\" is not SN100, SN101 or SN102");
  }
  std::set<std::string> seen;
  std::vector<const FeedbackRow*> rows;
  for (const FeedbackRow& row : packet.rows) {
    if (!seen.insert(row_fingerprint(row)).second) {
      ++e.duplicate_rows;
      continue;
    }
    rows.push_back(&row);
  }
  const FeedbackRow* prg = nullptr;
  for (const FeedbackRow* row : rows) {
    if (row->table != FeedbackTable::kPrgArc) continue;
    if (prg != nullptr) return Error::invalid("STPrgArc", "several program rows in one packet");
    prg = row;
  }
  if (prg == nullptr) return Error::invalid("STPrgArc", "the packet has no program row");

  auto name = text(*prg, "ProgramName");
  if (!name) return Error::invalid("STPrgArc.ProgramName", "required");
  e.program_name = *name;
  e.repeat_id = text(*prg, "RepeatID").value_or("");
  e.sheet_name = text(*prg, "SheetName").value_or("");
  e.machine_name = text(*prg, "MachineName").value_or("");
  e.heat_number = text(*prg, "HeatNumber").value_or("");
  e.state = text(*prg, "ProgramState");
  auto cut = integer(*prg, "CuttingTime");
  if (!cut.ok()) return cut.error();
  if (cut->value_or(0) < 0) return Error::invalid("STPrgArc.CuttingTime", "below 0");
  e.cut_seconds = cut->value_or(0);
  auto actual = integer(*prg, "ActualCutTime");
  if (!actual.ok()) return actual.error();
  if (actual->value_or(0) < 0) return Error::invalid("STPrgArc.ActualCutTime", "below 0");
  e.cut_seconds_actual = actual->value_or(0);
  auto scrap = fraction(*prg, "ScrapFraction", 0);
  if (!scrap.ok()) return scrap.error();
  e.scrap_fraction = *scrap;
  auto used = number(*prg, "UsedArea");
  if (!used.ok()) return used.error();
  auto sheet_length = number(*prg, "SheetLength");
  if (!sheet_length.ok()) return sheet_length.error();
  auto sheet_width = number(*prg, "SheetWidth");
  if (!sheet_width.ok()) return sheet_width.error();
  e.utilisation = 1 - e.scrap_fraction;
  if (used->has_value() && sheet_length->value_or(0) > 0 && sheet_width->value_or(0) > 0) {
    double area = **sheet_length * **sheet_width;
    if (**used < 0 || **used > area * (1 + 1e-9)) {
      return Error::invalid("STPrgArc.UsedArea",
                            "\"" + *text(*prg, "UsedArea") + "\" is outside [0, sheet area]");
    }
    e.utilisation = std::min(1.0, **used / area);
  }

  int64_t sheets = 0;
  size_t pip = 0, prt = 0;
  for (const FeedbackRow* row : rows) {
    switch (row->table) {
      case FeedbackTable::kPrgArc:
      case FeedbackTable::kWOArc:
        break;
      case FeedbackTable::kPIPArc: {
        auto p = read_part(*row, pip++, "QtyInProcess", slots);
        if (!p.ok()) return p.error();
        e.parts_in_process.push_back(std::move(*p));
        break;
      }
      case FeedbackTable::kPrtArc: {
        auto p = read_part(*row, prt++, "QtyProgram", slots);
        if (!p.ok()) return p.error();
        e.parts_cut.push_back(std::move(*p));
        break;
      }
      case FeedbackTable::kShtArc: {
        if (auto h = text(*row, "HeatNumber")) {
          if (!e.heat_number.empty() && e.heat_number != *h) {
            return Error::invalid("STShtArc.HeatNumber", "\"" + *h + "\" differs from \"" +
                                                             e.heat_number + "\" in the packet");
          }
          e.heat_number = *h;
        }
        if (auto s = text(*row, "SheetName"); s && e.sheet_name.empty()) e.sheet_name = *s;
        auto q = integer(*row, "Qty");
        if (!q.ok()) return q.error();
        if (q->value_or(1) < 1) return Error::invalid("STShtArc.Qty", "below 1");
        sheets += q->value_or(1);
        break;
      }
      case FeedbackTable::kRemArc: {
        EventRemnant r;
        auto l = number(*row, "Length");
        if (!l.ok()) return l.error();
        auto w = number(*row, "Width");
        if (!w.ok()) return w.error();
        if (!l->has_value() || **l <= 0) return Error::invalid("STRemArc.Length", "must be > 0");
        if (!w->has_value() || **w <= 0) return Error::invalid("STRemArc.Width", "must be > 0");
        r.length_mm = **l;
        r.width_mm = **w;
        r.location = text(*row, "Location").value_or("");
        r.name = text(*row, "RemnantName").value_or("");
        if (r.name.size() > 50) {
          return Error::invalid("STRemArc.RemnantName", "longer than 50 characters");
        }
        e.remnants.push_back(std::move(r));
        break;
      }
    }
  }
  if (sheets > 0) e.repeat = sheets;
  if (e.trans_type == kSN100) {
    if (e.sheet_name.empty()) return Error::invalid("STPrgArc.SheetName", "required for SN100");
    if (e.parts_in_process.empty()) {
      return Error::invalid("STPIPArc", "an SN100 packet needs at least one part row");
    }
  }
  return e;
}

std::set<int64_t> collapsed_deletes(const std::vector<ProgramEvent>& events,
                                    const std::set<std::string>& known_before) {
  std::map<std::string, std::vector<const ProgramEvent*>> by_program;
  for (const ProgramEvent& e : events) by_program[e.program_name].push_back(&e);
  std::set<int64_t> skipped;
  for (auto& [name, seq] : by_program) {
    bool known = known_before.count(name) != 0;
    for (size_t i = 0; i < seq.size(); ++i) {
      const ProgramEvent& a = *seq[i];
      if (i + 1 < seq.size()) {
        const ProgramEvent& b = *seq[i + 1];
        if (a.trans_type == kSN101 && b.trans_type == kSN100) {
          skipped.insert(a.archive_packet_id);  // delete then post: a re-post
          known = true;
          ++i;
          continue;
        }
        if (a.trans_type == kSN100 && b.trans_type == kSN101 && known) {
          skipped.insert(b.archive_packet_id);  // post then delete of a known program
          ++i;
          continue;
        }
      }
      if (a.trans_type == kSN100) known = true;
      if (a.trans_type == kSN101) known = false;
    }
  }
  return skipped;
}

}  // namespace kerf::integrations::sigmanest
