// NestService::record_remnants and the remnant steps a Sigmanest cut shares with it: Sigmanest's
// offcuts of a program into sheet stock (docs/nests.md).
#include <algorithm>

#include "app/nest_rules.h"
#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/change.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/nest_service.h"
#include "kerf/app/permissions.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/sigmanest_repo.h"

namespace kerf::app {

using model::Nest;
using model::NestState;

Result<std::vector<int64_t>> add_remnants(Change& c, const model::Nest& nest,
                                          const model::SheetStock& parent,
                                          const std::vector<RemnantInput>& remnants) {
  std::vector<int64_t> ids;
  for (const auto& r : remnants) {
    model::SheetStock remnant;
    remnant.material = parent.material;
    remnant.thickness_mm = parent.thickness_mm;
    remnant.length_mm = std::max(r.length_mm, r.width_mm);
    remnant.width_mm = std::min(r.length_mm, r.width_mm);
    remnant.quantity = 1;
    remnant.location = r.location.empty() ? parent.location : r.location;
    remnant.heat_lot_id = parent.heat_lot_id;
    remnant.is_remnant = true;
    remnant.parent_sheet_id = parent.id;
    auto saved = repo::insert(c.tx(), remnant);
    if (!saved.ok()) return saved.error();
    nlohmann::json after = json_of(*saved);
    after["nest_id"] = nest.id;
    after["program_name"] = nest.program_name;
    if (!r.name.empty()) {
      after["sigmanest_name"] = r.name;
      KERF_TRY(store::put_sigmanest_remnant(c.tx(), r.name, saved->id, c.now()));
    }
    KERF_TRY(c.audit("sheet", saved->id, "remnant", nullptr, after));
    ids.push_back(saved->id);
  }
  return ids;
}

void check_remnants(model::FieldErrors& errors, const std::vector<RemnantInput>& remnants) {
  for (std::size_t i = 0; i < remnants.size(); ++i) {
    const auto& r = remnants[i];
    if (!(r.length_mm > 0 && r.length_mm <= 10000)) {
      errors.add(indexed("remnants", i, "length_mm"), "must be > 0 and <= 10000");
    }
    if (!(r.width_mm > 0 && r.width_mm <= 10000)) {
      errors.add(indexed("remnants", i, "width_mm"), "must be > 0 and <= 10000");
    }
    if (r.location.size() > 100) {
      errors.add(indexed("remnants", i, "location"), "must be at most 100 characters");
    }
    if (r.name.size() > 50) {
      errors.add(indexed("remnants", i, "name"), "must be at most 50 characters");
    } else if (!r.name.empty() && std::any_of(remnants.begin(), remnants.begin() + i,
                                              [&](const auto& o) { return o.name == r.name; })) {
      errors.add(indexed("remnants", i, "name"), "is the name of another remnant of this cut");
    }
  }
}

Result<std::vector<int64_t>> NestService::record_remnants(
    const Principal& who, const std::string& program_name,
    const std::vector<RemnantInput>& remnants) {
  KERF_TRY(authorize(who, Permission::kWriteNests));
  model::FieldErrors errors;
  model::check_code(errors, "program_name", program_name);
  check_remnants(errors, remnants);
  if (!errors.empty()) return errors.status().error();
  return changes_.run(who, [&](Change& c) -> Result<std::vector<int64_t>> {
    auto before = load_program(c.tx(), program_name);
    if (!before.ok()) return before.error();
    if (before->state != NestState::kCut) {
      return Error::precondition("program " + program_name + " is not cut");
    }
    if (before->remnants_reported) return std::vector<int64_t>{};
    auto sheet = repo::get<model::SheetStock>(c.tx(), before->sheet_id);
    if (!sheet.ok()) return sheet.error();
    auto ids = add_remnants(c, *before, *sheet, remnants);
    if (!ids.ok()) return ids.error();
    Nest after = *before;
    after.remnants_reported = true;
    auto saved = store::update_nest(c.tx(), after);
    if (!saved.ok()) return saved.error();
    nlohmann::json after_json = json_of(*saved);
    after_json["remnant_ids"] = *ids;
    KERF_TRY(c.audit("nest", saved->id, "remnants", json_of(*before), after_json));
    KERF_TRY(c.emit("nest.remnants", {{"id", saved->id},
                                      {"version", saved->version},
                                      {"program_name", saved->program_name},
                                      {"sheet_id", saved->sheet_id},
                                      {"remnant_ids", *ids},
                                      {"origin", to_string(NestOrigin::kSigmanest)}}));
    return *ids;
  });
}

}  // namespace kerf::app
