#include "kerf/app/job_service.h"

#include "app/job_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"

namespace kerf::app {
namespace {

using model::JobAction;
using model::JobStatus;
using model::Role;

Status require_reason(const std::string& reason) {
  model::FieldErrors errors;
  model::check_required_text(errors, "reason", reason);
  return errors.status();
}

}  // namespace

// Loads the job, checks the expected version, applies `action`, saves, audits and emits
// "job.<topic_suffix>" with `extra` merged into the payload and the audit's after document.
Result<model::Job> apply_job_action(Change& c, int64_t job_id, std::optional<int64_t> version,
                                    JobAction action, const std::string& topic_suffix,
                                    const nlohmann::json& extra) {
  auto before = repo::get<model::Job>(c.tx(), job_id);
  if (!before.ok()) return before.error();
  KERF_TRY(check_version("job", job_id, before->version, version));
  model::Job after = *before;
  KERF_TRY(after.transition(action));
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  nlohmann::json after_json = json_of(*saved);
  nlohmann::json payload = {{"id", saved->id},
                            {"version", saved->version},
                            {"number", saved->number},
                            {"status", model::to_string(saved->status)}};
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    after_json[it.key()] = it.value();
    payload[it.key()] = it.value();
  }
  KERF_TRY(
      c.audit("job", job_id, std::string(model::to_string(action)), json_of(*before), after_json));
  KERF_TRY(c.emit("job." + topic_suffix, payload));
  return saved;
}

Result<model::Job> update_job(Change& c, const JobUpdate& input) {
  auto before = repo::get<model::Job>(c.tx(), input.id);
  if (!before.ok()) return before.error();
  KERF_TRY(check_version("job", input.id, before->version, input.version));
  if (model::is_closed(before->status)) {
    return Error::precondition("cannot update a job that is " +
                               std::string(model::to_string(before->status)));
  }
  bool structural = input.part_id || input.customer_id || input.quantity;
  if (structural && before->status != JobStatus::kPlanned) {
    return Error::precondition(
        "part, customer and quantity can only change while the job is planned");
  }
  model::Job after = *before;
  if (input.part_id) after.part_id = *input.part_id;
  if (input.customer_id) after.customer_id = *input.customer_id;
  if (input.quantity) after.quantity = *input.quantity;
  if (input.due) after.due = *input.due;
  if (input.priority) after.priority = *input.priority;
  model::FieldErrors errors;
  errors.merge("", after.validate());
  auto ops = repo::operations_of_job(c.tx(), after.id);
  if (!ops.ok()) return ops.error();
  for (const auto& op : *ops) {
    if (op.overlap_pieces > after.quantity) {
      errors.add("quantity",
                 "is less than the overlap pieces of operation " + std::to_string(op.sequence));
      break;
    }
  }
  if (!errors.empty()) return errors.status().error();
  JobInput refs;
  refs.part_id = after.part_id != before->part_id ? after.part_id : 0;
  refs.customer_id = after.customer_id != before->customer_id ? after.customer_id : 0;
  KERF_TRY(check_job_references(c.tx(), refs, "", errors));
  if (!errors.empty()) return errors.status().error();
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  KERF_TRY(c.audit("job", saved->id, "update", json_of(*before), json_of(*saved)));
  KERF_TRY(c.emit("job.updated", {{"id", saved->id}, {"version", saved->version}}));
  return saved;
}

Result<JobDetail> JobService::create(const Principal& who, const JobInput& input) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  model::FieldErrors errors;
  validate_job_input(input, "", errors);
  if (!errors.empty()) return errors.status().error();
  return changes_.run(who, [&](Change& c) -> Result<JobDetail> {
    model::FieldErrors ref_errors;
    KERF_TRY(check_job_references(c.tx(), input, "", ref_errors));
    if (!ref_errors.empty()) return ref_errors.status().error();
    return insert_job(c, input);
  });
}

Result<model::Job> JobService::update(const Principal& who, const JobUpdate& input) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  return changes_.run(who, [&](Change& c) { return update_job(c, input); });
}

Status JobService::remove(const Principal& who, int64_t job_id, int64_t version) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  return changes_.run(who, [&](Change& c) -> Status {
    auto before = repo::get<model::Job>(c.tx(), job_id);
    if (!before.ok()) return before.error();
    KERF_TRY(check_version("job", job_id, before->version, version));
    if (before->status != JobStatus::kPlanned) {
      return Error::precondition("only planned jobs can be deleted; job " + before->number +
                                 " is " + std::string(model::to_string(before->status)));
    }
    auto ops = repo::operations_of_job(c.tx(), job_id);
    if (!ops.ok()) return ops.error();
    nlohmann::json before_json = json_of(*before);
    nlohmann::json ops_json = nlohmann::json::array();
    for (const auto& op : *ops) ops_json.push_back(json_of(op));
    before_json["operations"] = ops_json;
    KERF_TRY(repo::remove<model::Job>(c.tx(), job_id, before->version));
    KERF_TRY(c.audit("job", job_id, "delete", before_json, nullptr));
    return c.emit("job.deleted", {{"id", job_id}, {"number", before->number}});
  });
}

Result<model::Job> JobService::release(const Principal& who, int64_t job_id,
                                       std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  return changes_.run(who, [&](Change& c) -> Result<model::Job> {
    auto job = apply_job_action(c, job_id, expected_version, JobAction::kRelease, "released", {});
    if (!job.ok()) return job;
    // The first operation of the routing becomes ready.
    auto ops = repo::operations_of_job(c.tx(), job_id);
    if (!ops.ok()) return ops.error();
    if (!ops->empty() && ops->front().status == model::OperationStatus::kPlanned) {
      model::Operation before = ops->front();
      model::Operation after = before;
      KERF_TRY(after.transition(model::OperationAction::kMakeReady));
      auto saved = repo::update(c.tx(), after);
      if (!saved.ok()) return saved.error();
      KERF_TRY(c.audit("operation", saved->id, "make_ready", json_of(before), json_of(*saved)));
      KERF_TRY(c.emit("operation.ready",
                      {{"id", saved->id}, {"version", saved->version}, {"job_id", job_id}}));
    }
    return job;
  });
}

Result<model::Job> JobService::hold(const Principal& who, int64_t job_id, const std::string& reason,
                                    std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kHoldJobs));
  KERF_TRY(require_reason(reason));
  return changes_.run(who, [&](Change& c) {
    return apply_job_action(c, job_id, expected_version, JobAction::kHold, "held",
                          {{"reason", reason}});
  });
}

Result<model::Job> JobService::unhold(const Principal& who, int64_t job_id,
                                      std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kHoldJobs));
  return changes_.run(who, [&](Change& c) {
    return apply_job_action(c, job_id, expected_version, JobAction::kResume, "unheld", {});
  });
}

Result<model::Job> JobService::cancel(const Principal& who, int64_t job_id,
                                      const std::string& reason,
                                      std::optional<int64_t> expected_version) {
  KERF_TRY(authorize(who, Permission::kWriteJobs));
  KERF_TRY(require_reason(reason));
  return changes_.run(who, [&](Change& c) {
    return apply_job_action(c, job_id, expected_version, JobAction::kCancel, "cancelled",
                          {{"reason", reason}});
  });
}

Result<JobDetail> JobService::get(const Principal& who, int64_t job_id) {
  return changes_.db().read([&](store::Tx& tx) -> Result<JobDetail> {
    auto job = repo::get<model::Job>(tx, job_id);
    if (!job.ok()) return job.error();
    auto ops = repo::operations_of_job(tx, job_id);
    if (!ops.ok()) return ops.error();
    auto actuals = store::job_machine_actuals(tx, job_id);
    if (!actuals.ok()) return actuals.error();
    return JobDetail{std::move(job).value(), std::move(ops).value(), std::move(actuals).value()};
  });
}

Result<store::Page<model::Job>> JobService::list(const Principal& who,
                                                 const store::ListQuery& query) {
  return changes_.db().read([&](store::Tx& tx) { return repo::list<model::Job>(tx, query); });
}

}  // namespace kerf::app
