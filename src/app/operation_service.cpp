#include "kerf/app/operation_service.h"

#include "app/operation_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/model/validation.h"

namespace kerf::app {
namespace {

using model::JobStatus;
using model::OperationAction;
using model::OperationStatus;
using model::Role;

struct Loaded {
  model::Operation op;
  model::Job job;
};

Result<Loaded> load(Change& c, int64_t operation_id, std::optional<int64_t> version) {
  auto op = repo::get<model::Operation>(c.tx(), operation_id);
  if (!op.ok()) return op.error();
  KERF_TRY(check_version("operation", operation_id, op->version, version));
  auto job = repo::get<model::Job>(c.tx(), op->job_id);
  if (!job.ok()) return job.error();
  return Loaded{*op, *job};
}

Status require_job_active(const model::Job& job, const char* verb) {
  if (job.status == JobStatus::kReleased || job.status == JobStatus::kInProgress) {
    return ok_status();
  }
  return Error::precondition(std::string("cannot ") + verb + " an operation of job " + job.number +
                             ", which is " + std::string(model::to_string(job.status)));
}

// Recording work under an explicit operator_id other than the caller's own needs
// kRecordWorkForOthers (a lead may, an operator may not).
Status check_acting_for(const Principal& who, int64_t operator_id) {
  if (operator_id == 0 || operator_id == who.user_id) return ok_status();
  auto allowed = authorize(who, Permission::kRecordWorkForOthers);
  if (allowed.ok()) return allowed;
  Error e = allowed.error();
  e.fields.push_back({"operator_id", "may only be your own user id (" +
                                         std::to_string(who.user_id) + "): " + e.message});
  return e;
}

Status check_operator(Change& c, int64_t operator_id) {
  if (operator_id < 0) return Error::invalid("operator_id", "must not be negative");
  if (operator_id == 0) return ok_status();
  auto user = repo::get<model::User>(c.tx(), operator_id);
  if (user.ok()) {
    if (!user->active) return Error::invalid("operator_id", "user is inactive");
    return ok_status();
  }
  if (user.error().code == ErrorCode::kNotFound) return missing_reference("operator_id", "user");
  return user.error();
}

}  // namespace

Result<OperationOutcome> OperationService::start(const Principal& who, int64_t operation_id,
                                                 std::optional<int64_t> expected_version,
                                                 int64_t operator_id) {
  KERF_TRY(authorize(who, Permission::kRecordWork));
  KERF_TRY(check_acting_for(who, operator_id));
  return changes_.run(who, [&](Change& c) -> Result<OperationOutcome> {
    auto loaded = load(c, operation_id, expected_version);
    if (!loaded.ok()) return loaded.error();
    auto& [op, job] = *loaded;
    KERF_TRY(require_job_active(job, "start"));
    int64_t op_user = operator_id != 0 ? operator_id : who.user_id;
    KERF_TRY(check_operator(c, op_user));
    model::Job job_after = job;
    auto saved = start_operation(c, op, job_after, op_user, nlohmann::json::object());
    if (!saved.ok()) return saved.error();
    return OperationOutcome{*saved, job_after};
  });
}

Result<OperationOutcome> OperationService::pause(const Principal& who, int64_t operation_id,
                                                 const std::string& reason,
                                                 std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kRecordWork));
  if (!model::is_valid_code(reason)) {
    return Error::invalid("reason", "must be a reason code like MATERIAL_SHORTAGE");
  }
  return changes_.run(who, [&](Change& c) -> Result<OperationOutcome> {
    auto loaded = load(c, operation_id, expected_version);
    if (!loaded.ok()) return loaded.error();
    auto& [op, job] = *loaded;
    model::Operation after = op;
    KERF_TRY(after.transition(OperationAction::kPause));
    auto saved = save_operation(c, op, after, "paused", {{"reason", reason}});
    if (!saved.ok()) return saved.error();
    return OperationOutcome{*saved, job};
  });
}

Result<OperationOutcome> OperationService::resume(const Principal& who, int64_t operation_id,
                                                  std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kRecordWork));
  return changes_.run(who, [&](Change& c) -> Result<OperationOutcome> {
    auto loaded = load(c, operation_id, expected_version);
    if (!loaded.ok()) return loaded.error();
    auto& [op, job] = *loaded;
    KERF_TRY(require_job_active(job, "resume"));
    model::Operation after = op;
    KERF_TRY(after.transition(OperationAction::kResume));
    auto saved = save_operation(c, op, after, "resumed", {});
    if (!saved.ok()) return saved.error();
    return OperationOutcome{*saved, job};
  });
}

Result<OperationOutcome> OperationService::complete(const Principal& who,
                                                    const CompleteOperationInput& input) {
  KERF_TRY(authorize(who, Permission::kRecordWork));
  model::FieldErrors errors;
  if (input.qty_good < 0) errors.add("qty_good", "must not be negative");
  if (input.qty_scrap < 0) errors.add("qty_scrap", "must not be negative");
  if (input.qty_scrap > 0 && input.scrap_reasons.empty()) {
    errors.add("scrap_reasons", "required when qty_scrap > 0");
  }
  for (std::size_t i = 0; i < input.scrap_reasons.size(); ++i) {
    if (!model::is_valid_code(input.scrap_reasons[i])) {
      errors.add("scrap_reasons/" + std::to_string(i), "must be a reason code like BURR");
    }
  }
  if (input.operator_id < 0) errors.add("operator_id", "must not be negative");
  if (!errors.empty()) return errors.status().error();
  KERF_TRY(check_acting_for(who, input.operator_id));

  return changes_.run(who, [&](Change& c) -> Result<OperationOutcome> {
    auto loaded = load(c, input.operation_id, input.expected_version);
    if (!loaded.ok()) return loaded.error();
    auto& [op, job] = *loaded;
    KERF_TRY(require_job_active(job, "complete"));
    if (input.qty_good + input.qty_scrap > job.quantity) {
      Error e = Error::invalid(
          {{"qty_good", "good + scrap (" + std::to_string(input.qty_good + input.qty_scrap) +
                            ") exceeds the job quantity " + std::to_string(job.quantity)}});
      e.fields.push_back({"qty_scrap", e.fields.front().message});
      return e;
    }
    int64_t op_user = input.operator_id != 0 ? input.operator_id
                      : op.operator_id != 0  ? op.operator_id
                                             : who.user_id;
    KERF_TRY(check_operator(c, op_user));
    model::Operation after = op;
    KERF_TRY(after.transition(OperationAction::kComplete));
    after.qty_good = input.qty_good;
    after.qty_scrap = input.qty_scrap;
    after.completed_at = c.now();
    if (!after.started_at) after.started_at = c.now();
    after.operator_id = op_user;
    KERF_TRY(after.validate(job));
    auto saved = save_operation(c, op, after, "completed",
                                {{"qty_good", input.qty_good},
                                 {"qty_scrap", input.qty_scrap},
                                 {"operator_id", op_user},
                                 {"scrap_reasons", input.scrap_reasons}});
    if (!saved.ok()) return saved.error();

    // The next planned operation becomes ready; with none left open the job is complete.
    auto job_after = follow_completion(c, *saved, job);
    if (!job_after.ok()) return job_after.error();
    return OperationOutcome{*saved, *job_after};
  });
}

Result<model::Operation> OperationService::get(const Principal& who, int64_t operation_id) {
  return changes_.db().read(
      [&](store::Tx& tx) { return repo::get<model::Operation>(tx, operation_id); });
}

Result<store::Page<model::Operation>> OperationService::list(const Principal& who,
                                                             const store::ListQuery& query) {
  return changes_.db().read([&](store::Tx& tx) { return repo::list<model::Operation>(tx, query); });
}

}  // namespace kerf::app
