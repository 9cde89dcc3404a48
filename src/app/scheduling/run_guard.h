// Checks shared by the synchronous and the background scheduling runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/app/scheduling/run_report.h"
#include "kerf/core/result.h"

namespace kerf::app::scheduling {

// Field errors of a run request: "time_limit_s" out of (0, kMaxTimeLimitS], "commit" for an
// automatically committed what-if run.
inline Status validate_run_request(const RunRequest& request, bool commit) {
  std::vector<FieldError> fields;
  if (!(request.time_limit_s > 0) || request.time_limit_s > kMaxTimeLimitS) {
    fields.push_back({"time_limit_s", "must be > 0 and <= 600"});
  }
  if (commit && request.what_if) {
    fields.push_back({"commit", "a what-if run is never committed automatically"});
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

// The refusal of a run while the background run `active_run_id` is in progress.
inline Error busy_error(int64_t active_run_id) {
  return Error::precondition("schedule run " + std::to_string(active_run_id) +
                             " is running in the background; wait for it or cancel it");
}

}  // namespace kerf::app::scheduling
