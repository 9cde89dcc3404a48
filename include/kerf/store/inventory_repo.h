// Heat lots, sheet stock/remnants (table material_inventory) and safety stock.
// Repository functions: used only by the app layer, always inside Database::transact/read.
#pragma once

#include <cstdint>
#include <optional>

#include "kerf/core/result.h"
#include "kerf/model/inventory.h"
#include "kerf/store/database.h"
#include "kerf/store/page.h"

namespace kerf::store {

// ---- heat lot (heat_lots) ----
// list_heat_lots: filters {material, supplier}; search over {number, mill_cert_ref, supplier};
// sort by {id, number, received, material}; date range (from/to) on received.
Result<model::HeatLot> get_heat_lot(Tx& tx, int64_t id);  // kNotFound "heat lot 12 not found"
Result<Page<model::HeatLot>> list_heat_lots(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::HeatLot> insert_heat_lot(Tx& tx, const model::HeatLot& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::HeatLot> update_heat_lot(Tx& tx, const model::HeatLot& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_heat_lot(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// ---- sheet (sheets) ----
// list_sheets: filters {material, heat_lot_id, is_remnant, location, parent_sheet_id}; search over
// {location}; sort by {id, material, thickness_mm, quantity, location}; date range (from/to) on
// none.
Result<model::SheetStock> get_sheet(Tx& tx, int64_t id);  // kNotFound "sheet 12 not found"
Result<Page<model::SheetStock>> list_sheets(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::SheetStock> insert_sheet(Tx& tx, const model::SheetStock& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::SheetStock> update_sheet(Tx& tx, const model::SheetStock& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_sheet(Tx& tx, int64_t id, std::optional<int64_t> expected_version = std::nullopt);

// ---- safety stock (safety_stocks) ----
// list_safety_stocks: filters {material}; search over {none};
// sort by {id, material, thickness_mm}; date range (from/to) on none.
Result<model::SafetyStock> get_safety_stock(Tx& tx,
                                            int64_t id);  // kNotFound "safety stock 12 not found"
Result<Page<model::SafetyStock>> list_safety_stocks(Tx& tx, const ListQuery& query);
// Inserts (id assigned, version = 1) and returns the stored entity. Validates first.
Result<model::SafetyStock> insert_safety_stock(Tx& tx, const model::SafetyStock& value);
// Updates if value.version is current; returns the entity with version + 1. kConflict when the
// version is stale, kNotFound when missing.
Result<model::SafetyStock> update_safety_stock(Tx& tx, const model::SafetyStock& value);
// Deletes (checking the version when given). kFailedPrecondition while still referenced.
Status delete_safety_stock(Tx& tx, int64_t id,
                           std::optional<int64_t> expected_version = std::nullopt);

}  // namespace kerf::store
