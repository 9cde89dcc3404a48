#include "cli/demo_agents.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <vector>

#include "kerf/app/job_service.h"
#include "kerf/app/master_data_service.h"
#include "kerf/app/material_service.h"
#include "kerf/app/principal.h"
#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/model/customer.h"
#include "kerf/model/inventory.h"
#include "kerf/model/work_center.h"

namespace kerf::cli {
namespace {

using std::chrono::hours;

constexpr int64_t kOverloadJobs = 3;  // jobs added to the overloaded department
// Hours of that department's work added per eligible work center, over the added jobs (due at
// the end of the current plant week): more than a two-shift week (80 h), so the week needs
// overtime whatever day the demo starts.
constexpr int64_t kOverloadHoursPerWorkCenter = 120;

std::vector<app::OperationInput> operations_of(const app::JobDetail& d) {
  std::vector<app::OperationInput> ops;
  for (const auto& o : d.operations) {
    app::OperationInput in;
    in.sequence = o.sequence;
    in.name = o.name;
    in.process = o.process;
    in.department = o.department;
    in.eligible_work_center_ids = o.eligible_work_center_ids;
    in.setup_seconds = o.setup_seconds;
    in.run_seconds_per_piece = o.run_seconds_per_piece;
    in.transfer_seconds = o.transfer_seconds;
    in.overlap_allowed = o.overlap_allowed;
    in.overlap_pieces = o.overlap_allowed ? std::max<int64_t>(o.overlap_pieces, 1) : 0;
    in.setup_family = o.setup_family;
    ops.push_back(std::move(in));
  }
  return ops;
}

// Planned jobs of the seeded shop with their routings (the templates of the demo's jobs), by id.
Result<std::vector<app::JobDetail>> planned_jobs(app::Services& s, const app::Principal& who) {
  store::ListQuery q;
  q.filters["status"] = std::string(model::to_string(model::JobStatus::kPlanned));
  q.limit = 200;
  auto page = s.jobs().list(who, q);
  if (!page.ok()) return page.error();
  std::vector<app::JobDetail> out;
  for (const auto& j : page->items) {
    auto d = s.jobs().get(who, j.id);
    if (!d.ok()) return d.error();
    if (d->operations.empty()) continue;
    out.push_back(std::move(*d));
  }
  if (out.empty()) return Error::precondition("no planned job with a routing");
  return out;
}

Result<model::Job> create_released(app::Services& s, const app::Principal& who,
                                   app::JobInput input) {
  auto created = s.jobs().create(who, input);
  if (!created.ok()) return created.error();
  return s.jobs().release(who, created->job.id);
}

// A free job number with `prefix` ("R-1", "R-2"...).
Result<std::string> free_number(app::Services& s, const app::Principal& who,
                                const std::string& prefix) {
  for (int i = 1; i < 1000; ++i) {
    std::string number = prefix + std::to_string(i);
    store::ListQuery q;
    q.search = number;
    q.limit = 1000;
    auto page = s.jobs().list(who, q);
    if (!page.ok()) return page.error();
    bool used = std::any_of(page->items.begin(), page->items.end(),
                            [&](const model::Job& j) { return j.number == number; });
    if (!used) return number;
  }
  return Error::precondition("no free job number for " + prefix);
}

// Sheets of a better grade received at the dock in the demo's low-stock story.
constexpr int64_t kSubstituteDeliverySheets = 150;

// Sheets (full, not remnants) consumed against `job_id` until the first material/thickness with
// a safety level (and a better grade of its family) falls below it, after a delivery of that
// better grade. Returns the material label and the sheets consumed.
Result<std::pair<std::string, int64_t>> drain_below_safety(app::Services& s,
                                                           const app::Principal& who,
                                                           int64_t job_id) {
  store::ListQuery lq;
  lq.limit = 1000;
  auto levels = s.master_data().list<model::SafetyStock>(who, lq);
  if (!levels.ok()) return levels.error();
  for (const auto& level : levels->items) {
    if (level.minimum_qty <= 0) continue;
    // Only a grade with a better grade of its family (304 -> 316, mild steel -> galvanised):
    // the material agent then has a substitution to propose.
    std::optional<model::Material> substitute;
    if (level.material == model::Material::kStainless304)
      substitute = model::Material::kStainless316;
    if (level.material == model::Material::kMildSteel) substitute = model::Material::kGalvanised;
    if (!substitute) continue;
    store::ListQuery sq;
    sq.filters["material"] = std::string(model::to_string(level.material));
    sq.filters["is_remnant"] = false;
    sq.limit = 1000;
    auto sheets = s.materials().list_sheets(who, sq);
    if (!sheets.ok()) return sheets.error();
    std::vector<model::SheetStock> matching;
    int64_t total = 0;
    for (const auto& sh : sheets->items) {
      if (std::abs(sh.thickness_mm - level.thickness_mm) > 1e-6 || sh.quantity <= 0) continue;
      matching.push_back(sh);
      total += sh.quantity;
    }
    if (total < level.minimum_qty || matching.empty()) continue;  // no crossing to show
    // A delivery of the substitute grade, enough to cover the short grade's demand.
    app::ReceiveSheetsInput delivery;
    delivery.material = *substitute;
    delivery.thickness_mm = level.thickness_mm;
    delivery.length_mm = matching.front().length_mm;
    delivery.width_mm = matching.front().width_mm;
    delivery.quantity = kSubstituteDeliverySheets;
    delivery.location = "DOCK";
    delivery.heat_number = "DEMO-SUB-" + std::string(model::to_string(*substitute));
    delivery.mill_cert_ref = "MC-DEMO-SUB";
    delivery.supplier = "Demo Steel";
    if (auto r = s.materials().receive(who, delivery); !r.ok()) return r.error();
    int64_t to_consume = total - level.minimum_qty + 1;
    int64_t consumed = 0;
    for (const auto& sh : matching) {
      if (to_consume <= 0) break;
      app::ConsumeSheetsInput in;
      in.sheet_id = sh.id;
      in.job_id = job_id;
      in.quantity = std::min(sh.quantity, to_consume);
      auto r = s.materials().consume(who, in);
      if (!r.ok()) return r.error();
      to_consume -= in.quantity;
      consumed += in.quantity;
    }
    char label[64];
    std::snprintf(label, sizeof label, "%s %.1f mm",
                  std::string(model::to_string(level.material)).c_str(), level.thickness_mm);
    return std::make_pair(std::string(label), consumed);
  }
  return std::make_pair(std::string(), int64_t{0});
}

}  // namespace

Result<DemoAgentTriggers> trigger_demo_agents(app::Services& services) {
  const auto who = app::system_principal();
  const TimePoint now = services.env().now();
  DemoAgentTriggers out;
  auto templates = planned_jobs(services, who);
  if (!templates.ok()) return templates.error();

  // The rush job: a non-VIP customer's, priority 1, due in two days.
  store::ListQuery cq;
  cq.limit = 1000;
  auto customers = services.master_data().list<model::Customer>(who, cq);
  if (!customers.ok()) return customers.error();
  auto regular = std::find_if(customers->items.begin(), customers->items.end(),
                              [](const model::Customer& c) { return !c.vip; });
  if (regular == customers->items.end()) {
    return Error::precondition("no non-VIP customer");
  }
  const app::JobDetail& rush_template = templates->front();
  auto rush_number = free_number(services, who, "R-");
  if (!rush_number.ok()) return rush_number.error();
  app::JobInput rush;
  rush.number = *rush_number;
  rush.part_id = rush_template.job.part_id;
  rush.customer_id = regular->id;
  // Large enough to take its machines for a while: its plan moves several other jobs.
  rush.quantity = std::max<int64_t>(rush_template.job.quantity * 10, 200);
  rush.due = now + hours(48);
  rush.priority = 1;
  rush.operations = operations_of(rush_template);
  auto rush_job = create_released(services, who, rush);
  if (!rush_job.ok()) return rush_job.error();
  out.rush_job = rush_job->number;

  // Overload: the department of the template's longest operation, whose eligible work
  // centers get kOverloadHoursPerWorkCenter hours more each, due within the current plant
  // week (the capacity forecast counts overdue and soon-due work in week 0).
  const app::JobDetail& load_template = templates->size() > 1 ? (*templates)[1] : rush_template;
  auto longest = std::max_element(load_template.operations.begin(), load_template.operations.end(),
                                  [](const model::Operation& a, const model::Operation& b) {
                                    return a.run_seconds_per_piece < b.run_seconds_per_piece;
                                  });
  out.overloaded_department = std::string(model::to_string(longest->department));
  // Due at the end of the current plant week (at least 6 h ahead): the week's forecast counts
  // them, while the plan still serves the jobs due sooner first instead of making them late.
  auto zone = services.db().read([](store::Tx& tx) { return app::scheduling::plant_zone(tx); });
  if (!zone.ok()) return zone.error();
  const auto today = zone->local_day(now);
  const auto next_monday =
      today + std::chrono::days(8 - static_cast<int>(std::chrono::weekday{today}.iso_encoding()));
  const TimePoint overload_due =
      std::max(now + hours(6), zone->start_of_day(next_monday) - hours(1));
  for (int64_t i = 0; i < kOverloadJobs; ++i) {
    auto number = free_number(services, who, "OT-");
    if (!number.ok()) return number.error();
    app::JobInput in;
    in.number = *number;
    in.part_id = load_template.job.part_id;
    in.customer_id = load_template.job.customer_id;
    in.due = overload_due;
    in.priority = 3;
    in.operations = operations_of(load_template);
    const int64_t per_piece = std::max<int64_t>(longest->run_seconds_per_piece, 60);
    const auto centers = static_cast<int64_t>(longest->eligible_work_center_ids.size());
    const int64_t hours_each = kOverloadHoursPerWorkCenter * centers / kOverloadJobs + 1;
    in.quantity = std::clamp<int64_t>(hours_each * 3600 / per_piece, 1, 100000);
    // Only the overloaded department gets the extra hours: the job's other operations keep the
    // template job's total time, so no other department is flooded.
    const int64_t template_qty = std::max<int64_t>(load_template.job.quantity, 1);
    for (auto& op : in.operations) {
      if (op.sequence == longest->sequence) {
        op.run_seconds_per_piece = per_piece;
      } else {
        op.run_seconds_per_piece =
            std::max<int64_t>(1, op.run_seconds_per_piece * template_qty / in.quantity);
      }
      if (op.overlap_allowed) op.overlap_pieces = std::min(op.overlap_pieces, in.quantity);
    }
    auto job = create_released(services, who, in);
    if (!job.ok()) return job.error();
    ++out.overload_jobs;
  }

  // Low stock: sheets consumed against the rush job.
  auto drained = drain_below_safety(services, who, rush_job->id);
  if (!drained.ok()) return drained.error();
  out.low_material = drained->first;
  out.sheets_consumed = drained->second;
  return out;
}

}  // namespace kerf::cli
