// Jobs (work orders) and their lifecycle.
//
//   planned -> released -> in_progress -> complete -> shipped
//   hold:   planned | released | in_progress -> on_hold;  resume: on_hold -> the held status
//   cancel: planned | released | in_progress | on_hold -> cancelled
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

enum class JobStatus { kPlanned, kReleased, kInProgress, kComplete, kShipped, kOnHold, kCancelled };
inline constexpr std::array kAllJobStatuses = {
    JobStatus::kPlanned, JobStatus::kReleased, JobStatus::kInProgress, JobStatus::kComplete,
    JobStatus::kShipped, JobStatus::kOnHold,   JobStatus::kCancelled};
// "planned", "released", "in_progress", "complete", "shipped", "on_hold", "cancelled"
std::string_view to_string(JobStatus s);
Result<JobStatus> parse_job_status(std::string_view text);

enum class JobAction { kRelease, kStart, kComplete, kShip, kHold, kResume, kCancel };
inline constexpr std::array kAllJobActions = {
    JobAction::kRelease, JobAction::kStart,  JobAction::kComplete, JobAction::kShip,
    JobAction::kHold,    JobAction::kResume, JobAction::kCancel};
// "release", "start", "complete", "ship", "hold", "resume", "cancel"
std::string_view to_string(JobAction a);
Result<JobAction> parse_job_action(std::string_view text);

// True for statuses a job may be put on hold from (and resumed back to).
bool is_holdable(JobStatus s);
// True for complete, shipped and cancelled (no further production).
bool is_closed(JobStatus s);

// The status after applying `action` to a job in `from`. `held_from` is the status the job was
// in before it was put on hold (required for kResume). Fails with kFailedPrecondition and a
// message like "cannot release a job that is complete".
Result<JobStatus> apply(JobStatus from, JobAction action,
                        std::optional<JobStatus> held_from = std::nullopt);

struct Job {
  int64_t id = 0;
  int64_t version = 0;
  std::string number;       // valid code, unique, e.g. "J-24017"
  int64_t part_id = 0;      // > 0
  int64_t customer_id = 0;  // > 0
  int64_t quantity = 1;     // [1, 1000000]
  TimePoint due;            // required (not the epoch)
  int32_t priority = 3;     // [1, 5], 1 = most urgent
  JobStatus status = JobStatus::kPlanned;
  std::optional<JobStatus> held_from;  // set iff status == on_hold, and then is_holdable()
  // The approved material substitution (approvals, material_shortage gate): both set or neither;
  // thickness > 0.
  std::optional<Material> substitute_material;
  std::optional<double> substitute_thickness_mm;

  // Ok, or invalid with fields "number", "part_id", "customer_id", "quantity", "due",
  // "priority", "held_from", "substitute_material", "substitute_thickness_mm".
  Status validate() const;
  // Applies `action` via apply() and updates status/held_from; on failure the job is unchanged.
  Status transition(JobAction action);
  friend bool operator==(const Job&, const Job&) = default;
};

}  // namespace kerf::model
