// Checks shared by the synchronous and the background scheduling runs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "kerf/app/scheduling/run_report.h"
#include "kerf/app/permissions.h"
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
  if (!request.priority_overrides.empty() && !request.what_if) {
    fields.push_back({"priority_overrides", "only a what-if run may override priorities"});
  }
  if (!request.excluded_jobs.empty() && !request.what_if) {
    fields.push_back({"excluded_jobs", "only a what-if run may leave jobs out"});
  }
  for (const auto& [job_id, priority] : request.priority_overrides) {
    if (job_id <= 0 || priority < 1 || priority > 5) {
      fields.push_back({"priority_overrides/" + std::to_string(job_id),
                        "must map a job id to a priority from 1 to 5"});
    }
  }
  if (!fields.empty()) return Error::invalid(std::move(fields));
  return ok_status();
}

// Who may start `request`: a what-if run needs kRunWhatIf (planner, agent), any other
// kRunScheduler.
inline Status authorize_run(const Principal& who, const RunRequest& request) {
  return authorize(who, request.what_if ? Permission::kRunWhatIf : Permission::kRunScheduler);
}

// The refusal of a run while the background run `active_run_id` is in progress.
inline Error busy_error(int64_t active_run_id) {
  return Error::precondition("schedule run " + std::to_string(active_run_id) +
                             " is running in the background; wait for it or cancel it");
}

}  // namespace kerf::app::scheduling
