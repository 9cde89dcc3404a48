#include "kerf/store/consumption_repo.h"

namespace kerf::store {
namespace {

constexpr const char* kTraceSelect =
    "SELECT c.id, c.consumed_at, c.sheet_id, c.heat_lot_id, c.job_id, c.operation_id, "
    "c.quantity, c.sheet_share, c.user_id, c.actor, s.material, s.thickness_mm, s.length_mm, "
    "s.width_mm, "
    "s.is_remnant, s.parent_sheet_id, h.number AS heat_number, h.supplier, h.mill_cert_ref, "
    "j.number AS job_number, j.part_id, p.number AS part_number, p.revision AS part_revision, "
    "p.description AS part_description, j.customer_id, cu.code AS customer_code, "
    "cu.name AS customer_name, o.sequence AS operation_sequence, o.name AS operation_name "
    "FROM material_consumptions c "
    "JOIN material_inventory s ON s.id = c.sheet_id "
    "JOIN heat_lots h ON h.id = c.heat_lot_id "
    "JOIN jobs j ON j.id = c.job_id "
    "JOIN parts p ON p.id = j.part_id "
    "JOIN customers cu ON cu.id = j.customer_id "
    "LEFT JOIN job_routings o ON o.id = c.operation_id ";

Result<std::vector<ConsumptionTrace>> traces(Tx& tx, const std::string& where, int64_t id) {
  auto rows =
      tx.query(std::string(kTraceSelect) + where + " ORDER BY c.consumed_at DESC, c.id DESC", {id});
  if (!rows.ok()) return rows.error();
  std::vector<ConsumptionTrace> out;
  out.reserve(rows->size());
  for (const Row& r : *rows) {
    ConsumptionTrace t;
    auto& c = t.consumption;
    c.id = r.get_int("id");
    c.consumed_at = r.get_time("consumed_at");
    c.sheet_id = r.get_int("sheet_id");
    c.heat_lot_id = r.get_int("heat_lot_id");
    c.job_id = r.get_int("job_id");
    c.operation_id = r.opt_int("operation_id");
    c.quantity = r.get_int("quantity");
    c.sheet_share = r.get_double("sheet_share");
    c.user_id = r.opt_int("user_id").value_or(0);
    c.actor = r.get_text("actor");
    t.material = r.get_text("material");
    t.thickness_mm = r.get_double("thickness_mm");
    t.length_mm = r.get_double("length_mm");
    t.width_mm = r.get_double("width_mm");
    t.is_remnant = r.get_bool("is_remnant");
    t.parent_sheet_id = r.opt_int("parent_sheet_id");
    t.heat_number = r.get_text("heat_number");
    t.supplier = r.get_text("supplier");
    t.mill_cert_ref = r.get_text("mill_cert_ref");
    t.job_number = r.get_text("job_number");
    t.part_id = r.get_int("part_id");
    t.part_number = r.get_text("part_number");
    t.part_revision = r.get_text("part_revision");
    t.part_description = r.get_text("part_description");
    t.customer_id = r.get_int("customer_id");
    t.customer_code = r.get_text("customer_code");
    t.customer_name = r.get_text("customer_name");
    if (auto seq = r.opt_int("operation_sequence"))
      t.operation_sequence = static_cast<int32_t>(*seq);
    t.operation_name = r.opt_text("operation_name");
    out.push_back(std::move(t));
  }
  return out;
}

}  // namespace

Result<int64_t> insert_consumption(Tx& tx, const MaterialConsumption& c) {
  if (c.quantity < 1) return Error::invalid("quantity", "must be at least 1");
  if (!(c.sheet_share > 0 && c.sheet_share <= static_cast<double>(c.quantity))) {
    return Error::invalid("sheet_share", "must be > 0 and <= quantity");
  }
  return tx.insert_returning_id(
      "INSERT INTO material_consumptions (consumed_at, sheet_id, heat_lot_id, job_id, "
      "operation_id, quantity, sheet_share, user_id, actor) "
      "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {c.consumed_at, c.sheet_id, c.heat_lot_id, c.job_id, c.operation_id, c.quantity,
       c.sheet_share, c.user_id == 0 ? Param() : Param(c.user_id), c.actor});
}

Result<std::vector<ConsumptionTrace>> consumptions_of_heat_lot(Tx& tx, int64_t heat_lot_id) {
  return traces(tx, "WHERE c.heat_lot_id = ?", heat_lot_id);
}

Result<std::vector<ConsumptionTrace>> consumptions_of_job(Tx& tx, int64_t job_id) {
  return traces(tx, "WHERE c.job_id = ?", job_id);
}

}  // namespace kerf::store
