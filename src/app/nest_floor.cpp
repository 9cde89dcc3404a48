// The operator actions on a program of the laser queue: start, stop, done, reject pieces of a
// part, delete. They reuse the Sigmanest use cases' steps (nest_rules.h) with origin kerf, so
// the sync sends them to Sigmanest (docs/sigmanest_outbound.md). docs/nests.md has the rules.
#include <algorithm>

#include "app/nest_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/permissions.h"
#include "kerf/model/validation.h"
#include "kerf/store/nest_repo.h"

namespace kerf::app {
namespace {

using model::Nest;
using model::NestState;

constexpr std::size_t kMaxReasonLength = 200;

Status check_cut_seconds(int64_t cut_seconds) {
  if (cut_seconds < 0) return Error::invalid("cut_seconds", "must not be negative");
  return ok_status();
}

std::string state_text(const Nest& n) { return std::string(model::to_string(n.state)); }

// kFailedPrecondition "program <name> is <state>; <what>".
Error refused(const Nest& n, const std::string& what) {
  return Error::precondition("program " + n.program_name + " is " + state_text(n) + "; " + what);
}

}  // namespace

Result<model::Nest> NestService::start_program(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kOperateNests));
  return changes_.run(who, [&](Change& c) -> Result<Nest> {
    auto before = store::get_nest(c.tx(), id);
    if (!before.ok()) return before.error();
    if (before->state != NestState::kPosted && before->state != NestState::kStopped) {
      return refused(*before, "only posted or stopped programs can be started");
    }
    return change_nest_state(c, *before, NestState::kStarted, 0, NestOrigin::kKerf);
  });
}

Result<model::Nest> NestService::stop_program(const Principal& who, int64_t id,
                                              int64_t cut_seconds) {
  KERF_TRY(authorize(who, Permission::kOperateNests));
  KERF_TRY(check_cut_seconds(cut_seconds));
  return changes_.run(who, [&](Change& c) -> Result<Nest> {
    auto before = store::get_nest(c.tx(), id);
    if (!before.ok()) return before.error();
    if (before->state != NestState::kStarted) {
      return refused(*before, "only a started program can be stopped");
    }
    return change_nest_state(c, *before, NestState::kStopped, cut_seconds, NestOrigin::kKerf);
  });
}

Result<CutResult> NestService::finish_program(const Principal& who, int64_t id,
                                              int64_t cut_seconds) {
  KERF_TRY(authorize(who, Permission::kOperateNests));
  KERF_TRY(check_cut_seconds(cut_seconds));
  return changes_.run(who, [&](Change& c) -> Result<CutResult> {
    auto before = store::get_nest(c.tx(), id);
    if (!before.ok()) return before.error();
    if (before->state != NestState::kStarted && before->state != NestState::kStopped) {
      return refused(*before, "only a started or stopped program can be done");
    }
    CutProgramInput input;
    input.program_name = before->program_name;
    input.cut_seconds_actual = cut_seconds;
    return cut_nest(c, *before, input, NestOrigin::kKerf);
  });
}

Result<model::Nest> NestService::reject_part(const Principal& who, int64_t id,
                                             const RejectPartInput& input) {
  KERF_TRY(authorize(who, Permission::kOperateNests));
  model::FieldErrors errors;
  if (input.part_id <= 0) errors.add("part_id", "is required");
  if (input.job_id < 0) errors.add("job_id", "must not be negative");
  if (input.pieces < 1) errors.add("pieces", "must be at least 1");
  if (input.reason.empty()) errors.add("reason", "is required");
  if (input.reason.size() > kMaxReasonLength) {
    errors.add("reason", "must be at most " + std::to_string(kMaxReasonLength) + " characters");
  }
  if (!errors.empty()) return errors.status().error();

  return changes_.run(who, [&](Change& c) -> Result<Nest> {
    auto before = store::get_nest(c.tx(), id);
    if (!before.ok()) return before.error();
    if (before->state == NestState::kCut) {
      return refused(*before, "the parts of a cut program cannot be rejected");
    }
    std::vector<std::size_t> lines;
    for (std::size_t i = 0; i < before->parts.size(); ++i) {
      const auto& p = before->parts[i];
      if (p.part_id == input.part_id && (input.job_id == 0 || p.job_id == input.job_id)) {
        lines.push_back(i);
      }
    }
    if (lines.empty()) {
      return Error::invalid(
          input.job_id == 0 ? "part_id" : "job_id",
          "part " + std::to_string(input.part_id) +
              (input.job_id == 0 ? "" : " of job " + std::to_string(input.job_id)) +
              " is not on program " + before->program_name);
    }
    if (lines.size() > 1) {
      return Error::invalid("job_id", "is required: part " + std::to_string(input.part_id) +
                                          " is on program " + before->program_name +
                                          " for several jobs");
    }
    Nest after = *before;
    model::NestPart& line = after.parts[lines.front()];
    if (input.pieces > line.qty) {
      return Error::invalid("pieces", "must be 1.." + std::to_string(line.qty) +
                                          " (the program's pieces of that part)");
    }
    if (after.parts.size() == 1 && input.pieces == line.qty) {
      return Error::invalid("pieces", "would leave program " + before->program_name +
                                          " without parts; delete the program instead");
    }
    const model::NestPart rejected = line;
    line.qty -= input.pieces;
    if (line.qty == 0) after.parts.erase(after.parts.begin() + static_cast<long>(lines.front()));
    auto part = repo::get<model::Part>(c.tx(), rejected.part_id);
    if (!part.ok()) return part.error();
    auto saved = store::update_nest(c.tx(), after);
    if (!saved.ok()) return saved.error();
    nlohmann::json facts = {
        {"job_id", rejected.job_id},   {"part_id", rejected.part_id},
        {"part_number", part->number}, {"pieces", input.pieces},
        {"reason", input.reason},      {"origin", to_string(NestOrigin::kKerf)}};
    nlohmann::json after_json = json_of(*saved);
    after_json["rejected"] = facts;
    KERF_TRY(c.audit("nest", saved->id, "reject_part", json_of(*before), after_json));
    nlohmann::json event = facts;
    event["id"] = saved->id;
    event["version"] = saved->version;
    event["program_name"] = saved->program_name;
    event["sheet_id"] = saved->sheet_id;
    KERF_TRY(c.emit("nest.part_rejected", event));
    return saved;
  });
}

Status NestService::remove_program(const Principal& who, int64_t id) {
  KERF_TRY(authorize(who, Permission::kOperateNests));
  return changes_.run(who, [&](Change& c) -> Status {
    auto before = store::get_nest(c.tx(), id);
    if (!before.ok()) return before.error();
    return delete_posted_nest(c, *before, NestOrigin::kKerf);
  });
}

}  // namespace kerf::app
