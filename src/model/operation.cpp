#include "kerf/model/operation.h"

#include <set>

#include "enum_names.h"
#include "kerf/model/validation.h"

namespace kerf::model {
namespace {

constexpr int64_t kDay = 86400;

std::string words(std::string_view name) {
  std::string s(name);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

}  // namespace

std::string_view to_string(OperationStatus s) {
  switch (s) {
    case OperationStatus::kPlanned:
      return "planned";
    case OperationStatus::kReady:
      return "ready";
    case OperationStatus::kRunning:
      return "running";
    case OperationStatus::kPaused:
      return "paused";
    case OperationStatus::kComplete:
      return "complete";
  }
  return "?";
}

Result<OperationStatus> parse_operation_status(std::string_view text) {
  return detail::parse_enum<OperationStatus>(text, kAllOperationStatuses, "status");
}

std::string_view to_string(OperationAction a) {
  switch (a) {
    case OperationAction::kMakeReady:
      return "make_ready";
    case OperationAction::kStart:
      return "start";
    case OperationAction::kPause:
      return "pause";
    case OperationAction::kResume:
      return "resume";
    case OperationAction::kComplete:
      return "complete";
  }
  return "?";
}

Result<OperationAction> parse_operation_action(std::string_view text) {
  return detail::parse_enum<OperationAction>(text, kAllOperationActions, "action");
}

Result<OperationStatus> apply(OperationStatus from, OperationAction action) {
  switch (action) {
    case OperationAction::kMakeReady:
      if (from == OperationStatus::kPlanned) return OperationStatus::kReady;
      break;
    case OperationAction::kStart:
      if (from == OperationStatus::kReady) return OperationStatus::kRunning;
      break;
    case OperationAction::kPause:
      if (from == OperationStatus::kRunning) return OperationStatus::kPaused;
      break;
    case OperationAction::kResume:
      if (from == OperationStatus::kPaused) return OperationStatus::kRunning;
      break;
    case OperationAction::kComplete:
      if (from == OperationStatus::kRunning || from == OperationStatus::kPaused) {
        return OperationStatus::kComplete;
      }
      break;
  }
  std::string verb =
      action == OperationAction::kMakeReady ? "make ready" : std::string(to_string(action));
  return Error::precondition("cannot " + verb + " an operation that is " + words(to_string(from)));
}

Status Operation::validate() const {
  FieldErrors errors;
  if (job_id <= 0) errors.add("job_id", "is required");
  if (sequence < 1 || sequence > 9999) errors.add("sequence", "must be between 1 and 9999");
  check_required_text(errors, "name", name);
  if (eligible_work_center_ids.empty()) {
    errors.add("eligible_work_center_ids", "must name at least one work center");
  }
  std::set<int64_t> seen;
  for (std::size_t i = 0; i < eligible_work_center_ids.size(); ++i) {
    int64_t wc = eligible_work_center_ids[i];
    std::string field = "eligible_work_center_ids/" + std::to_string(i);
    if (wc <= 0) {
      errors.add(field, "must be a work center id (> 0)");
    } else if (!seen.insert(wc).second) {
      errors.add(field, "is listed twice");
    }
  }
  if (setup_seconds < 0 || setup_seconds > kDay) {
    errors.add("setup_seconds", "must be between 0 and 86400");
  }
  if (run_seconds_per_piece < 0 || run_seconds_per_piece > kDay) {
    errors.add("run_seconds_per_piece", "must be between 0 and 86400");
  }
  if (transfer_seconds < 0 || transfer_seconds > 7 * kDay) {
    errors.add("transfer_seconds", "must be between 0 and 604800");
  }
  if (overlap_allowed && overlap_pieces < 1) {
    errors.add("overlap_pieces", "must be at least 1 when overlap is allowed");
  } else if (!overlap_allowed && overlap_pieces != 0) {
    errors.add("overlap_pieces", "must be 0 when overlap is not allowed");
  }
  check_optional_text(errors, "setup_family", setup_family);
  if (qty_good < 0) errors.add("qty_good", "must not be negative");
  if (qty_scrap < 0) errors.add("qty_scrap", "must not be negative");
  bool started = status == OperationStatus::kRunning || status == OperationStatus::kPaused ||
                 status == OperationStatus::kComplete;
  if (started && !started_at) {
    errors.add("started_at", "is required once the operation has started");
  } else if (!started && started_at) {
    errors.add("started_at", "must be empty before the operation starts");
  }
  if (!started && (qty_good > 0 || qty_scrap > 0)) {
    errors.add(qty_good > 0 ? "qty_good" : "qty_scrap", "must be 0 before the operation starts");
  }
  if (status == OperationStatus::kComplete) {
    if (!completed_at) {
      errors.add("completed_at", "is required when the operation is complete");
    } else if (started_at && *completed_at < *started_at) {
      errors.add("completed_at", "must not be before started_at");
    }
  } else if (completed_at) {
    errors.add("completed_at", "must be empty until the operation is complete");
  }
  if (operator_id < 0) errors.add("operator_id", "must not be negative");
  return errors.status();
}

Status Operation::validate(const Job& job) const {
  FieldErrors errors;
  errors.merge("", validate());
  if (job_id > 0 && job.id > 0 && job_id != job.id) {
    errors.add("job_id", "does not match the job");
  }
  if (qty_good >= 0 && qty_scrap >= 0 && qty_good + qty_scrap > job.quantity) {
    errors.add(qty_scrap > 0 ? "qty_scrap" : "qty_good",
               "good plus scrap (" + std::to_string(qty_good + qty_scrap) +
                   ") exceeds the job quantity (" + std::to_string(job.quantity) + ")");
  }
  if (overlap_pieces > job.quantity) {
    errors.add("overlap_pieces", "must not exceed the job quantity");
  }
  return errors.status();
}

int64_t Operation::nominal_seconds(int64_t quantity) const {
  return setup_seconds + run_seconds_per_piece * quantity;
}

Status Operation::transition(OperationAction action) {
  Result<OperationStatus> next = apply(status, action);
  if (!next.ok()) return next.error();
  status = *next;
  return ok_status();
}

}  // namespace kerf::model
