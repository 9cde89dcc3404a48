#include "kerf/app/material_service.h"

#include "app/material_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/model/validation.h"

namespace kerf::app {
namespace {

using model::JobStatus;
using model::Role;

}  // namespace

Result<ReceiveResult> MaterialService::receive(const Principal& who,
                                               const ReceiveSheetsInput& input) {
  KERF_TRY(authorize(who, Permission::kReceiveMaterial));
  model::SheetStock sheet;
  sheet.material = input.material;
  sheet.thickness_mm = input.thickness_mm;
  sheet.length_mm = input.length_mm;
  sheet.width_mm = input.width_mm;
  sheet.quantity = input.quantity;
  sheet.location = input.location;
  sheet.heat_lot_id = 1;  // placeholder until the heat lot is known
  model::FieldErrors errors;
  errors.merge("", sheet.validate());
  if (input.quantity < 1) errors.add("quantity", "must be at least 1");
  model::check_code(errors, "heat_number", input.heat_number);
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<ReceiveResult> {
    ReceiveResult result;
    auto existing = repo::find_heat_lot(c.tx(), input.heat_number);
    if (!existing.ok()) return existing.error();
    if (existing->has_value()) {
      result.heat_lot = **existing;
      if (result.heat_lot.material != input.material) {
        Error e = Error::conflict("heat lot " + input.heat_number + " is " +
                                  std::string(model::to_string(result.heat_lot.material)));
        e.fields.push_back({"heat_number", "heat lot exists with another material"});
        return e;
      }
    } else {
      model::HeatLot lot;
      lot.number = input.heat_number;
      lot.material = input.material;
      lot.mill_cert_ref = input.mill_cert_ref;
      lot.supplier = input.supplier;
      lot.received = c.now();
      model::FieldErrors lot_errors;
      lot_errors.merge("", lot.validate());
      if (!lot_errors.empty()) {
        // Report against the input's field names.
        model::FieldErrors renamed;
        for (const auto& f : lot_errors.fields()) {
          renamed.add(f.field == "number" ? "heat_number" : f.field, f.message);
        }
        return renamed.status().error();
      }
      auto created = repo::insert(c.tx(), lot);
      if (!created.ok()) return created.error();
      result.heat_lot = *created;
      result.heat_lot_created = true;
      KERF_TRY(c.audit("heat_lot", created->id, "create", nullptr, json_of(*created)));
      KERF_TRY(c.emit(
          "heat_lot.created",
          {{"id", created->id}, {"version", created->version}, {"number", created->number}}));
    }
    model::SheetStock to_insert = sheet;
    to_insert.heat_lot_id = result.heat_lot.id;
    auto saved = repo::insert(c.tx(), to_insert);
    if (!saved.ok()) return saved.error();
    result.sheet = *saved;
    nlohmann::json after = json_of(*saved);
    after["heat_number"] = result.heat_lot.number;
    after["mill_cert_ref"] = result.heat_lot.mill_cert_ref;
    KERF_TRY(c.audit("sheet", saved->id, "receive", nullptr, after));
    KERF_TRY(c.emit("material.received", {{"id", saved->id},
                                          {"version", saved->version},
                                          {"heat_lot_id", result.heat_lot.id},
                                          {"material", model::to_string(saved->material)},
                                          {"thickness_mm", saved->thickness_mm},
                                          {"quantity", saved->quantity}}));
    return result;
  });
}

Result<ConsumeResult> MaterialService::consume(const Principal& who,
                                               const ConsumeSheetsInput& input) {
  KERF_TRY(authorize(who, Permission::kConsumeMaterial));
  model::FieldErrors errors;
  if (input.quantity < 1) errors.add("quantity", "must be at least 1");
  if (input.sheet_id <= 0) errors.add("sheet_id", "is required");
  if (input.job_id <= 0) errors.add("job_id", "is required");
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<ConsumeResult> {
    auto before = repo::get<model::SheetStock>(c.tx(), input.sheet_id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version("sheet", input.sheet_id, before->version, input.expected_version));
    auto job = repo::get<model::Job>(c.tx(), input.job_id);
    if (!job.ok()) {
      if (job.error().code == ErrorCode::kNotFound) return missing_reference("job_id", "job");
      return job.error();
    }
    if (job->status != JobStatus::kReleased && job->status != JobStatus::kInProgress) {
      return Error::precondition("material can only be issued to a released or running job; " +
                                 job->number + " is " + std::string(model::to_string(job->status)));
    }
    std::optional<model::Operation> operation;
    {
      auto ops = repo::operations_of_job(c.tx(), job->id);
      if (!ops.ok()) return ops.error();
      for (const auto& op : *ops) {
        bool wanted = input.operation_id ? op.id == *input.operation_id
                                         : (op.department == model::Department::kLaser ||
                                            op.department == model::Department::kPunch);
        if (wanted) {
          operation = op;
          break;
        }
      }
      if (input.operation_id && !operation) {
        return Error::invalid("operation_id", "is not an operation of job " + job->number);
      }
    }
    auto on_hand_before = full_sheets_on_hand(c, *before);
    if (!on_hand_before.ok()) return on_hand_before.error();
    auto saved = take_sheets(c, *before, input.quantity);
    if (!saved.ok()) return saved.error();

    ConsumeResult result;
    result.sheet = *saved;
    result.heat_lot_id = saved->heat_lot_id;
    auto record = record_consumption(c, *saved, *job, operation, input.quantity,
                                     static_cast<double>(input.quantity), nlohmann::json::object());
    if (!record.ok()) return record.error();
    auto warned = warn_below_safety_stock(c, *saved, *on_hand_before, input.quantity);
    if (!warned.ok()) return warned.error();
    result.below_safety_stock = *warned;
    return result;
  });
}

Result<store::Page<model::SheetStock>> MaterialService::list_sheets(const Principal& who,
                                                                    const store::ListQuery& query) {
  return changes_.db().read(
      [&](store::Tx& tx) { return repo::list<model::SheetStock>(tx, query); });
}

Result<store::Page<model::HeatLot>> MaterialService::list_heat_lots(const Principal& who,
                                                                    const store::ListQuery& query) {
  return changes_.db().read([&](store::Tx& tx) { return repo::list<model::HeatLot>(tx, query); });
}

}  // namespace kerf::app
