// Nests and the laser NC queue: the use cases the Sigmanest integration drives (post, state,
// cut, delete a program) and the queries the laser screens and the sync read. Acts like every
// other use case: one transaction, audit rows, outbox events. docs/sigmanest.md narrates it.
//
// Events: "nest.posted" {id, program_name, work_center_id, job_ids}, "nest.state"
// {id, program_name, state, cut_seconds_actual, machine, origin}, "nest.cut" {id, program_name,
// sheet_id, heat_lot_id, job_ids, remnant_ids, cut_seconds_actual, origin}, "nest.deleted" {id,
// program_name, job_ids, origin}, "nest.part_rejected" {id, program_name, job_id, part_id,
// part_number, sheet_id, pieces, reason, origin}, "nest.remnants" {id, program_name, sheet_id,
// remnant_ids, origin}. origin is "sigmanest" for the changes the
// sync applies from Sigmanest's feedback and "kerf" for the operator actions on the floor; the
// sync sends only the latter to Sigmanest. A nest changes the plan: the sync does not
// reschedule, the planner's next run (or repair) picks the nest up as a batch.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"
#include "kerf/model/nest.h"
#include "kerf/store/page.h"

namespace kerf::app {

class ChangeRunner;

// Where a program change came from (the events' "origin").
enum class NestOrigin { kSigmanest, kKerf };
// "sigmanest" | "kerf"
std::string_view to_string(NestOrigin origin);

struct ProgramPartInput {
  int64_t job_id = 0;
  int64_t part_id = 0;  // must be the job's part ("parts/<i>/part_id")
  int64_t qty = 0;      // >= 1, total over the program's repeats
};

// A program as Sigmanest posted it (SN100). Resolved by the caller from Sigmanest's names to
// kerf ids; validated here against the store (job, part, sheet, work center exist; material
// and thickness match the sheet).
struct PostProgramInput {
  std::string program_name;
  int64_t repeat = 1;
  std::string machine_name;    // Sigmanest MachineName
  int64_t work_center_id = 0;  // 0: resolved from machine_name (work center or machine code)
  int64_t sheet_id = 0;
  int64_t cut_seconds = 0;    // estimate for all repeats
  double utilisation = 0;     // [0, 1]
  double scrap_fraction = 0;  // [0, 1]
  int64_t archive_packet_id = 0;
  std::vector<ProgramPartInput> parts;  // non-empty
};

struct RemnantInput {
  double length_mm = 0;
  double width_mm = 0;
  std::string location;  // "" = the parent sheet's location
  // Sigmanest's name of the remnant (STRemArc.RemnantName), "" = none; kept so programs nested
  // on it resolve to the kerf sheet (SigmanestLedger::remnant_sheet).
  std::string name;
};

// A program cut (SN102 / SN70): consumes `repeat` sheets against the jobs, adds the good
// pieces to the jobs' laser operations and puts remnants into stock.
struct CutProgramInput {
  std::string program_name;
  int64_t cut_seconds_actual = 0;  // 0 = unknown
  // Pieces actually cut good per (job, part); empty = the program's planned quantities.
  std::vector<ProgramPartInput> parts_good;
  std::vector<RemnantInput> remnants;
  int64_t archive_packet_id = 0;
};

struct CutResult {
  model::Nest nest;
  int64_t heat_lot_id = 0;
  std::vector<int64_t> remnant_sheet_ids;
  std::vector<int64_t> completed_operation_ids;  // laser operations that reached job quantity
};

// Pieces of a part an operator takes off a program before it is cut (SN78R): Sigmanest nests
// them again.
struct RejectPartInput {
  int64_t part_id = 0;  // a part on the program ("part_id")
  int64_t job_id = 0;   // its job; 0 = the program's only job with that part ("job_id")
  int64_t pieces = 0;   // 1..the program's quantity of that job and part ("pieces")
  std::string reason;   // required, at most 200 characters ("reason")
};

// One line of a laser's NC queue.
struct LaserQueueEntry {
  model::Nest nest;
  std::string work_center_code;
  std::string sheet_label;  // "stainless_304 1.5 x 3000 x 1500"
  std::string heat_number;
  std::vector<std::string> job_numbers;
  std::optional<TimePoint> planned_start;  // from the current schedule, when placed
};

// Nest efficiency (material utilisation) per plant-local day and material/thickness.
struct NestEfficiencyRow {
  std::string day;  // "YYYY-MM-DD"
  model::Material material = model::Material::kStainless304;
  double thickness_mm = 0;
  int64_t programs = 0;
  int64_t sheets = 0;
  double utilisation = 0;  // sheet-area weighted mean over the cut programs, [0, 1]
  double scrap_fraction = 0;
};

class NestService {
 public:
  explicit NestService(ChangeRunner& changes) : changes_(changes) {}

  // Integration principal or planner. Creates the nest, or replaces the posted/stopped nest of
  // the same program name (a re-post): parts, sheet, cut time. kFailedPrecondition when the
  // program is already cut or started. Links each part to its job's first laser operation.
  Result<model::Nest> post_program(const Principal& who, const PostProgramInput& input);
  // posted|stopped -> started, started -> stopped (SN73N) with the actual seconds so far.
  Result<model::Nest> set_state(const Principal& who, const std::string& program_name,
                                model::NestState state, int64_t cut_seconds_actual = 0);
  // Cuts the program (idempotent per program: a second cut is kFailedPrecondition, which the
  // sync treats as already applied). Consumes sheets (material_consumptions, heat lot
  // traceability) against each job, adds qty_good to the laser operations (starting them when
  // ready, completing them at job quantity), inserts remnants (is_remnant, parent sheet).
  Result<CutResult> cut_program(const Principal& who, const CutProgramInput& input);
  // Sigmanest's report of a program an operator finished in kerf (remnants_reported false):
  // puts `remnants` into stock from the program's sheet and heat lot, marks them reported and
  // emits "nest.remnants"; an empty result when they were reported already.
  // kFailedPrecondition when the program is not cut; field errors "remnants/<i>/...".
  Result<std::vector<int64_t>> record_remnants(const Principal& who,
                                               const std::string& program_name,
                                               const std::vector<RemnantInput>& remnants);
  // Deletes a posted/stopped program (SN101). kNotFound when absent (the sync treats it as
  // already applied); kFailedPrecondition when started or cut.
  Status delete_program(const Principal& who, const std::string& program_name);

  // Operator actions on a program of the laser queue (operate_nests: operator, lead, planner),
  // origin kerf; kNotFound for an unknown id, kFailedPrecondition for a transition the state
  // does not allow (docs/nests.md). posted|stopped -> started.
  Result<model::Nest> start_program(const Principal& who, int64_t id);
  // started -> stopped; cut_seconds (>= 0, 0 = unknown) is the cutting time so far.
  Result<model::Nest> stop_program(const Principal& who, int64_t id, int64_t cut_seconds = 0);
  // started|stopped -> cut: cut_program with the program's planned quantities and the actual
  // cut_seconds (>= 0, 0 = unknown).
  Result<CutResult> finish_program(const Principal& who, int64_t id, int64_t cut_seconds = 0);
  // Takes pieces of a part off a program not cut yet (fewer pieces on it; a part with none
  // left leaves it; the program's last piece cannot be rejected: delete the program instead).
  Result<model::Nest> reject_part(const Principal& who, int64_t id, const RejectPartInput& input);
  // Deletes a posted or stopped program (delete_program's rule).
  Status remove_program(const Principal& who, int64_t id);

  // Any authenticated user.
  Result<model::Nest> get(const Principal& who, int64_t id);
  Result<std::optional<model::Nest>> find_by_program(const Principal& who,
                                                     const std::string& program_name);
  Result<store::Page<model::Nest>> list(const Principal& who, const store::ListQuery& query);
  // Programs not yet cut, per laser in queue order (work center 0 = not assigned last).
  Result<std::vector<LaserQueueEntry>> laser_queue(const Principal& who,
                                                   std::optional<int64_t> work_center_id);
  // Cut programs between the plant-local days [from, to] (inclusive).
  Result<std::vector<NestEfficiencyRow>> efficiency(const Principal& who, const std::string& from,
                                                    const std::string& to);

 private:
  ChangeRunner& changes_;
};

}  // namespace kerf::app
