#include "kerf/model/job.h"

#include "enum_names.h"
#include "kerf/model/validation.h"

namespace kerf::model {
namespace {

// "in_progress" -> "in progress" for messages.
std::string words(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

Error denied(JobAction action, JobStatus from) {
  return Error::precondition("cannot " + std::string(to_string(action)) + " a job that is " +
                             words(to_string(from)));
}

}  // namespace

std::string_view to_string(JobStatus s) {
  switch (s) {
    case JobStatus::kPlanned:
      return "planned";
    case JobStatus::kReleased:
      return "released";
    case JobStatus::kInProgress:
      return "in_progress";
    case JobStatus::kComplete:
      return "complete";
    case JobStatus::kShipped:
      return "shipped";
    case JobStatus::kOnHold:
      return "on_hold";
    case JobStatus::kCancelled:
      return "cancelled";
  }
  return "?";
}

Result<JobStatus> parse_job_status(std::string_view text) {
  return detail::parse_enum<JobStatus>(text, kAllJobStatuses, "status");
}

std::string_view to_string(JobAction a) {
  switch (a) {
    case JobAction::kRelease:
      return "release";
    case JobAction::kStart:
      return "start";
    case JobAction::kComplete:
      return "complete";
    case JobAction::kShip:
      return "ship";
    case JobAction::kHold:
      return "hold";
    case JobAction::kResume:
      return "resume";
    case JobAction::kCancel:
      return "cancel";
  }
  return "?";
}

Result<JobAction> parse_job_action(std::string_view text) {
  return detail::parse_enum<JobAction>(text, kAllJobActions, "action");
}

bool is_holdable(JobStatus s) {
  return s == JobStatus::kPlanned || s == JobStatus::kReleased || s == JobStatus::kInProgress;
}

bool is_closed(JobStatus s) {
  return s == JobStatus::kComplete || s == JobStatus::kShipped || s == JobStatus::kCancelled;
}

Result<JobStatus> apply(JobStatus from, JobAction action, std::optional<JobStatus> held_from) {
  switch (action) {
    case JobAction::kRelease:
      if (from == JobStatus::kPlanned) return JobStatus::kReleased;
      break;
    case JobAction::kStart:
      if (from == JobStatus::kReleased) return JobStatus::kInProgress;
      break;
    case JobAction::kComplete:
      if (from == JobStatus::kInProgress) return JobStatus::kComplete;
      break;
    case JobAction::kShip:
      if (from == JobStatus::kComplete) return JobStatus::kShipped;
      break;
    case JobAction::kHold:
      if (is_holdable(from)) return JobStatus::kOnHold;
      break;
    case JobAction::kResume:
      if (from != JobStatus::kOnHold) break;
      if (!held_from || !is_holdable(*held_from)) {
        return Error::precondition(
            "cannot resume a job on hold: the status before the hold is unknown");
      }
      return *held_from;
    case JobAction::kCancel:
      if (is_holdable(from) || from == JobStatus::kOnHold) return JobStatus::kCancelled;
      break;
  }
  return denied(action, from);
}

Status Job::validate() const {
  FieldErrors errors;
  check_code(errors, "number", number);
  if (part_id <= 0) errors.add("part_id", "is required");
  if (customer_id <= 0) errors.add("customer_id", "is required");
  if (quantity < 1 || quantity > 1000000) errors.add("quantity", "must be between 1 and 1000000");
  if (due == TimePoint{}) errors.add("due", "is required");
  if (priority < 1 || priority > 5) errors.add("priority", "must be between 1 and 5");
  if (status == JobStatus::kOnHold) {
    if (!held_from) {
      errors.add("held_from", "is required when the job is on hold");
    } else if (!is_holdable(*held_from)) {
      errors.add("held_from", "must be planned, released or in_progress");
    }
  } else if (held_from) {
    errors.add("held_from", "must be empty unless the job is on hold");
  }
  if (substitute_material.has_value() != substitute_thickness_mm.has_value()) {
    errors.add(substitute_material ? "substitute_thickness_mm" : "substitute_material",
               "is required with the other substitution field");
  }
  if (substitute_thickness_mm &&
      !(*substitute_thickness_mm > 0 && *substitute_thickness_mm < 1000)) {
    errors.add("substitute_thickness_mm", "must be > 0 and < 1000");
  }
  return errors.status();
}

Status Job::transition(JobAction action) {
  Result<JobStatus> next = apply(status, action, held_from);
  if (!next.ok()) return next.error();
  held_from = action == JobAction::kHold ? std::optional<JobStatus>(status) : std::nullopt;
  status = *next;
  return ok_status();
}

}  // namespace kerf::model
