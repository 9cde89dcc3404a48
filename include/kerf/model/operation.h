// Routing operations of a job and their lifecycle.
//
//   planned -> ready -> running <-> paused;  running -> complete
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"
#include "kerf/model/job.h"

namespace kerf::model {

enum class OperationStatus { kPlanned, kReady, kRunning, kPaused, kComplete };
inline constexpr std::array kAllOperationStatuses = {
    OperationStatus::kPlanned, OperationStatus::kReady, OperationStatus::kRunning,
    OperationStatus::kPaused, OperationStatus::kComplete};
// "planned", "ready", "running", "paused", "complete"
std::string_view to_string(OperationStatus s);
Result<OperationStatus> parse_operation_status(std::string_view text);

// make_ready: planned -> ready (predecessors done / material there); start: ready -> running;
// pause: running -> paused; resume: paused -> running; complete: running | paused -> complete.
enum class OperationAction { kMakeReady, kStart, kPause, kResume, kComplete };
inline constexpr std::array kAllOperationActions = {
    OperationAction::kMakeReady, OperationAction::kStart, OperationAction::kPause,
    OperationAction::kResume, OperationAction::kComplete};
// "make_ready", "start", "pause", "resume", "complete"
std::string_view to_string(OperationAction a);
Result<OperationAction> parse_operation_action(std::string_view text);

// The status after `action`; kFailedPrecondition with e.g. "cannot start an operation that is
// planned" otherwise.
Result<OperationStatus> apply(OperationStatus from, OperationAction action);

struct Operation {
  int64_t id = 0;
  int64_t version = 0;
  int64_t job_id = 0;     // > 0
  int32_t sequence = 10;  // [1, 9999], unique per job; routing order
  std::string name;       // required, e.g. "Laser cut"
  Department department = Department::kLaser;
  Process process = Process::kLaserCut;
  std::vector<int64_t> eligible_work_center_ids;  // non-empty, each > 0, unique
  int64_t setup_seconds = 0;                      // [0, 86400]
  int64_t run_seconds_per_piece = 0;              // [0, 86400]
  int64_t transfer_seconds = 0;  // [0, 7 days]; wait/move time before the next operation
  bool overlap_allowed = false;  // next op may start after overlap_pieces are done
  int64_t overlap_pieces = 0;    // >= 1 if overlap_allowed, else 0
  std::string setup_family;      // optional; same family on one machine = reduced setup
  int64_t qty_good = 0;          // >= 0
  int64_t qty_scrap = 0;         // >= 0; qty_good + qty_scrap <= job quantity
  OperationStatus status = OperationStatus::kPlanned;
  std::optional<TimePoint> started_at;    // set iff status is running, paused or complete
  std::optional<TimePoint> completed_at;  // set iff complete; >= started_at
  int64_t operator_id = 0;                // user id of the operator; 0 = none; >= 0

  // Intrinsic invariants. Ok, or invalid with fields "job_id", "sequence", "name",
  // "eligible_work_center_ids" (or ".../<i>"), "setup_seconds", "run_seconds_per_piece",
  // "transfer_seconds", "overlap_pieces", "setup_family", "qty_good", "qty_scrap", "started_at",
  // "completed_at", "operator_id".
  Status validate() const;
  // validate() plus the invariants against the owning job: job_id == job.id (when both set),
  // qty_good + qty_scrap <= job.quantity ("qty_scrap" or "qty_good"), overlap_pieces <=
  // job.quantity ("overlap_pieces").
  Status validate(const Job& job) const;
  // Nominal duration in seconds for `quantity` pieces: setup + run * quantity.
  int64_t nominal_seconds(int64_t quantity) const;
  // Applies `action` via apply(); on failure the operation is unchanged. Timestamps and
  // operator are the caller's business.
  Status transition(OperationAction action);
  friend bool operator==(const Operation&, const Operation&) = default;
};

}  // namespace kerf::model
