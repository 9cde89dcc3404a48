// SimTrans's rules: what each TransAct code does to the SNDBase subset and when it fails.
// docs/simtrans_simulator.md lists them; every failure is a value whose message becomes the
// TransActLog / SimTransEvents reason.
#include <cmath>
#include <string>

#include "integrations/simtrans_sim/sim_impl.h"
#include "kerf/integrations/sigmanest/transact.h"

namespace kerf::integrations::simtrans_sim {

namespace sn = kerf::integrations::sigmanest;

namespace {

// Row accessor: a column of the TransAct row being applied (blank text counts as NULL).
struct Row {
  const odbc::ResultSet& rows;
  size_t r;
  Value operator()(std::string_view name) const {
    Value v = rows.get(r, name);
    if (!present(v)) return std::nullopt;
    return v;
  }
  std::string text(std::string_view name) const { return (*this)(name).value_or(""); }
};

const char* const kPartCopied[] = {"Material", "Thickness", "Length",    "Width",
                                   "DueDate",  "Priority",  "DwgNumber", "RevNumber",
                                   "Process",  "Remark",    "FileName"};

Result<bool> exists(odbc::Connection& c, const std::string& sql, const std::vector<Value>& p) {
  auto rs = c.query(sql, p);
  if (!rs.ok()) return rs.error();
  return !rs->rows.empty();
}

Result<int64_t> part_in_process(odbc::Connection& c, const std::string& wo,
                                const std::string& part) {
  auto rs = c.query("SELECT SUM(QtyInProcess) AS q FROM PIP WHERE WONumber = ? AND PartName = ?",
                    {wo, part});
  if (!rs.ok()) return rs.error();
  return rs->rows.empty() ? 0 : integer(rs->get(0, "q"));
}

Result<int64_t> wo_in_process(odbc::Connection& c, const std::string& wo) {
  auto rs = c.query("SELECT SUM(QtyInProcess) AS q FROM PIP WHERE WONumber = ?", {wo});
  if (!rs.ok()) return rs.error();
  return rs->rows.empty() ? 0 : integer(rs->get(0, "q"));
}

Result<int64_t> sheet_in_process(odbc::Connection& c, const std::string& sheet) {
  auto rs = c.query("SELECT SUM(Qty) AS q FROM SIP WHERE SheetName = ?", {sheet});
  if (!rs.ok()) return rs.error();
  return rs->rows.empty() ? 0 : integer(rs->get(0, "q"));
}

Status ensure_wo(odbc::Connection& c, const Row& row) {
  const std::string wo = row.text("OrderNo");
  auto found = exists(c, "SELECT WONumber FROM WO WHERE WONumber = ?", {wo});
  if (!found.ok()) return found.error();
  if (*found) return ok_status();
  Fields f = {{"WONumber", wo},
              {"Customer", row("Customer")},
              {"DueDate", row("DueDate")},
              {"Priority", row("Priority")},
              {"OnHold", std::string("0")}};
  return insert_row(c, "WO", f);
}

Result<int64_t> parse_qty(const Row& row, std::string_view column, bool allow_zero) {
  Value v = row(column);
  double q = num(v, -1);
  if (!v || q != std::floor(q) || q < (allow_zero ? 0 : 1)) {
    return Error::invalid(std::string(column),
                          "\"" + v.value_or("") + "\" is not a valid quantity");
  }
  return static_cast<int64_t>(q);
}

Status sn84(SimState& s, const Row& row) {
  auto qty = parse_qty(row, "Qty", true);
  if (!qty.ok()) return qty.error();
  if (Status st = ensure_wo(*s.conn, row); !st.ok()) return st;
  const std::string wo = row.text("OrderNo"), part = row.text("ItemName");
  Fields f;
  for (const char* col : kPartCopied) f[col] = row(col);
  for (int i = 1; i <= 18; ++i) {
    std::string col = "ItemData" + std::to_string(i);
    f[col] = row(col);
  }
  f["QtyOrdered"] = std::to_string(*qty);
  auto found =
      exists(*s.conn, "SELECT PartName FROM Part WHERE WONumber = ? AND PartName = ?", {wo, part});
  if (!found.ok()) return found.error();
  if (!*found) {
    f["WONumber"] = wo;
    f["PartName"] = part;
    f["QtyCompleted"] = std::string("0");
    return insert_row(*s.conn, "Part", f);
  }
  // Overwrite: every definition column replaced (absent = NULL); completed pieces are kept.
  std::string sql = "UPDATE Part SET ";
  std::vector<Value> params;
  for (const auto& [col, v] : f) {
    if (!params.empty()) sql += ", ";
    sql += col + " = ?";
    params.push_back(v);
  }
  sql += " WHERE WONumber = ? AND PartName = ?";
  params.push_back(wo);
  params.push_back(part);
  return status_of(s.conn->execute(sql, params));
}

Status sn81(SimState& s, const Row& row) {
  auto qty = parse_qty(row, "Qty", true);
  if (!qty.ok()) return qty.error();
  const std::string wo = row.text("OrderNo"), part = row.text("ItemName");
  auto n = s.conn->execute("UPDATE Part SET QtyOrdered = ? WHERE WONumber = ? AND PartName = ?",
                           {std::to_string(*qty), wo, part});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("part " + part + " is not on work order " + wo);
  return ok_status();
}

Status sn82(SimState& s, const Row& row) {
  const std::string wo = row.text("OrderNo"), part = row.text("ItemName");
  auto busy = part_in_process(*s.conn, wo, part);
  if (!busy.ok()) return busy.error();
  if (*busy > 0) {
    return Error::precondition("part " + part + " of work order " + wo + " is in process (" +
                               std::to_string(*busy) + " on posted programs)");
  }
  auto n = s.conn->execute("DELETE FROM Part WHERE WONumber = ? AND PartName = ?", {wo, part});
  if (!n.ok()) return n.error();
  if (*n == 0) return Error::not_found("part " + part + " is not on work order " + wo);
  return ok_status();
}

Status sn87(SimState& s, const Row& row) {
  if (Status st = ensure_wo(*s.conn, row); !st.ok()) return st;
  Value on_hold = row("OnHold");
  if (on_hold && *on_hold != "0" && *on_hold != "1") {
    return Error::invalid("OnHold", "\"" + *on_hold + "\" is not 0 or 1");
  }
  return status_of(s.conn->execute(
      "UPDATE WO SET Customer = ?, DueDate = ?, Priority = ?, OnHold = ?, Remark = ? "
      "WHERE WONumber = ?",
      {row("Customer"), row("DueDate"), row("Priority"), on_hold.value_or("0"), row("Remark"),
       row.text("OrderNo")}));
}

Status sn89(SimState& s, const Row& row) {
  const std::string wo = row.text("OrderNo");
  auto found = exists(*s.conn, "SELECT WONumber FROM WO WHERE WONumber = ?", {wo});
  if (!found.ok()) return found.error();
  if (!*found) return Error::not_found("work order " + wo + " does not exist");
  auto busy = wo_in_process(*s.conn, wo);
  if (!busy.ok()) return busy.error();
  if (*busy > 0) {
    return Error::precondition("work order " + wo + " is in process (" + std::to_string(*busy) +
                               " parts on posted programs)");
  }
  if (auto n = s.conn->execute("DELETE FROM Part WHERE WONumber = ?", {wo}); !n.ok()) {
    return n.error();
  }
  return status_of(s.conn->execute("DELETE FROM WO WHERE WONumber = ?", {wo}));
}

// Stock columns an SN94 / SN91A / SN97 row may carry.
Fields stock_fields(const Row& row) {
  Fields f;
  for (const char* col : {"Material", "Thickness", "Length", "Width", "HeatNumber", "Location",
                          "BinNumber", "Mill", "PrimeCode", "Cost"}) {
    f[col] = row(col);
  }
  return f;
}

Status check_dimensions(const Row& row) {
  for (const char* col : {"Thickness", "Length", "Width"}) {
    Value v = row(col);
    if (v && !(num(*v, -1) > 0)) return Error::invalid(col, "\"" + *v + "\" is not positive");
  }
  return ok_status();
}

Result<bool> stock_exists(odbc::Connection& c, const std::string& name) {
  auto a = exists(c, "SELECT SheetName FROM Stock WHERE SheetName = ?", {name});
  if (!a.ok() || *a) return a;
  return exists(c, "SELECT RemnantName FROM Remnant WHERE RemnantName = ?", {name});
}

Status sn94(SimState& s, const Row& row) {
  auto qty = parse_qty(row, "Qty", true);
  if (!qty.ok()) return qty.error();
  if (Status st = check_dimensions(row); !st.ok()) return st;
  const std::string name = row.text("ItemName");
  auto found = stock_exists(*s.conn, name);
  if (!found.ok()) return found.error();
  if (*found) return Error::conflict("stock item " + name + " already exists");
  Fields f = stock_fields(row);
  f["SheetName"] = name;
  f["Qty"] = std::to_string(*qty);
  return insert_row(*s.conn, "Stock", f);
}

Status sn91a(SimState& s, const Row& row) {
  auto qty = parse_qty(row, "Qty", true);
  if (!qty.ok()) return qty.error();
  if (Status st = check_dimensions(row); !st.ok()) return st;
  const std::string name = row.text("ItemName");
  auto found = exists(*s.conn, "SELECT SheetName FROM Stock WHERE SheetName = ?", {name});
  if (!found.ok()) return found.error();
  if (!*found) {
    if (!row("Length") || !row("Width")) {
      return Error::not_found("stock item " + name +
                              " does not exist (Length and Width are needed to create it)");
    }
    Fields f = stock_fields(row);
    f["SheetName"] = name;
    f["Qty"] = std::to_string(*qty);
    return insert_row(*s.conn, "Stock", f);
  }
  auto busy = sheet_in_process(*s.conn, name);
  if (!busy.ok()) return busy.error();
  if (*qty < *busy) {
    return Error::precondition("stock item " + name + ": quantity " + std::to_string(*qty) +
                               " is below the " + std::to_string(*busy) + " sheets in process");
  }
  return status_of(
      s.conn->execute("UPDATE Stock SET Qty = ?, Material = ?, Thickness = ? WHERE SheetName = ?",
                      {std::to_string(*qty), row("Material"), row("Thickness"), name}));
}

Status sn92(SimState& s, const Row& row) {
  const std::string name = row.text("ItemName");
  auto busy = sheet_in_process(*s.conn, name);
  if (!busy.ok()) return busy.error();
  if (*busy > 0) {
    return Error::precondition("stock item " + name + " is in process (" + std::to_string(*busy) +
                               " sheets on posted programs)");
  }
  auto a = s.conn->execute("DELETE FROM Stock WHERE SheetName = ?", {name});
  if (!a.ok()) return a.error();
  auto b = s.conn->execute("DELETE FROM Remnant WHERE RemnantName = ?", {name});
  if (!b.ok()) return b.error();
  if (*a + *b <= 0) return Error::not_found("stock item " + name + " does not exist");
  return ok_status();
}

Status sn97(SimState& s, const Row& row) {
  if (Status st = check_dimensions(row); !st.ok()) return st;
  int64_t qty = 1;
  if (row("Qty")) {
    auto q = parse_qty(row, "Qty", false);
    if (!q.ok()) return q.error();
    qty = *q;
  }
  const std::string name = row.text("ItemName");
  auto found = stock_exists(*s.conn, name);
  if (!found.ok()) return found.error();
  if (*found) return Error::conflict("stock item " + name + " already exists");
  Fields f = stock_fields(row);
  f["RemnantName"] = name;
  f["Qty"] = std::to_string(qty);
  return insert_row(*s.conn, "Remnant", f);
}

Status sn73n(SimState& s, const Row& row) {
  Value p1 = row("Param1");
  double code = num(p1, -1);
  std::string state;
  if (code == 0) {
    state = "posted";
  } else if (code == 1) {
    state = "started";
  } else if (code == 3) {
    state = "stopped";
  } else {
    return Error::invalid("Param1", "\"" + p1.value_or("") + "\" is not 0, 1 or 3");
  }
  Value secs = row("Param3");
  if (secs && !(num(*secs, -1) >= 0)) {
    return Error::invalid("Param3", "\"" + *secs + "\" is not a number of seconds");
  }
  return set_program_state(s, row.text("ProgramName"), state, secs, row("StringData1"));
}

Status sn73c(SimState& s, const Row& row) {
  Value secs = row("Param3");
  double v = num(secs, -1);
  if (!(v >= 0)) {
    return Error::invalid("Param3", "\"" + secs.value_or("") + "\" is not a number of seconds");
  }
  return set_actual_cut_time(s, row.text("ProgramName"), std::llround(v));
}

Status sn78r(SimState& s, const Row& row) {
  int64_t qty = 1;
  if (row("Qty")) {
    auto q = parse_qty(row, "Qty", false);
    if (!q.ok()) return q.error();
    qty = *q;
  }
  return reject_part(s, row.text("ProgramName"), row.text("ItemName"), row.text("StringData4"),
                     qty);
}

}  // namespace

Status apply_transact_row(SimState& s, TxEffects& fx, const odbc::ResultSet& rows, size_t r) {
  Row row{rows, r};
  const std::string type = row.text("TransType");
  if (!sn::is_known_trans_type(type)) {
    return Error::invalid("TransType", "unknown transaction type \"" + type + "\"");
  }
  for (std::string_view col : sn::required_columns(type)) {
    if (!row(col)) {
      return Error::invalid(std::string(col), type + " requires column " + std::string(col));
    }
  }
  if (type == sn::kSN84) return sn84(s, row);
  if (type == sn::kSN81) return sn81(s, row);
  if (type == sn::kSN82) return sn82(s, row);
  if (type == sn::kSN87) return sn87(s, row);
  if (type == sn::kSN89) return sn89(s, row);
  if (type == sn::kSN91A) return sn91a(s, row);
  if (type == sn::kSN94) return sn94(s, row);
  if (type == sn::kSN92) return sn92(s, row);
  if (type == sn::kSN97) return sn97(s, row);
  if (type == sn::kSN73N) return sn73n(s, row);
  if (type == sn::kSN73C) return sn73c(s, row);
  if (type == sn::kSN70) return cut_in_tx(s, fx, row.text("ProgramName"));
  if (type == sn::kSN78R) return sn78r(s, row);
  if (type == sn::kSN74) return delete_in_tx(s, fx, row.text("ProgramName"), false);
  return Error::invalid("TransType", "unhandled transaction type \"" + type + "\"");
}

}  // namespace kerf::integrations::simtrans_sim
