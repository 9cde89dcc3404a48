// NestService's writes: post (and re-post), state, cut and delete of a cutting program as the
// Sigmanest sync applies them, and the shared steps the operator actions reuse (nest_rules.h,
// nest_floor.cpp; remnants in nest_remnants.cpp). The reads are in nest_queries.cpp. docs/nests.md
// narrates the rules.
#include "kerf/app/nest_service.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "app/material_rules.h"
#include "app/nest_rules.h"
#include "app/operation_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/permissions.h"
#include "kerf/model/validation.h"
#include "kerf/store/machine_repo.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/part_repo.h"

namespace kerf::app {
namespace {

using model::JobStatus;
using model::Nest;
using model::NestState;
using model::OperationAction;
using model::OperationStatus;

nlohmann::json job_ids_of(const Nest& nest) {
  nlohmann::json ids = nlohmann::json::array();
  std::set<int64_t> seen;
  for (const auto& p : nest.parts) {
    if (seen.insert(p.job_id).second) ids.push_back(p.job_id);
  }
  return ids;
}

nlohmann::json id_or_null(int64_t id) { return id == 0 ? nlohmann::json() : nlohmann::json(id); }

// The laser a program runs on as Sigmanest names it: its MachineName, else the code of its
// work center ("" when it has neither).
Result<std::string> machine_of(store::Tx& tx, const Nest& nest) {
  if (!nest.machine_name.empty() || nest.work_center_id == 0) return nest.machine_name;
  auto wc = repo::get<model::WorkCenter>(tx, nest.work_center_id);
  if (!wc.ok()) return wc.error();
  return wc->code;
}

// The job's operation a nest part is cut for: its first laser operation, else its first
// cutting (punch) operation; nullopt when the routing has neither.
std::optional<model::Operation> cutting_operation(const std::vector<model::Operation>& ops) {
  for (model::Department d : {model::Department::kLaser, model::Department::kPunch}) {
    for (const auto& op : ops) {
      if (op.department == d) return op;
    }
  }
  return std::nullopt;
}

void validate_post_input(const PostProgramInput& in, model::FieldErrors& errors) {
  model::check_code(errors, "program_name", in.program_name);
  if (in.repeat < 1) errors.add("repeat", "must be at least 1");
  if (in.work_center_id < 0) errors.add("work_center_id", "must not be negative");
  if (in.sheet_id <= 0) errors.add("sheet_id", "is required");
  if (in.cut_seconds < 0) errors.add("cut_seconds", "must not be negative");
  if (!(in.utilisation >= 0 && in.utilisation <= 1)) {
    errors.add("utilisation", "must be between 0 and 1");
  }
  if (!(in.scrap_fraction >= 0 && in.scrap_fraction <= 1)) {
    errors.add("scrap_fraction", "must be between 0 and 1");
  }
  if (in.archive_packet_id < 0) errors.add("archive_packet_id", "must not be negative");
  if (in.machine_name.size() > 100) errors.add("machine_name", "must be at most 100 characters");
  if (in.parts.empty()) errors.add("parts", "must contain at least one part");
  std::set<std::pair<int64_t, int64_t>> seen;
  for (std::size_t i = 0; i < in.parts.size(); ++i) {
    const auto& p = in.parts[i];
    if (p.job_id <= 0) errors.add(indexed("parts", i, "job_id"), "is required");
    if (p.part_id <= 0) errors.add(indexed("parts", i, "part_id"), "is required");
    if (p.qty < 1) errors.add(indexed("parts", i, "qty"), "must be at least 1");
    if (p.job_id > 0 && p.part_id > 0 && !seen.insert({p.job_id, p.part_id}).second) {
      errors.add(indexed("parts", i, "part_id"), "job and part are listed twice");
    }
  }
}

// The laser of the program: the given work center, else the work center whose code is the
// machine name, else the work center of the machine with that code; 0 when none matches (the
// program waits in the "not assigned" queue).
Result<int64_t> resolve_work_center(store::Tx& tx, const PostProgramInput& in,
                                    model::FieldErrors& errors) {
  if (in.work_center_id > 0) {
    auto wc = repo::get<model::WorkCenter>(tx, in.work_center_id);
    if (wc.ok()) return wc->id;
    if (wc.error().code != ErrorCode::kNotFound) return wc.error();
    errors.add("work_center_id", "work center not found");
    return int64_t{0};
  }
  if (in.machine_name.empty()) return int64_t{0};
  auto wc = repo::find_work_center(tx, in.machine_name);
  if (!wc.ok()) return wc.error();
  if (wc->has_value()) return (*wc)->id;
  auto machine = store::find_machine_by_code(tx, in.machine_name);
  if (!machine.ok()) return machine.error();
  if (machine->has_value()) return (*machine)->work_center_id.value_or(0);
  return int64_t{0};
}

// Whether `part_id` is the job's part or a direct component of it (its BOM).
Result<bool> part_of_job(store::Tx& tx, const model::Job& job, int64_t part_id) {
  if (part_id == job.part_id) return true;
  store::ListQuery q;
  q.filters["parent_part_id"] = store::Param(job.part_id);
  q.filters["component_part_id"] = store::Param(part_id);
  auto lines = store::list_bom_lines(tx, q);
  if (!lines.ok()) return lines.error();
  return lines->total > 0;
}

bool same_thickness(double a, double b) { return std::abs(a - b) < 1e-6; }

// The next free position at the end of a laser's queue (0 for no laser).
Result<int64_t> next_queue_position(store::Tx& tx, int64_t work_center_id) {
  if (work_center_id == 0) return int64_t{0};
  auto open = store::open_nests(tx, work_center_id);
  if (!open.ok()) return open.error();
  int64_t last = 0;
  for (const auto& n : *open) last = std::max(last, n.queue_position);
  return last + 1;
}

// Records `good` pieces cut by `nest` on the job's laser operation `op`: starts it when it
// was not yet running, adds the pieces (at most up to the job quantity) and completes it at
// the job quantity. Returns whether it completed; updates `job`.
Result<bool> add_cut_pieces(Change& c, const Nest& nest, const model::Operation& loaded,
                            model::Job& job, int64_t good) {
  model::Operation op = loaded;
  const nlohmann::json facts = {{"nest_id", nest.id}, {"program_name", nest.program_name}};
  if (op.status == OperationStatus::kComplete) return false;
  if (op.status == OperationStatus::kPlanned) {
    model::Operation ready = op;
    KERF_TRY(ready.transition(OperationAction::kMakeReady));
    auto saved = save_operation(c, op, ready, "ready", facts);
    if (!saved.ok()) return saved.error();
    op = *saved;
  }
  if (op.status == OperationStatus::kReady) {
    auto saved = start_operation(c, op, job, c.who().user_id, facts);
    if (!saved.ok()) return saved.error();
    op = *saved;
  }
  const int64_t room = std::max<int64_t>(0, job.quantity - op.qty_good - op.qty_scrap);
  const int64_t added = std::min(good, room);
  model::Operation after = op;
  after.qty_good += added;
  nlohmann::json extra = facts;
  extra["qty_cut"] = good;
  extra["qty_added"] = added;
  if (after.qty_good + after.qty_scrap < job.quantity) {
    auto saved = save_operation(c, op, after, "progressed", extra);
    if (!saved.ok()) return saved.error();
    return false;
  }
  KERF_TRY(after.transition(OperationAction::kComplete));
  after.completed_at = c.now();
  if (!after.started_at) after.started_at = c.now();
  KERF_TRY(after.validate(job));
  extra["qty_good"] = after.qty_good;
  extra["qty_scrap"] = after.qty_scrap;
  auto saved = save_operation(c, op, after, "completed", extra);
  if (!saved.ok()) return saved.error();
  auto job_after = follow_completion(c, *saved, job);
  if (!job_after.ok()) return job_after.error();
  job = *job_after;
  return true;
}

}  // namespace

std::string indexed(const char* list, std::size_t i, const char* field) {
  return std::string(list) + "/" + std::to_string(i) + "/" + field;
}

Result<Nest> load_program(store::Tx& tx, const std::string& name) {
  auto found = store::find_nest_by_program(tx, name);
  if (!found.ok()) return found.error();
  if (!found->has_value()) return Error::not_found("program " + name + " not found");
  return **found;
}

std::string_view to_string(NestOrigin origin) {
  return origin == NestOrigin::kKerf ? "kerf" : "sigmanest";
}

Result<model::Nest> NestService::post_program(const Principal& who, const PostProgramInput& input) {
  KERF_TRY(authorize(who, Permission::kWriteNests));
  model::FieldErrors errors;
  validate_post_input(input, errors);
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<model::Nest> {
    auto existing = store::find_nest_by_program(c.tx(), input.program_name);
    if (!existing.ok()) return existing.error();
    if (existing->has_value() &&
        ((*existing)->state == NestState::kStarted || (*existing)->state == NestState::kCut)) {
      return Error::precondition("program " + input.program_name + " is already " +
                                 std::string(model::to_string((*existing)->state)) +
                                 "; it cannot be posted again");
    }
    model::FieldErrors refs;
    std::optional<model::SheetStock> sheet;
    {
      auto s = repo::get<model::SheetStock>(c.tx(), input.sheet_id);
      if (s.ok()) {
        sheet = *s;
      } else if (s.error().code == ErrorCode::kNotFound) {
        refs.add("sheet_id", "sheet stock not found");
      } else {
        return s.error();
      }
    }
    auto work_center_id = resolve_work_center(c.tx(), input, refs);
    if (!work_center_id.ok()) return work_center_id.error();

    Nest nest = existing->has_value() ? **existing : Nest{};
    nest.program_name = input.program_name;
    nest.parts.clear();
    for (std::size_t i = 0; i < input.parts.size(); ++i) {
      const auto& in = input.parts[i];
      auto job = repo::get<model::Job>(c.tx(), in.job_id);
      if (!job.ok()) {
        if (job.error().code != ErrorCode::kNotFound) return job.error();
        refs.add(indexed("parts", i, "job_id"), "job not found");
        continue;
      }
      if (job->status != JobStatus::kPlanned && job->status != JobStatus::kReleased &&
          job->status != JobStatus::kInProgress) {
        refs.add(indexed("parts", i, "job_id"),
                 "job " + job->number + " is " + std::string(model::to_string(job->status)) +
                     "; only planned, released or in-progress jobs can be nested");
        continue;
      }
      auto belongs = part_of_job(c.tx(), *job, in.part_id);
      if (!belongs.ok()) return belongs.error();
      if (!*belongs) {
        refs.add(indexed("parts", i, "part_id"),
                 "is neither the part of job " + job->number + " nor one of its components");
        continue;
      }
      auto part = repo::get<model::Part>(c.tx(), in.part_id);
      if (!part.ok()) return part.error();
      if (sheet && !part->assembly &&
          (part->material != sheet->material ||
           !same_thickness(part->thickness_mm, sheet->thickness_mm))) {
        refs.add("sheet_id", "sheet stock " + std::to_string(sheet->id) + " (" +
                                 std::string(model::to_string(sheet->material)) + " " +
                                 number_text(sheet->thickness_mm) + " mm) does not match part " +
                                 part->number + " of parts/" + std::to_string(i));
        continue;
      }
      auto ops = repo::operations_of_job(c.tx(), job->id);
      if (!ops.ok()) return ops.error();
      auto op = cutting_operation(*ops);
      nest.parts.push_back({job->id, in.part_id, in.qty, op ? op->id : 0});
    }
    if (!refs.empty()) return refs.status().error();

    nest.material = sheet->material;
    nest.thickness_mm = sheet->thickness_mm;
    nest.sheet_id = sheet->id;
    nest.repeat = input.repeat;
    nest.machine_name = input.machine_name;
    if (nest.work_center_id != *work_center_id || nest.queue_position == 0) {
      auto position = next_queue_position(c.tx(), *work_center_id);
      if (!position.ok()) return position.error();
      nest.queue_position = *position;
    }
    nest.work_center_id = *work_center_id;
    nest.state = NestState::kPosted;
    nest.cut_seconds_est = input.cut_seconds;
    nest.cut_seconds_actual = 0;
    nest.utilisation = input.utilisation;
    nest.scrap_fraction = input.scrap_fraction;
    if (input.archive_packet_id > 0) nest.archive_packet_id = input.archive_packet_id;
    nest.posted_at = c.now();
    nest.cut_at.reset();

    const bool repost = existing->has_value();
    auto saved = repost ? store::update_nest(c.tx(), nest) : store::insert_nest(c.tx(), nest);
    if (!saved.ok()) return saved.error();
    KERF_TRY(c.audit("nest", saved->id, repost ? "repost" : "post",
                     repost ? json_of(**existing) : nlohmann::json(), json_of(*saved)));
    KERF_TRY(c.emit("nest.posted", {{"id", saved->id},
                                    {"version", saved->version},
                                    {"program_name", saved->program_name},
                                    {"work_center_id", id_or_null(saved->work_center_id)},
                                    {"job_ids", job_ids_of(*saved)},
                                    {"reposted", repost}}));
    return saved;
  });
}

Result<model::Nest> NestService::set_state(const Principal& who, const std::string& program_name,
                                           model::NestState state, int64_t cut_seconds_actual) {
  KERF_TRY(authorize(who, Permission::kWriteNests));
  model::FieldErrors errors;
  model::check_code(errors, "program_name", program_name);
  if (cut_seconds_actual < 0) errors.add("cut_seconds_actual", "must not be negative");
  if (state == NestState::kCut) errors.add("state", "a program is cut with cut_program");
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<model::Nest> {
    auto before = load_program(c.tx(), program_name);
    if (!before.ok()) return before.error();
    return change_nest_state(c, *before, state, cut_seconds_actual, NestOrigin::kSigmanest);
  });
}

Result<model::Nest> change_nest_state(Change& c, const model::Nest& before, NestState state,
                                      int64_t cut_seconds_actual, NestOrigin origin) {
  if (before.state == state &&
      (cut_seconds_actual == 0 || cut_seconds_actual == before.cut_seconds_actual)) {
    return before;  // already there: nothing to write
  }
  const bool allowed = before.state == state ||
                       (state == NestState::kStarted && (before.state == NestState::kPosted ||
                                                         before.state == NestState::kStopped)) ||
                       (state == NestState::kStopped && before.state == NestState::kStarted);
  if (!allowed) {
    return Error::precondition("program " + before.program_name + " is " +
                               std::string(model::to_string(before.state)) + "; it cannot be " +
                               std::string(model::to_string(state)));
  }
  Nest after = before;
  after.state = state;
  if (cut_seconds_actual > 0) after.cut_seconds_actual = cut_seconds_actual;
  auto saved = store::update_nest(c.tx(), after);
  if (!saved.ok()) return saved.error();
  auto machine = machine_of(c.tx(), *saved);
  if (!machine.ok()) return machine.error();
  KERF_TRY(c.audit("nest", saved->id, "state", json_of(before), json_of(*saved)));
  KERF_TRY(c.emit("nest.state", {{"id", saved->id},
                                 {"version", saved->version},
                                 {"program_name", saved->program_name},
                                 {"state", model::to_string(saved->state)},
                                 {"cut_seconds_actual", saved->cut_seconds_actual},
                                 {"machine", *machine},
                                 {"origin", to_string(origin)}}));
  return saved;
}

Result<CutResult> NestService::cut_program(const Principal& who, const CutProgramInput& input) {
  KERF_TRY(authorize(who, Permission::kWriteNests));
  model::FieldErrors errors;
  model::check_code(errors, "program_name", input.program_name);
  if (input.cut_seconds_actual < 0) errors.add("cut_seconds_actual", "must not be negative");
  if (input.archive_packet_id < 0) errors.add("archive_packet_id", "must not be negative");
  for (std::size_t i = 0; i < input.parts_good.size(); ++i) {
    const auto& p = input.parts_good[i];
    if (p.job_id <= 0) errors.add(indexed("parts_good", i, "job_id"), "is required");
    if (p.part_id <= 0) errors.add(indexed("parts_good", i, "part_id"), "is required");
    if (p.qty < 0) errors.add(indexed("parts_good", i, "qty"), "must not be negative");
  }
  check_remnants(errors, input.remnants);
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<CutResult> {
    auto before = load_program(c.tx(), input.program_name);
    if (!before.ok()) return before.error();
    return cut_nest(c, *before, input, NestOrigin::kSigmanest);
  });
}

Result<CutResult> cut_nest(Change& c, const model::Nest& before, const CutProgramInput& input,
                           NestOrigin origin) {
  if (before.state == NestState::kCut) {
    return Error::precondition("program " + before.program_name + " was already cut");
  }
  auto sheet = repo::get<model::SheetStock>(c.tx(), before.sheet_id);
  if (!sheet.ok()) return sheet.error();

  // The jobs (in the program's order) and the good pieces per (job, part).
  model::FieldErrors refs;
  std::vector<int64_t> job_order;
  std::map<int64_t, model::Job> jobs;
  for (std::size_t i = 0; i < before.parts.size(); ++i) {
    const auto& p = before.parts[i];
    if (jobs.count(p.job_id) != 0) continue;
    auto job = repo::get<model::Job>(c.tx(), p.job_id);
    if (!job.ok()) return job.error();
    if (job->status != JobStatus::kReleased && job->status != JobStatus::kInProgress) {
      refs.add(indexed("parts", i, "job_id"),
               "job " + job->number + " is " + std::string(model::to_string(job->status)) +
                   "; a program is cut only for released or in-progress jobs");
    }
    job_order.push_back(job->id);
    jobs.emplace(job->id, *job);
  }
  std::map<std::pair<int64_t, int64_t>, int64_t> good;
  if (input.parts_good.empty()) {
    for (const auto& p : before.parts) good[{p.job_id, p.part_id}] = p.qty;
  } else {
    for (std::size_t i = 0; i < input.parts_good.size(); ++i) {
      const auto& g = input.parts_good[i];
      bool on_program = std::any_of(before.parts.begin(), before.parts.end(), [&](auto& p) {
        return p.job_id == g.job_id && p.part_id == g.part_id;
      });
      if (!on_program) {
        refs.add(indexed("parts_good", i, "part_id"),
                 "job and part are not on program " + before.program_name);
        continue;
      }
      good[{g.job_id, g.part_id}] += g.qty;
    }
  }
  if (sheet->quantity < before.repeat) {
    refs.add("sheet_id", "sheet stock " + std::to_string(sheet->id) + " holds " +
                             std::to_string(sheet->quantity) + " sheet(s); program " +
                             before.program_name + " cut " + std::to_string(before.repeat));
  }
  if (!refs.empty()) return refs.status().error();

  // Sheets: `repeat` sheets leave stock once; every job on the program is traced to them.
  auto on_hand_before = full_sheets_on_hand(c, *sheet);
  if (!on_hand_before.ok()) return on_hand_before.error();
  auto taken = take_sheets(c, *sheet, before.repeat);
  if (!taken.ok()) return taken.error();
  const nlohmann::json facts = {{"nest_id", before.id}, {"program_name", before.program_name}};
  auto shares = job_sheet_shares(c.tx(), before);
  if (!shares.ok()) return shares.error();
  for (int64_t job_id : job_order) {
    std::optional<model::Operation> op;
    for (const auto& p : before.parts) {
      if (p.job_id != job_id || p.operation_id == 0) continue;
      auto o = repo::get<model::Operation>(c.tx(), p.operation_id);
      if (!o.ok()) return o.error();
      op = *o;
      break;
    }
    auto record = record_consumption(c, *taken, jobs.at(job_id), op, before.repeat,
                                     shares->at(job_id), facts);
    if (!record.ok()) return record.error();
  }
  auto warned = warn_below_safety_stock(c, *taken, *on_hand_before, before.repeat);
  if (!warned.ok()) return warned.error();

  // Pieces of each job's own part go onto its laser operation.
  CutResult result;
  for (const auto& p : before.parts) {
    model::Job& job = jobs.at(p.job_id);
    const int64_t pieces = good[{p.job_id, p.part_id}];
    if (p.operation_id == 0 || p.part_id != job.part_id || pieces <= 0) continue;
    auto op = repo::get<model::Operation>(c.tx(), p.operation_id);
    if (!op.ok()) return op.error();
    auto completed = add_cut_pieces(c, before, *op, job, pieces);
    if (!completed.ok()) return completed.error();
    if (*completed) result.completed_operation_ids.push_back(op->id);
  }

  // Remnants into stock, from the same heat lot. Sigmanest reports them; an operator's done in
  // kerf leaves them to Sigmanest's report of the cut (record_remnants).
  auto remnants = add_remnants(c, before, *taken, input.remnants);
  if (!remnants.ok()) return remnants.error();
  result.remnant_sheet_ids = std::move(*remnants);

  Nest after = before;
  after.state = NestState::kCut;
  after.remnants_reported = origin == NestOrigin::kSigmanest;
  after.cut_at = c.now();
  if (input.cut_seconds_actual > 0) after.cut_seconds_actual = input.cut_seconds_actual;
  if (input.archive_packet_id > 0) after.archive_packet_id = input.archive_packet_id;
  auto saved = store::update_nest(c.tx(), after);
  if (!saved.ok()) return saved.error();
  nlohmann::json after_json = json_of(*saved);
  after_json["remnant_ids"] = result.remnant_sheet_ids;
  after_json["completed_operation_ids"] = result.completed_operation_ids;
  KERF_TRY(c.audit("nest", saved->id, "cut", json_of(before), after_json));
  KERF_TRY(c.emit("nest.cut", {{"id", saved->id},
                               {"version", saved->version},
                               {"program_name", saved->program_name},
                               {"sheet_id", saved->sheet_id},
                               {"sheets", saved->repeat},
                               {"heat_lot_id", taken->heat_lot_id},
                               {"job_ids", job_ids_of(*saved)},
                               {"remnant_ids", result.remnant_sheet_ids},
                               {"completed_operation_ids", result.completed_operation_ids},
                               {"cut_seconds_actual", saved->cut_seconds_actual},
                               {"origin", to_string(origin)}}));
  result.nest = *saved;
  result.heat_lot_id = taken->heat_lot_id;
  return result;
}

Status NestService::delete_program(const Principal& who, const std::string& program_name) {
  KERF_TRY(authorize(who, Permission::kWriteNests));
  model::FieldErrors errors;
  model::check_code(errors, "program_name", program_name);
  if (!errors.empty()) return errors.status();
  return changes_.run(who, [&](Change& c) -> Status {
    auto before = load_program(c.tx(), program_name);
    if (!before.ok()) return before.error();
    return delete_posted_nest(c, *before, NestOrigin::kSigmanest);
  });
}

Status delete_posted_nest(Change& c, const model::Nest& before, NestOrigin origin) {
  if (before.state == NestState::kStarted || before.state == NestState::kCut) {
    return Error::precondition("program " + before.program_name + " is " +
                               std::string(model::to_string(before.state)) +
                               "; only posted or stopped programs can be deleted");
  }
  KERF_TRY(store::delete_nest(c.tx(), before.id, before.version));
  KERF_TRY(c.audit("nest", before.id, "delete", json_of(before), nullptr));
  KERF_TRY(c.emit("nest.deleted", {{"id", before.id},
                                   {"program_name", before.program_name},
                                   {"job_ids", job_ids_of(before)},
                                   {"origin", to_string(origin)}}));
  return ok_status();
}

}  // namespace kerf::app
