#include "app/job_rules.h"

#include <algorithm>
#include <set>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"

namespace kerf::app {

std::string field_path(const std::string& prefix, const std::string& field) {
  return prefix.empty() ? field : prefix + "/" + field;
}

model::Job job_from_input(const JobInput& input) {
  model::Job job;
  job.number = input.number;
  job.part_id = input.part_id;
  job.customer_id = input.customer_id;
  job.quantity = input.quantity;
  job.due = input.due;
  job.priority = input.priority;
  job.status = model::JobStatus::kPlanned;
  return job;
}

model::Operation operation_from_input(const OperationInput& in) {
  model::Operation op;
  op.sequence = in.sequence;
  op.name = in.name;
  op.process = in.process;
  op.department = in.department ? *in.department : model::department_of(in.process);
  op.eligible_work_center_ids = in.eligible_work_center_ids;
  op.setup_seconds = in.setup_seconds;
  op.run_seconds_per_piece = in.run_seconds_per_piece;
  op.transfer_seconds = in.transfer_seconds;
  op.overlap_allowed = in.overlap_allowed;
  op.overlap_pieces = in.overlap_pieces;
  op.setup_family = in.setup_family;
  op.status = model::OperationStatus::kPlanned;
  return op;
}

void validate_job_input(const JobInput& input, const std::string& prefix,
                        model::FieldErrors& errors) {
  model::Job job = job_from_input(input);
  errors.merge(prefix, job.validate());
  std::set<int32_t> sequences;
  for (std::size_t i = 0; i < input.operations.size(); ++i) {
    std::string op_prefix = field_path(prefix, "operations/" + std::to_string(i));
    model::Operation op = operation_from_input(input.operations[i]);
    // job_id is assigned on insert; validate against the job's quantity meanwhile.
    op.job_id = 1;
    model::Job owner = job;
    owner.id = 1;
    model::FieldErrors op_errors;
    op_errors.merge("", op.validate(owner));
    for (const auto& f : op_errors.fields()) {
      if (f.field != "job_id") errors.add(field_path(op_prefix, f.field), f.message);
    }
    if (!sequences.insert(op.sequence).second) {
      errors.add(field_path(op_prefix, "sequence"), "duplicate sequence in routing");
    }
  }
}

Status check_job_references(store::Tx& tx, const JobInput& input, const std::string& prefix,
                            model::FieldErrors& errors) {
  if (input.part_id > 0) {
    auto part = repo::get<model::Part>(tx, input.part_id);
    if (!part.ok() && part.error().code != ErrorCode::kNotFound) return part.error();
    if (!part.ok()) errors.add(field_path(prefix, "part_id"), "part not found");
  }
  if (input.customer_id > 0) {
    auto customer = repo::get<model::Customer>(tx, input.customer_id);
    if (!customer.ok() && customer.error().code != ErrorCode::kNotFound) return customer.error();
    if (!customer.ok()) errors.add(field_path(prefix, "customer_id"), "customer not found");
  }
  std::set<int64_t> known_work_centers;
  for (std::size_t i = 0; i < input.operations.size(); ++i) {
    const auto& ids = input.operations[i].eligible_work_center_ids;
    for (std::size_t j = 0; j < ids.size(); ++j) {
      if (ids[j] <= 0 || known_work_centers.count(ids[j])) continue;
      auto wc = repo::get<model::WorkCenter>(tx, ids[j]);
      if (!wc.ok() && wc.error().code != ErrorCode::kNotFound) return wc.error();
      if (wc.ok()) {
        known_work_centers.insert(ids[j]);
      } else {
        errors.add(field_path(prefix, "operations/" + std::to_string(i) +
                                          "/eligible_work_center_ids/" + std::to_string(j)),
                   "work center not found");
      }
    }
  }
  return ok_status();
}

Result<JobDetail> insert_job(Change& change, const JobInput& input) {
  auto existing = repo::find_job(change.tx(), input.number);
  if (!existing.ok()) return existing.error();
  if (existing->has_value()) {
    Error e = Error::conflict("job " + input.number + " already exists");
    e.fields.push_back({"number", "already exists"});
    return e;
  }
  JobDetail detail;
  auto job = repo::insert(change.tx(), job_from_input(input));
  if (!job.ok()) return job.error();
  detail.job = *job;
  for (const auto& in : input.operations) {
    model::Operation op = operation_from_input(in);
    op.job_id = job->id;
    auto saved = repo::insert(change.tx(), op);
    if (!saved.ok()) return saved.error();
    detail.operations.push_back(*saved);
  }
  std::sort(detail.operations.begin(), detail.operations.end(),
            [](const auto& a, const auto& b) { return a.sequence < b.sequence; });
  nlohmann::json after = json_of(detail.job);
  nlohmann::json ops = nlohmann::json::array();
  for (const auto& op : detail.operations) ops.push_back(json_of(op));
  after["operations"] = ops;
  KERF_TRY(change.audit("job", job->id, "create", nullptr, after));
  KERF_TRY(change.emit("job.created", {{"id", job->id},
                                       {"version", job->version},
                                       {"number", job->number},
                                       {"operations", detail.operations.size()}}));
  return detail;
}

}  // namespace kerf::app
