#include "app/material_rules.h"

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"
#include "kerf/store/consumption_repo.h"

namespace kerf::app {

Result<int64_t> full_sheets_on_hand(Change& c, const model::SheetStock& sheet) {
  if (sheet.is_remnant) return int64_t{0};
  return repo::sheets_on_hand(c.tx(), sheet.material, sheet.thickness_mm);
}

Result<model::SheetStock> take_sheets(Change& c, const model::SheetStock& before,
                                      int64_t quantity) {
  if (quantity < 1 || quantity > before.quantity) {
    return Error::precondition("only " + std::to_string(before.quantity) +
                               " sheet(s) available in stock " + std::to_string(before.id) + ", " +
                               std::to_string(quantity) + " requested");
  }
  model::SheetStock after = before;
  after.quantity -= quantity;
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  KERF_TRY(c.audit("sheet", saved->id, "consume", json_of(before), json_of(*saved)));
  return saved;
}

Result<int64_t> record_consumption(Change& c, const model::SheetStock& sheet, const model::Job& job,
                                   const std::optional<model::Operation>& operation,
                                   int64_t quantity, double sheet_share,
                                   const nlohmann::json& extra) {
  store::MaterialConsumption record;
  record.consumed_at = c.now();
  record.sheet_id = sheet.id;
  record.heat_lot_id = sheet.heat_lot_id;
  record.job_id = job.id;
  if (operation) record.operation_id = operation->id;
  record.quantity = quantity;
  record.sheet_share = sheet_share;
  record.user_id = c.who().user_id;
  record.actor = c.who().username;
  auto record_id = store::insert_consumption(c.tx(), record);
  if (!record_id.ok()) return record_id.error();
  nlohmann::json consumption = {
      {"consumption_id", *record_id},
      {"sheet_id", sheet.id},
      {"heat_lot_id", sheet.heat_lot_id},
      {"job_id", job.id},
      {"job_number", job.number},
      {"quantity", quantity},
      {"sheet_share", sheet_share},
      {"material", model::to_string(sheet.material)},
      {"thickness_mm", sheet.thickness_mm},
      {"operation_id", operation ? nlohmann::json(operation->id) : nlohmann::json()}};
  for (auto it = extra.begin(); it != extra.end(); ++it) consumption[it.key()] = it.value();
  // The traceability record: which heat lot went into which job.
  KERF_TRY(c.audit("material_consumption", job.id, "consume", nullptr, consumption));
  nlohmann::json payload = consumption;
  payload["id"] = sheet.id;
  payload["version"] = sheet.version;
  KERF_TRY(c.emit("material.consumed", payload));
  return *record_id;
}

Result<bool> warn_below_safety_stock(Change& c, const model::SheetStock& sheet,
                                     int64_t on_hand_before, int64_t taken) {
  if (sheet.is_remnant) return false;
  auto level = repo::find_safety_stock(c.tx(), sheet.material, sheet.thickness_mm);
  if (!level.ok()) return level.error();
  const int64_t on_hand_after = on_hand_before - taken;
  if (!level->has_value() || on_hand_before < (*level)->minimum_qty ||
      on_hand_after >= (*level)->minimum_qty) {
    return false;
  }
  KERF_TRY(c.emit("material.below_safety_stock",
                  {{"approval_needed", true},
                   {"material", model::to_string(sheet.material)},
                   {"thickness_mm", sheet.thickness_mm},
                   {"on_hand", on_hand_after},
                   {"minimum_qty", (*level)->minimum_qty},
                   {"suggested_order_qty", (*level)->minimum_qty * 2 - on_hand_after},
                   {"safety_stock_id", (*level)->id},
                   {"sheet_id", sheet.id},
                   {"version", sheet.version}}));
  return true;
}

}  // namespace kerf::app
