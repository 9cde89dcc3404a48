// Open jobs of the demo shop with trade-typical routings (cut -> bend -> weld -> polish ->
// assemble -> ship, with variations) and shop-floor progress for released / started jobs.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "demo_context.h"

namespace kerf::sim::detail {

using namespace model;

namespace {

struct OpPlan {
  std::string name;
  Process process;
  int64_t setup = 0;
  int64_t run = 0;
  std::string family;
};

// Work-content calibration (seconds), chosen so that the order book loads every department at
// roughly 55-90 % of its working time over the three-week horizon (see rough_cut.h).
constexpr int64_t kHandling = 60;
constexpr int64_t kPanelPerBend = 6;
constexpr int64_t kBrakePerBend = 20;
constexpr int64_t kPolishBase = 60;
constexpr int64_t kPolishPerM2 = 250;
constexpr int64_t kShipSetup = 600;
constexpr int64_t kShipAssembly = 240;
constexpr int64_t kShipPiece = 15;

bool is_stainless(Material m) {
  return m == Material::kStainless304 || m == Material::kStainless316;
}

// Standard V-die opening for a gauge (about 8 x thickness).
std::string v_die(double t) {
  for (int v : {6, 8, 12, 16, 24, 35, 50}) {
    if (v >= t * 8) return "V" + std::to_string(v);
  }
  return "V50";
}

std::vector<OpPlan> plan_routing(Rng& rng, const Part& part, const PartInfo& info) {
  std::vector<OpPlan> ops;
  const double t = info.cut_thickness_mm;
  const std::string gauge = std::string(to_string(part.material)) + "/" + gauge_text(t);
  const std::string what = part.assembly ? " components" : "";
  const int64_t handling = part.assembly ? 3 : 1;  // assemblies: several blanks per set
  if (info.prefer_punch && t <= 3.0 && rng.chance(0.75)) {
    // Punching plus sheet loading and part break-out / sorting at the machine.
    ops.push_back({"Punch" + what, Process::kPunch, 1200 + rng.uniform(0, 900),
                   std::max<int64_t>(15, info.cut_seconds * 4 / 5) + kHandling * handling,
                   "punch:" + gauge});
  } else {
    // Cutting plus sheet loading and removing / sorting the parts from the skeleton.
    ops.push_back({"Laser cut" + what, Process::kLaserCut, 600 + rng.uniform(0, 300),
                   info.cut_seconds + kHandling * handling, "laser:" + gauge});
  }
  if (!part.assembly && t >= 3.0 && rng.chance(0.5)) {
    ops.push_back({"Deburr", Process::kGrind, 120, 20 + rng.uniform(0, 20), ""});
  }
  if (info.bends > 0) {
    double bend_length_m = info.cut_length_mm / 1000.0;
    if (info.panel_bend && t <= 3.0 && rng.chance(0.6)) {
      ops.push_back({"Panel bend" + what, Process::kPanelBend, 300 + rng.uniform(0, 300),
                     info.bends * kPanelPerBend + 20, "panel:" + gauge_text(t)});
    } else {
      // Per bend: position, gauge, bend, flip (longer parts handled by two people).
      int64_t per_bend = kBrakePerBend + static_cast<int64_t>(std::lround(bend_length_m * 6));
      ops.push_back({"Press brake" + what, Process::kBend, 900 + rng.uniform(0, 1200),
                     info.bends * per_bend + 30, "brake:" + v_die(t)});
    }
  }
  if (info.needs_weld) {
    const char* name = info.weld_process == Process::kTigWeld    ? "TIG weld"
                       : info.weld_process == Process::kMigWeld  ? "MIG weld"
                       : info.weld_process == Process::kSpotWeld ? "Spot weld"
                                                                 : "Stud weld";
    ops.push_back({name, info.weld_process, 600 + rng.uniform(0, 600), info.weld_seconds,
                   "fixture:" + info.family});
  }
  if (is_stainless(part.material) && info.visible_finish) {
    // Wide-belt graining line for flat panels plus hand finishing of welds and corners.
    ops.push_back(
        {"Polish No.4", Process::kPolish, 300,
         kPolishBase + static_cast<int64_t>(std::lround(info.polish_area_m2 * kPolishPerM2)),
         "grit:No4"});
  }
  if (info.assemble_seconds > 0) {
    ops.push_back({"Assemble", Process::kAssemble, 600, info.assemble_seconds, ""});
    ops.push_back({"Final inspection", Process::kInspect, 0, 300, ""});
  }
  // Palletise / crate: per job paperwork and labels, per piece wrapping.
  ops.push_back({"Pack and ship", Process::kShip, kShipSetup,
                 part.assembly ? kShipAssembly : kShipPiece, ""});
  return ops;
}

std::vector<int64_t> eligible(const DemoShop& shop, Process process, const Part& part,
                              const PartInfo& info) {
  const bool sheet_process = process == Process::kLaserCut || process == Process::kPunch ||
                             process == Process::kBend || process == Process::kPanelBend ||
                             process == Process::kGrind;
  std::vector<int64_t> ids;
  std::vector<int64_t> any;
  for (const WorkCenter& wc : shop.work_centers) {
    if (wc.capabilities.processes.count(process) == 0) continue;
    any.push_back(wc.id);
    bool fits = sheet_process ? wc.capabilities.accepts(part.material, info.cut_thickness_mm,
                                                        info.cut_length_mm, info.cut_width_mm)
                              : wc.capabilities.accepts(part.material, 0, 0, 0);
    if (fits) ids.push_back(wc.id);
  }
  return ids.empty() ? any : ids;
}

// Calendar days needed to finish `quantity` pieces through `plan` from now: chain work (nominal,
// with 15 % for slower machines) plus transfers, on 8-hour day shifts of which only 75 % is
// assumed available to this job, five days a week, plus one day.
int64_t min_days_to_due(const std::vector<OpPlan>& plan, int64_t quantity) {
  double seconds = 0;
  for (const OpPlan& p : plan) {
    seconds += static_cast<double>(p.setup + quantity * p.run) / 0.85 + 1800;
  }
  const double workdays = std::ceil(seconds / (0.75 * 8 * 3600));
  return 1 + static_cast<int64_t>(std::ceil(workdays * 7 / 5));
}

int32_t pick_priority(Rng& rng, bool vip) {
  if (vip) return static_cast<int32_t>(rng.uniform(1, 2));
  int64_t r = rng.uniform(0, 99);
  return r < 5 ? 1 : r < 20 ? 2 : r < 75 ? 3 : r < 90 ? 4 : 5;
}

JobStatus pick_status(Rng& rng, int64_t days_to_due) {
  int64_t r = rng.uniform(0, 99);
  if (days_to_due <= 5)
    return r < 45 ? JobStatus::kInProgress : r < 85 ? JobStatus::kReleased : JobStatus::kPlanned;
  if (days_to_due <= 10)
    return r < 15 ? JobStatus::kInProgress : r < 50 ? JobStatus::kReleased : JobStatus::kPlanned;
  return r < 15 ? JobStatus::kReleased : JobStatus::kPlanned;
}

// Marks the first operations of an in-progress job done and the next one running or paused;
// times run backwards from `now`.
void add_progress(Rng& rng, TimePoint now, const std::vector<int64_t>& operators,
                  std::vector<Operation>& ops, int64_t quantity, bool on_hold) {
  const std::size_t done =
      static_cast<std::size_t>(rng.uniform(0, static_cast<int64_t>(ops.size()) - 2));
  Operation& current = ops[done];
  TimePoint cursor = now - std::chrono::minutes(rng.uniform(10, 180));
  int64_t available = quantity;
  for (std::size_t j = 0; j < done; ++j) {
    int64_t scrap = rng.chance(0.25) ? rng.uniform(0, std::max<int64_t>(1, available / 20)) : 0;
    scrap = std::min(scrap, available - 1);
    ops[j].qty_scrap = scrap;
    ops[j].qty_good = available - scrap;
    available -= scrap;
  }
  const bool started = on_hold || rng.chance(done == 0 ? 1.0 : 0.75);
  if (started) {
    current.status =
        on_hold || rng.chance(0.15) ? OperationStatus::kPaused : OperationStatus::kRunning;
    current.started_at = cursor;
    current.operator_id = rng.pick(operators);
    current.qty_good = rng.uniform(0, std::max<int64_t>(0, available - 1));
  } else {
    current.status = OperationStatus::kReady;
  }
  for (std::size_t j = done; j-- > 0;) {
    Operation& op = ops[j];
    op.status = OperationStatus::kComplete;
    TimePoint completed = cursor - std::chrono::seconds(rng.uniform(600, 4 * 3600));
    int64_t seconds = std::max<int64_t>(60, op.nominal_seconds(op.qty_good + op.qty_scrap));
    op.completed_at = completed;
    op.started_at = completed - std::chrono::seconds(seconds);
    op.operator_id = rng.pick(operators);
    cursor = *op.started_at;
  }
}

}  // namespace

void add_jobs(Context& ctx) {
  Rng& rng = ctx.rng;
  DemoShop& shop = ctx.shop;
  std::vector<int64_t> assemblies, sheet_parts, operators;
  for (const Part& p : shop.parts) (p.assembly ? assemblies : sheet_parts).push_back(p.id);
  for (const User& u : shop.users) {
    if (u.active && u.has_role(Role::kOperator)) operators.push_back(u.id);
  }
  const TimePoint midnight = local_midnight(ctx.now);
  const int64_t count = rng.uniform(190, 210);
  for (int64_t n = 0; n < count; ++n) {
    Job job;
    job.id = n + 1;
    job.version = 1;
    char number[16];
    std::snprintf(number, sizeof number, "J-%05lld", static_cast<long long>(24001 + n));
    job.number = number;
    const bool assembly = rng.chance(0.4);
    job.part_id = rng.pick(assembly ? assemblies : sheet_parts);
    const Part& part = shop.parts[static_cast<std::size_t>(job.part_id - 1)];
    const PartInfo& info = ctx.part_info[static_cast<std::size_t>(job.part_id - 1)];
    if (assembly) {
      job.quantity = part.number.rfind("DS-", 0) == 0 ? rng.uniform(2, 40) : rng.uniform(1, 12);
    } else {
      job.quantity = rng.uniform(2, 40) * 5;
    }
    const Customer& customer = shop.customers[static_cast<std::size_t>(
        rng.uniform(0, static_cast<int64_t>(shop.customers.size()) - 1))];
    job.customer_id = customer.id;
    job.priority = pick_priority(rng, customer.vip);
    std::vector<OpPlan> plan = plan_routing(rng, part, info);
    // Due dates are feasible for the job's own chain: at least the chain worked back to back on
    // day shifts (with slack), and never more than three weeks out (big lots are split).
    int64_t min_days = min_days_to_due(plan, job.quantity);
    while (min_days > 21 && job.quantity > 1) {
      job.quantity = assembly ? std::max<int64_t>(1, job.quantity / 2)
                              : std::max<int64_t>(5, job.quantity / 2 / 5 * 5);
      min_days = min_days_to_due(plan, job.quantity);
    }
    const int64_t days_to_due = std::max(min_days, rng.uniform(1, 21));
    job.due = midnight + std::chrono::days(days_to_due) + std::chrono::hours(15);
    job.status = pick_status(rng, days_to_due);
    if (rng.chance(0.04)) {
      job.held_from = job.status;
      job.status = JobStatus::kOnHold;
    }

    std::vector<Operation> ops;
    for (std::size_t i = 0; i < plan.size(); ++i) {
      const OpPlan& p = plan[i];
      Operation op;
      op.id = static_cast<int64_t>(shop.operations.size() + ops.size()) + 1;
      op.version = 1;
      op.job_id = job.id;
      op.sequence = static_cast<int32_t>((i + 1) * 10);
      op.name = p.name;
      op.process = p.process;
      op.department = department_of(p.process);
      op.eligible_work_center_ids = eligible(shop, p.process, part, info);
      op.setup_seconds = p.setup;
      op.run_seconds_per_piece = p.run;
      op.setup_family = p.family;
      const bool last = i + 1 == plan.size();
      if (!last) {
        bool same_dept = department_of(plan[i + 1].process) == op.department;
        op.transfer_seconds = same_dept ? 300 : (i == 0 ? 900 : 1800);
        bool streamable = (p.process == Process::kLaserCut || p.process == Process::kPunch ||
                           p.process == Process::kBend || p.process == Process::kPanelBend);
        if (streamable && job.quantity >= 10) {
          op.overlap_allowed = true;
          op.overlap_pieces = std::min<int64_t>(job.quantity, rng.uniform(5, 10));
        }
      }
      ops.push_back(std::move(op));
    }
    JobStatus progress = job.status == JobStatus::kOnHold ? *job.held_from : job.status;
    if (progress == JobStatus::kReleased) {
      ops.front().status = OperationStatus::kReady;
    } else if (progress == JobStatus::kInProgress) {
      add_progress(rng, ctx.now, operators, ops, job.quantity, job.status == JobStatus::kOnHold);
    }
    for (Operation& op : ops) shop.operations.push_back(std::move(op));
    shop.jobs.push_back(std::move(job));
  }
}

}  // namespace kerf::sim::detail
