#include "kerf/store/inventory_repo.h"

#include "store/table.h"

namespace kerf::store {
namespace {

using model::HeatLot;
using model::SafetyStock;
using model::SheetStock;

const detail::Table<HeatLot>& heat_lots() {
  static const detail::Table<HeatLot> kTable = [] {
    detail::Table<HeatLot> t(
        {"heat_lots",
         "heat lot",
         true,
         {"material", "supplier"},
         {"number", "received", "material"},
         {"number", "mill_cert_ref", "supplier"},
         "received"},
        {detail::text_col("number", &HeatLot::number),
         detail::enum_col("material", &HeatLot::material, model::parse_material),
         detail::text_col("mill_cert_ref", &HeatLot::mill_cert_ref),
         detail::text_col("supplier", &HeatLot::supplier),
         detail::time_col("received", &HeatLot::received)},
        &HeatLot::id, &HeatLot::version);
    t.validate = [](const HeatLot& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

const detail::Table<SheetStock>& sheets() {
  static const detail::Table<SheetStock> kTable = [] {
    detail::Table<SheetStock> t(
        {"material_inventory",
         "sheet",
         true,
         {"material", "heat_lot_id", "is_remnant", "location", "parent_sheet_id"},
         {"material", "thickness_mm", "quantity", "location"},
         {"location"},
         ""},
        {detail::enum_col("material", &SheetStock::material, model::parse_material),
         detail::double_col("thickness_mm", &SheetStock::thickness_mm),
         detail::double_col("length_mm", &SheetStock::length_mm),
         detail::double_col("width_mm", &SheetStock::width_mm),
         detail::int_col("quantity", &SheetStock::quantity),
         detail::text_col("location", &SheetStock::location),
         detail::int_col("heat_lot_id", &SheetStock::heat_lot_id),
         detail::bool_col("is_remnant", &SheetStock::is_remnant),
         detail::ref_col("parent_sheet_id", &SheetStock::parent_sheet_id)},
        &SheetStock::id, &SheetStock::version);
    t.validate = [](const SheetStock& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

const detail::Table<SafetyStock>& safety_stocks() {
  static const detail::Table<SafetyStock> kTable = [] {
    detail::Table<SafetyStock> t(
        {"safety_stock", "safety stock", true, {"material"}, {"material", "thickness_mm"}, {}, ""},
        {detail::enum_col("material", &SafetyStock::material, model::parse_material),
         detail::double_col("thickness_mm", &SafetyStock::thickness_mm),
         detail::int_col("minimum_qty", &SafetyStock::minimum_qty)},
        &SafetyStock::id, &SafetyStock::version);
    t.validate = [](const SafetyStock& v) { return v.validate(); };
    return t;
  }();
  return kTable;
}

}  // namespace

Result<HeatLot> get_heat_lot(Tx& tx, int64_t id) { return heat_lots().get(tx, id); }
Result<Page<HeatLot>> list_heat_lots(Tx& tx, const ListQuery& q) { return heat_lots().list(tx, q); }
Result<HeatLot> insert_heat_lot(Tx& tx, const HeatLot& v) { return heat_lots().insert(tx, v); }
Result<HeatLot> update_heat_lot(Tx& tx, const HeatLot& v) { return heat_lots().update(tx, v); }
Status delete_heat_lot(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return heat_lots().remove(tx, id, expected_version);
}

Result<SheetStock> get_sheet(Tx& tx, int64_t id) { return sheets().get(tx, id); }
Result<Page<SheetStock>> list_sheets(Tx& tx, const ListQuery& q) { return sheets().list(tx, q); }
Result<SheetStock> insert_sheet(Tx& tx, const SheetStock& v) { return sheets().insert(tx, v); }
Result<SheetStock> update_sheet(Tx& tx, const SheetStock& v) { return sheets().update(tx, v); }
Status delete_sheet(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return sheets().remove(tx, id, expected_version);
}

Result<SafetyStock> get_safety_stock(Tx& tx, int64_t id) { return safety_stocks().get(tx, id); }
Result<Page<SafetyStock>> list_safety_stocks(Tx& tx, const ListQuery& q) {
  return safety_stocks().list(tx, q);
}
Result<SafetyStock> insert_safety_stock(Tx& tx, const SafetyStock& v) {
  return safety_stocks().insert(tx, v);
}
Result<SafetyStock> update_safety_stock(Tx& tx, const SafetyStock& v) {
  return safety_stocks().update(tx, v);
}
Status delete_safety_stock(Tx& tx, int64_t id, std::optional<int64_t> expected_version) {
  return safety_stocks().remove(tx, id, expected_version);
}

}  // namespace kerf::store
