// Operation and job state changes shared by OperationService and NestService (a cut program
// records work on the laser operations it carries): each saves, audits and emits exactly as
// the shop-floor use cases do.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "kerf/app/change.h"
#include "kerf/model/job.h"
#include "kerf/model/operation.h"

namespace kerf::app {

// Saves `after` (version checked), audits the operation change (extra facts merged into the
// after document) and emits "operation.<action>" {id, version, job_id, sequence, status, extra}.
Result<model::Operation> save_operation(Change& c, const model::Operation& before,
                                        const model::Operation& after, const std::string& action,
                                        const nlohmann::json& extra);

// Applies `action` to the job, saves, audits and emits `topic` {id, version, number, status}.
Result<model::Job> transition_job(Change& c, const model::Job& before, model::JobAction action,
                                  const std::string& topic);

// Starts `op` (ready -> running) for `operator_id` (0 = none) at c.now(); the job's first start
// moves a released job to in progress. Returns the saved operation and sets `job` to the job
// after the change. The caller checked the job is released or in progress.
Result<model::Operation> start_operation(Change& c, const model::Operation& op, model::Job& job,
                                         int64_t operator_id, const nlohmann::json& extra);

// After `completed` was saved complete: the next planned operation becomes ready ("operation.
// ready"); with none left open the job completes ("job.started" first if it was released,
// then "job.completed"). Returns the job after the change.
Result<model::Job> follow_completion(Change& c, const model::Operation& completed,
                                     const model::Job& job);

}  // namespace kerf::app
