// Demo shop floor on top of seed_demo: station badges for the demo operators and a few sheet
// consumptions, so the operator terminal and material traceability have something to show.
#include <algorithm>

#include "app/repo.h"
#include "app/util.h"
#include "kerf/app/entity_json.h"
#include "kerf/app/seed.h"
#include "kerf/app/services.h"

namespace kerf::app {
namespace {

using model::OperationStatus;

struct ExtraOperator {
  const char* username;
  const char* display_name;
};

// Operators of the demo who exist only for the station terminal.
constexpr ExtraOperator kExtraOperators[] = {
    {"op.ana", "Ana Station"}, {"op.ben", "Ben Station"}, {"op.cem", "Cem Station"}};

// Creates the extra demo operators (password kDemoPassword), skipping existing usernames.
Status add_extra_operators(Services& services) {
  auto hash = hash_password(kDemoPassword, services.options().auth.password);
  if (!hash.ok()) return hash.error();
  return services.changes().run(system_principal(), [&](Change& c) -> Status {
    for (const auto& x : kExtraOperators) {
      auto existing = repo::find_user(c.tx(), x.username);
      if (!existing.ok()) return existing.error();
      if (existing->has_value()) continue;
      model::User u;
      u.username = x.username;
      u.display_name = x.display_name;
      u.roles = {model::Role::kOperator};
      u.active = true;
      auto created = repo::insert_user(c.tx(), u, *hash);
      if (!created.ok()) return created.error();
      KERF_TRY(c.audit("user", created->id, "create", nullptr, json_of(*created)));
    }
    return ok_status();
  });
}

// The user `username` as a principal (for consumptions recorded "by" a demo operator).
Result<Principal> principal_of(Services& services, const std::string& username) {
  auto found = services.db().read([&](store::Tx& tx) { return repo::find_user(tx, username); });
  if (!found.ok()) return found.error();
  if (!found->has_value()) return Error::not_found("user " + username + " not found");
  const auto& u = (*found)->user;
  Principal p;
  p.user_id = u.id;
  p.username = u.username;
  p.roles = u.roles;
  return p;
}

// Consumes one sheet (through the consume use case) for up to `max_jobs` running or released
// jobs whose cutting operation is done or under way, from stock of the part's material/gauge.
Status add_consumptions(Services& services, const Principal& who, int max_jobs) {
  struct Pick {
    int64_t job_id;
    int64_t operation_id;
    int64_t sheet_id;
  };
  auto picks = services.db().read([&](store::Tx& tx) -> Result<std::vector<Pick>> {
    std::vector<Pick> out;
    store::ListQuery q;
    q.limit = 1000;
    auto jobs = repo::list<model::Job>(tx, q);
    if (!jobs.ok()) return jobs.error();
    std::vector<int64_t> used_sheets;
    for (const auto& job : jobs->items) {
      if (static_cast<int>(out.size()) >= max_jobs) break;
      if (job.status != model::JobStatus::kInProgress &&
          job.status != model::JobStatus::kReleased) {
        continue;
      }
      auto ops = repo::operations_of_job(tx, job.id);
      if (!ops.ok()) return ops.error();
      auto cut = std::find_if(ops->begin(), ops->end(), [](const model::Operation& o) {
        return o.department == model::Department::kLaser ||
               o.department == model::Department::kPunch;
      });
      if (cut == ops->end()) continue;
      if (cut->status != OperationStatus::kComplete && cut->status != OperationStatus::kRunning &&
          cut->status != OperationStatus::kPaused) {
        continue;
      }
      auto part = repo::get<model::Part>(tx, job.part_id);
      if (!part.ok()) return part.error();
      store::ListQuery sq;
      sq.filters["material"] = std::string(model::to_string(part->material));
      sq.filters["is_remnant"] = false;
      sq.limit = 1000;
      auto sheets = repo::list<model::SheetStock>(tx, sq);
      if (!sheets.ok()) return sheets.error();
      for (const auto& sheet : sheets->items) {
        if (sheet.thickness_mm != part->thickness_mm || sheet.quantity < 2) continue;
        if (std::count(used_sheets.begin(), used_sheets.end(), sheet.id) > 0) continue;
        used_sheets.push_back(sheet.id);
        out.push_back({job.id, cut->id, sheet.id});
        break;
      }
    }
    return out;
  });
  if (!picks.ok()) return picks.error();
  for (const auto& p : *picks) {
    ConsumeSheetsInput in;
    in.sheet_id = p.sheet_id;
    in.job_id = p.job_id;
    in.quantity = 1;
    in.operation_id = p.operation_id;
    auto consumed = services.materials().consume(who, in);
    if (!consumed.ok()) return consumed.error();
  }
  return ok_status();
}

}  // namespace

Status seed_demo_floor(Services& services) {
  KERF_TRY(add_extra_operators(services));
  for (const auto& b : kDemoBadges) {
    auto user = principal_of(services, b.username);
    if (!user.ok()) return user.error();
    KERF_TRY(services.auth().set_badge(system_principal(), user->user_id, b.badge, b.pin));
  }
  auto op = principal_of(services, "operator");
  if (!op.ok()) return op.error();
  return add_consumptions(services, *op, 6);
}

}  // namespace kerf::app
