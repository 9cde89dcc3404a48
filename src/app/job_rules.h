// Job construction rules shared by JobService::create and the imports.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/change.h"
#include "kerf/app/job_service.h"
#include "kerf/model/validation.h"

namespace kerf::app {

// The planned job and its planned operations described by `input` (ids 0).
model::Job job_from_input(const JobInput& input);
model::Operation operation_from_input(const OperationInput& input);

// Validates the job and its operations without touching the database. Field names are
// prefixed with `prefix` ("" or "rows/3"): "<prefix>/quantity", "<prefix>/operations/1/name".
void validate_job_input(const JobInput& input, const std::string& prefix,
                        model::FieldErrors& errors);

// Checks that the part, customer and eligible work centers exist (field errors as above).
Status check_job_references(store::Tx& tx, const JobInput& input, const std::string& prefix,
                            model::FieldErrors& errors);

// Inserts the job and its operations, audits each and emits "job.created".
Result<JobDetail> insert_job(Change& change, const JobInput& input);

// JobService::update's rules in `c`: version check, only open jobs, part/customer/quantity only
// while planned, validation and references; saves, audits ("update") and emits "job.updated".
Result<model::Job> update_job(Change& c, const JobUpdate& input);

// Loads the job, checks the expected version, applies `action`, saves, audits (action name)
// and emits "job.<topic_suffix>" {id, version, number, status} with `extra` merged into the
// payload and the audit's after document (JobService::release/hold/unhold/cancel).
Result<model::Job> apply_job_action(Change& c, int64_t job_id, std::optional<int64_t> version,
                                    model::JobAction action, const std::string& topic_suffix,
                                    const nlohmann::json& extra);

// "<prefix>/<field>" or "<field>" when prefix is empty.
std::string field_path(const std::string& prefix, const std::string& field);

}  // namespace kerf::app
