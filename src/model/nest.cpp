#include "kerf/model/nest.h"

#include <array>
#include <set>
#include <utility>

#include "kerf/model/validation.h"
#include "model/enum_names.h"

namespace kerf::model {
namespace {

constexpr std::array kAllNestStates = {NestState::kPosted, NestState::kStarted, NestState::kStopped,
                                       NestState::kCut};

}  // namespace

std::string_view to_string(NestState s) {
  switch (s) {
    case NestState::kPosted:
      return "posted";
    case NestState::kStarted:
      return "started";
    case NestState::kStopped:
      return "stopped";
    case NestState::kCut:
      return "cut";
  }
  return "posted";
}

Result<NestState> parse_nest_state(std::string_view text) {
  return detail::parse_enum<NestState>(text, kAllNestStates, "state");
}

Status Nest::validate() const {
  FieldErrors errors;
  check_code(errors, "program_name", program_name);
  if (!(thickness_mm > 0 && thickness_mm <= 50)) {
    errors.add("thickness_mm", "must be > 0 and <= 50");
  }
  if (sheet_id <= 0) errors.add("sheet_id", "is required");
  if (parts.empty()) errors.add("parts", "must contain at least one part");
  std::set<std::pair<int64_t, int64_t>> seen;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const NestPart& p = parts[i];
    std::string prefix = "parts/" + std::to_string(i) + "/";
    if (p.job_id <= 0) errors.add(prefix + "job_id", "is required");
    if (p.part_id <= 0) errors.add(prefix + "part_id", "is required");
    if (p.qty <= 0) errors.add(prefix + "qty", "must be greater than 0");
    if (p.operation_id < 0) errors.add(prefix + "operation_id", "must not be negative");
    if (p.job_id > 0 && p.part_id > 0 && !seen.insert({p.job_id, p.part_id}).second) {
      errors.add(prefix + "part_id", "job and part are listed twice");
    }
  }
  if (repeat < 1) errors.add("repeat", "must be at least 1");
  if (work_center_id < 0) errors.add("work_center_id", "must not be negative");
  if (cut_seconds_est < 0) errors.add("cut_seconds_est", "must not be negative");
  if (cut_seconds_actual < 0) errors.add("cut_seconds_actual", "must not be negative");
  if (!(utilisation >= 0 && utilisation <= 1)) {
    errors.add("utilisation", "must be between 0 and 1");
  }
  if (!(scrap_fraction >= 0 && scrap_fraction <= 1)) {
    errors.add("scrap_fraction", "must be between 0 and 1");
  }
  if (queue_position < 0) errors.add("queue_position", "must not be negative");
  if (archive_packet_id < 0) errors.add("archive_packet_id", "must not be negative");
  if (state == NestState::kCut && !cut_at) errors.add("cut_at", "is required once cut");
  if (state != NestState::kCut && cut_at) errors.add("cut_at", "is set only once cut");
  return errors.status();
}

}  // namespace kerf::model
