#include "app/operation_rules.h"

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"

namespace kerf::app {

using model::JobStatus;
using model::OperationAction;
using model::OperationStatus;

Result<model::Operation> save_operation(Change& c, const model::Operation& before,
                                        const model::Operation& after, const std::string& action,
                                        const nlohmann::json& extra) {
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  nlohmann::json after_json = json_of(*saved);
  nlohmann::json payload = {{"id", saved->id},
                            {"version", saved->version},
                            {"job_id", saved->job_id},
                            {"sequence", saved->sequence},
                            {"status", model::to_string(saved->status)}};
  for (auto it = extra.begin(); it != extra.end(); ++it) {
    after_json[it.key()] = it.value();
    payload[it.key()] = it.value();
  }
  KERF_TRY(c.audit("operation", saved->id, action, json_of(before), after_json));
  KERF_TRY(c.emit("operation." + action, payload));
  return saved;
}

Result<model::Job> transition_job(Change& c, const model::Job& before, model::JobAction action,
                                  const std::string& topic) {
  model::Job after = before;
  KERF_TRY(after.transition(action));
  auto saved = repo::update(c.tx(), after);
  if (!saved.ok()) return saved.error();
  KERF_TRY(c.audit("job", saved->id, std::string(model::to_string(action)), json_of(before),
                   json_of(*saved)));
  KERF_TRY(c.emit(topic, {{"id", saved->id},
                          {"version", saved->version},
                          {"number", saved->number},
                          {"status", model::to_string(saved->status)}}));
  return saved;
}

Result<model::Operation> start_operation(Change& c, const model::Operation& op, model::Job& job,
                                         int64_t operator_id, const nlohmann::json& extra) {
  model::Operation after = op;
  KERF_TRY(after.transition(OperationAction::kStart));
  after.started_at = c.now();
  after.operator_id = operator_id;
  nlohmann::json facts = extra;
  facts["operator_id"] = operator_id;
  auto saved = save_operation(c, op, after, "started", facts);
  if (!saved.ok()) return saved.error();
  if (job.status == JobStatus::kReleased) {
    auto j = transition_job(c, job, model::JobAction::kStart, "job.started");
    if (!j.ok()) return j.error();
    job = *j;
  }
  return saved;
}

Result<model::Job> follow_completion(Change& c, const model::Operation& completed,
                                     const model::Job& job) {
  auto ops = repo::operations_of_job(c.tx(), job.id);
  if (!ops.ok()) return ops.error();
  bool all_complete = true;
  const model::Operation* next = nullptr;
  for (const auto& o : *ops) {
    if (o.status != OperationStatus::kComplete) all_complete = false;
    if (!next && o.sequence > completed.sequence && o.status == OperationStatus::kPlanned) {
      next = &o;
    }
  }
  if (next) {
    model::Operation ready = *next;
    KERF_TRY(ready.transition(OperationAction::kMakeReady));
    auto r = save_operation(c, *next, ready, "ready", {});
    if (!r.ok()) return r.error();
  }
  model::Job job_after = job;
  if (all_complete) {
    if (job.status == JobStatus::kReleased) {
      auto j = transition_job(c, job, model::JobAction::kStart, "job.started");
      if (!j.ok()) return j.error();
      job_after = *j;
    }
    auto j = transition_job(c, job_after, model::JobAction::kComplete, "job.completed");
    if (!j.ok()) return j.error();
    job_after = *j;
  }
  return job_after;
}

}  // namespace kerf::app
