// A nest: one cutting program placing parts from several jobs on one sheet (Sigmanest posts
// them; docs/sigmanest.md). A program cut `repeat` times consumes `repeat` sheets.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/core/clock.h"
#include "kerf/core/result.h"
#include "kerf/model/enums.h"

namespace kerf::model {

// posted -> started <-> stopped -> cut. A deleted program is removed (its nest row is deleted).
enum class NestState { kPosted, kStarted, kStopped, kCut };
// "posted", "started", "stopped", "cut"
std::string_view to_string(NestState s);
Result<NestState> parse_nest_state(std::string_view text);

struct NestPart {
  int64_t job_id = 0;        // > 0
  int64_t part_id = 0;       // > 0
  int64_t qty = 1;           // > 0: pieces per sheet x repeat (the program's total for this job)
  int64_t operation_id = 0;  // the job's laser operation it cuts; 0 = not linked
  friend bool operator==(const NestPart&, const NestPart&) = default;
};

struct Nest {
  int64_t id = 0;
  int64_t version = 0;
  std::string program_name;  // valid code, e.g. "N-304-1.5-0042"
  Material material = Material::kStainless304;
  double thickness_mm = 0;      // (0, 50]
  int64_t sheet_id = 0;         // SheetStock id; > 0
  std::vector<NestPart> parts;  // non-empty; (job_id, part_id) unique

  // Sigmanest program data (0 / "" when unknown, e.g. nests entered by hand).
  int64_t repeat = 1;          // >= 1 sheets cut with this program
  int64_t work_center_id = 0;  // the laser it is posted to; >= 0
  std::string machine_name;    // Sigmanest MachineName
  NestState state = NestState::kPosted;
  int64_t cut_seconds_est = 0;     // >= 0, for all `repeat` sheets (Sigmanest CuttingTime)
  int64_t cut_seconds_actual = 0;  // >= 0, reported by SN73C / program done
  double utilisation = 0;          // [0, 1] used area / sheet area
  double scrap_fraction = 0;       // [0, 1]
  int64_t queue_position = 0;      // >= 0, order in the laser's NC queue (0 = unordered)
  int64_t archive_packet_id = 0;   // >= 0, Sigmanest packet of the last post
  // False after an operator finished the program in kerf, until Sigmanest's report of the cut
  // (SN102) has put its remnants into stock.
  bool remnants_reported = true;
  std::optional<TimePoint> posted_at;
  std::optional<TimePoint> cut_at;  // set iff state is kCut

  // Ok, or invalid with fields "program_name", "thickness_mm", "sheet_id", "parts",
  // "parts/<i>/job_id", "parts/<i>/part_id", "parts/<i>/qty", "parts/<i>/operation_id",
  // "repeat", "work_center_id", "cut_seconds_est", "cut_seconds_actual", "utilisation",
  // "scrap_fraction", "queue_position", "archive_packet_id", "cut_at".
  Status validate() const;
  friend bool operator==(const Nest&, const Nest&) = default;
};

}  // namespace kerf::model
