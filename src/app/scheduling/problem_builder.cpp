#include "kerf/app/scheduling/problem_builder.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <optional>
#include <set>

#include "app/scheduling/nest_batches.h"
#include "kerf/model/job.h"
#include "kerf/schedule/calendar.h"
#include "kerf/schedule/calendar_builder.h"
#include "kerf/schedule/setup.h"
#include "kerf/store/calendar_repo.h"
#include "kerf/store/customer_repo.h"
#include "kerf/store/job_repo.h"
#include "kerf/store/operation_repo.h"
#include "kerf/store/plant_repo.h"
#include "kerf/store/schedule_slot_repo.h"
#include "kerf/store/work_center_repo.h"

namespace kerf::app::scheduling {
namespace {

using schedule::Interval;
using schedule::kInfinity;
using schedule::kNoTime;
using schedule::Time;

constexpr int64_t kPageSize = 1000;

// Every row of a paged list (filters as given).
template <typename T, typename ListFn>
Result<std::vector<T>> list_all(store::Tx& tx, ListFn list, store::ListQuery query) {
  std::vector<T> out;
  query.limit = kPageSize;
  for (query.offset = 0;; query.offset += kPageSize) {
    auto page = list(tx, query);
    if (!page.ok()) return page.error();
    for (auto& item : page->items) out.push_back(std::move(item));
    if (static_cast<int64_t>(page->items.size()) < kPageSize) break;
  }
  return out;
}

bool is_down(const model::WorkCenter& wc) {
  return wc.status == model::WorkCenterStatus::kDown ||
         wc.status == model::WorkCenterStatus::kMaintenance;
}

schedule::LocalDate local_date(std::chrono::sys_days day) {
  std::chrono::year_month_day ymd(day);
  return {static_cast<int>(ymd.year()), static_cast<int>(static_cast<unsigned>(ymd.month())),
          static_cast<int>(static_cast<unsigned>(ymd.day()))};
}

int64_t ceil_div_double(double value) {
  if (value <= 0) return 0;
  return static_cast<int64_t>(std::ceil(value - 1e-9));
}

// Calendar of one machine: shift calendar (or 24/7) minus downtime, over `span`.
Result<schedule::Calendar> machine_calendar(const model::WorkCenter& wc,
                                            const model::ShiftCalendar* shifts,
                                            const std::vector<Interval>& downtime,
                                            const MappedProblem& mapped, Interval span) {
  if (shifts == nullptr) {
    schedule::Calendar cal;
    cal.name = wc.code;
    if (downtime.empty()) return cal;  // always open
    cal.always_open = false;
    cal.windows = schedule::subtract_intervals({span}, downtime);
    return cal;
  }
  return shift_calendar(*shifts, wc.code, mapped.zone, mapped.origin, span, downtime);
}

// The slot that represents an op's current placement: pinned/locked first, else earliest.
const model::ScheduleSlot* representative(const std::vector<const model::ScheduleSlot*>& slots) {
  const model::ScheduleSlot* best = nullptr;
  for (const auto* s : slots) {
    if (best == nullptr) {
      best = s;
      continue;
    }
    bool s_fixed = s->pinned || s->locked;
    bool b_fixed = best->pinned || best->locked;
    if (s_fixed != b_fixed) {
      if (s_fixed) best = s;
      continue;
    }
    if (s->start < best->start) best = s;
  }
  return best;
}

// First working instant of `machine` at or after `t`, or kInfinity.
Time first_working(const schedule::Problem& p, int machine, Time t) {
  int c = p.machines[static_cast<size_t>(machine)].calendar;
  if (c < 0) return t;
  return schedule::place_work(p.calendars[static_cast<size_t>(c)], t, 0, true).start;
}

}  // namespace

TimePoint MappedProblem::to_time(Time tick) const { return origin + std::chrono::seconds(tick); }

Time MappedProblem::to_tick(TimePoint t) const {
  return std::chrono::floor<std::chrono::seconds>(t - origin).count();
}

Result<schedule::Calendar> shift_calendar(const model::ShiftCalendar& shifts,
                                          const std::string& work_center_code, const TimeZone& zone,
                                          TimePoint origin, schedule::Interval span,
                                          const std::vector<schedule::Interval>& downtime) {
  origin = std::chrono::floor<std::chrono::seconds>(origin);
  auto tick = [&](TimePoint t) {
    return std::chrono::floor<std::chrono::seconds>(t - origin).count();
  };
  schedule::CalendarSpec spec;
  spec.name = work_center_code + "/" + shifts.name;
  spec.zone = zone;
  for (size_t d = 0; d < 7; ++d) {
    for (const auto& s : shifts.week[d]) {
      schedule::Shift shift{s.start_minute, s.end_minute, {}};
      for (const auto& b : s.breaks) shift.breaks.emplace_back(b.start_minute, b.end_minute);
      spec.week[d].push_back(std::move(shift));
    }
  }
  for (auto day : shifts.holidays) spec.holidays.push_back(local_date(day));
  for (const auto& ot : shifts.overtime) spec.overtime.push_back({tick(ot.start), tick(ot.end)});
  spec.downtime = downtime;
  auto cal = schedule::build_calendar(
      spec, std::chrono::duration_cast<std::chrono::seconds>(origin.time_since_epoch()).count(),
      span);
  if (!cal.ok()) {
    return Error::precondition("calendar " + std::to_string(shifts.id) + " of work center " +
                               work_center_code + " cannot be built: " + cal.error().message);
  }
  return cal;
}

Result<TimeZone> plant_zone(store::Tx& tx) {
  store::ListQuery q;
  q.limit = 1;
  auto plants = store::list_plants(tx, q);
  if (!plants.ok()) return plants.error();
  if (plants->items.empty()) return TimeZone::utc();
  const model::Plant& plant = plants->items.front();
  auto zone = plant.zone();
  if (!zone.ok()) {
    return Error::precondition("plant " + std::to_string(plant.id) + ": " +
                               zone.error().fields.at(0).message);
  }
  return zone;
}

Result<MappedProblem> build_problem(store::Tx& tx, const BuildOptions& options) {
  MappedProblem m;
  m.origin = std::chrono::floor<std::chrono::seconds>(options.now);
  m.horizon_s = options.horizon_s;
  schedule::Problem& p = m.problem;
  p.name = "shop";
  p.origin_epoch_s = m.origin.time_since_epoch().count() / 1000000;
  for (auto d : model::kAllDepartments) p.departments.emplace_back(model::to_string(d));
  const Interval span{0, std::max<int64_t>(options.horizon_s, options.calendar_days * 86400)};
  m.calendar_end = m.origin + std::chrono::seconds(span.end);

  auto zone = plant_zone(tx);
  if (!zone.ok()) return zone.error();
  m.zone = *zone;

  // Machines.
  auto wcs = list_all<model::WorkCenter>(tx, store::list_work_centers, {});
  if (!wcs.ok()) return wcs.error();
  std::map<int64_t, model::ShiftCalendar> shift_cals;
  std::vector<const model::WorkCenter*> wc_of_machine;
  std::vector<double> efficiency;  // machine index -> work center efficiency
  for (const auto& wc : *wcs) {
    const model::ShiftCalendar* shifts = nullptr;
    if (wc.calendar_id > 0) {
      auto it = shift_cals.find(wc.calendar_id);
      if (it == shift_cals.end()) {
        auto cal = store::get_calendar(tx, wc.calendar_id);
        if (!cal.ok()) return cal.error();
        it = shift_cals.emplace(wc.calendar_id, std::move(*cal)).first;
      }
      shifts = &it->second;
    }
    std::vector<Interval> down;
    bool explicit_down = false;
    for (const auto& d : options.downtimes) {
      if (d.work_center_id != wc.id) continue;
      explicit_down = true;
      Interval iv{std::max<Time>(m.to_tick(d.from), span.start),
                  std::min<Time>(m.to_tick(d.to), span.end)};
      if (iv.end > iv.start) down.push_back(iv);
    }
    if (!explicit_down && is_down(wc))
      down.push_back({0, std::min(options.assumed_down_s, span.end)});
    auto cal = machine_calendar(wc, shifts, down, m, span);
    if (!cal.ok()) return cal.error();
    schedule::Machine machine;
    machine.name = wc.code;
    machine.department = static_cast<int>(wc.department);
    if (!(cal->always_open && cal->windows.empty())) {
      machine.calendar = static_cast<int>(p.calendars.size());
      p.calendars.push_back(std::move(*cal));
    }
    m.machine_index[wc.id] = static_cast<int>(p.machines.size());
    p.machines.push_back(std::move(machine));
    m.work_center_ids.push_back(wc.id);
    m.work_center_codes.push_back(wc.code);
    m.work_center_down.push_back(is_down(wc));
    wc_of_machine.push_back(&wc);
    efficiency.push_back(wc.efficiency);
  }

  // Existing slots by operation.
  auto all_slots = list_all<model::ScheduleSlot>(tx, store::list_schedule_slots, {});
  if (!all_slots.ok()) return all_slots.error();
  std::map<int64_t, std::vector<const model::ScheduleSlot*>> slots_of_op;
  for (const auto& s : *all_slots) slots_of_op[s.operation_id].push_back(&s);

  // Jobs and their open operations.
  std::vector<model::Job> jobs;
  for (auto status :
       {model::JobStatus::kPlanned, model::JobStatus::kReleased, model::JobStatus::kInProgress}) {
    store::ListQuery q;
    q.filters["status"] = std::string(model::to_string(status));
    auto page = list_all<model::Job>(tx, store::list_jobs, q);
    if (!page.ok()) return page.error();
    for (auto& j : *page) jobs.push_back(std::move(j));
  }
  std::sort(jobs.begin(), jobs.end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  std::map<int64_t, bool> vip;
  std::map<std::string, int> families;
  std::set<int> frozen_machines;  // machines holding a running (frozen) op at tick 0

  // Operations of the jobs, then the nests that carry open ones (docs/scheduling.md, "Nests").
  std::vector<std::vector<model::Operation>> job_ops;
  std::map<int64_t, const model::Operation*> open_ops;
  for (const auto& job : jobs) {
    auto ops = store::list_operations_for_job(tx, job.id);
    if (!ops.ok()) return ops.error();
    job_ops.push_back(std::move(*ops));
  }
  for (const auto& ops : job_ops) {
    for (const auto& op : ops) {
      if (op.status != model::OperationStatus::kComplete) open_ops[op.id] = &op;
    }
  }
  auto nests = detail::plan_nests(tx, open_ops, m);
  if (!nests.ok()) return nests.error();
  std::map<int64_t, detail::NestLink> nest_links;  // nested operation id -> link

  for (size_t job_at = 0; job_at < jobs.size(); ++job_at) {
    const model::Job& job = jobs[job_at];
    if (options.excluded_jobs.count(job.id)) continue;
    const std::vector<model::Operation>* ops = &job_ops[job_at];
    if (!vip.count(job.customer_id)) {
      auto customer = store::get_customer(tx, job.customer_id);
      vip[job.customer_id] = customer.ok() && customer->vip;
    }
    const int job_index = static_cast<int>(p.jobs.size());
    schedule::Job sj;
    sj.name = job.number;
    sj.release = 0;
    sj.due = m.to_tick(job.due);
    const auto overridden = options.priority_overrides.find(job.id);
    const int32_t priority =
        overridden != options.priority_overrides.end() ? overridden->second : job.priority;
    sj.weight = (6.0 - std::clamp(priority, 1, 5)) * (vip[job.customer_id] ? 2.0 : 1.0);
    int prev = -1;  // previous mapped op of this job
    const model::Operation* prev_model = nullptr;
    std::vector<int64_t> awaiting_next;  // nested ops whose next mapped op is not known yet
    for (const auto& op : *ops) {
      if (op.status == model::OperationStatus::kComplete) continue;
      const bool running = op.status == model::OperationStatus::kRunning;
      int64_t remaining = std::max<int64_t>(0, job.quantity - op.qty_good - op.qty_scrap);
      if (auto nested = nests->nested_qty.find(op.id); nested != nests->nested_qty.end()) {
        detail::NestLink& link = nest_links[op.id];
        link.transfer_s = op.transfer_seconds;
        awaiting_next.push_back(op.id);
        if (nested->second >= remaining) {
          // Carried entirely by nests: the nests stand for it (the chain goes prev -> next).
          link.carried = true;
          m.carried_operation_ids.push_back(op.id);
          continue;
        }
        remaining -= nested->second;
      }
      schedule::Operation so;
      so.job = job_index;
      so.name = job.number + "/" + std::to_string(op.sequence) + " " + op.name;
      std::vector<schedule::Alternative> alts, down_alts;
      for (int64_t wc_id : op.eligible_work_center_ids) {
        auto it = m.machine_index.find(wc_id);
        if (it == m.machine_index.end()) continue;
        const model::WorkCenter& wc = *wc_of_machine[static_cast<size_t>(it->second)];
        schedule::Alternative alt;
        alt.machine = it->second;
        alt.setup = running ? 0 : op.setup_seconds;
        alt.run = ceil_div_double(static_cast<double>(remaining) *
                                  static_cast<double>(op.run_seconds_per_piece) / wc.efficiency);
        alt.per_piece =
            ceil_div_double(static_cast<double>(op.run_seconds_per_piece) / wc.efficiency);
        (is_down(wc) ? down_alts : alts).push_back(alt);
      }
      const auto slot_it = slots_of_op.find(op.id);
      const model::ScheduleSlot* slot =
          slot_it == slots_of_op.end() ? nullptr : representative(slot_it->second);
      // Keep a down work center when nothing else can run the op, or when the op is running
      // there / pinned there by the planner.
      for (const auto& alt : down_alts) {
        bool held = slot != nullptr && (running || slot->pinned || slot->locked) &&
                    m.work_center_ids[static_cast<size_t>(alt.machine)] == slot->work_center_id;
        if (alts.empty() || held) alts.push_back(alt);
      }
      if (alts.empty()) {
        m.warnings.push_back("operation " + std::to_string(op.id) + " (" + so.name +
                             ") has no known eligible work center; not scheduled");
        continue;
      }
      std::sort(alts.begin(), alts.end(),
                [](const auto& a, const auto& b) { return a.machine < b.machine; });
      so.alternatives = std::move(alts);
      if (!op.setup_family.empty()) {
        auto [it, inserted] = families.emplace(op.setup_family, static_cast<int>(families.size()));
        so.setup_family = it->second;
      }
      const int index = static_cast<int>(p.operations.size());
      // Pins: the slot's machine when it is an alternative; start snapped to working time.
      if (slot != nullptr && (running || slot->pinned || slot->locked)) {
        auto mit = m.machine_index.find(slot->work_center_id);
        bool eligible = mit != m.machine_index.end() &&
                        std::any_of(so.alternatives.begin(), so.alternatives.end(),
                                    [&](const auto& a) { return a.machine == mit->second; });
        if (eligible && running && frozen_machines.count(mit->second)) {
          so.pinned_machine = mit->second;
          m.warnings.push_back("operation " + std::to_string(op.id) + " runs on work center " +
                               std::to_string(slot->work_center_id) +
                               " together with another running operation; not frozen");
        } else if (eligible) {
          so.pinned_machine = mit->second;
          Time start = running ? 0 : std::max<Time>(0, m.to_tick(slot->start));
          Time snapped = first_working(p, so.pinned_machine, start);
          if (snapped < kInfinity) {
            if (running) frozen_machines.insert(so.pinned_machine);
            so.pinned_start = snapped;
            so.frozen = running;
          } else {
            m.warnings.push_back("operation " + std::to_string(op.id) +
                                 ": pinned start has no working time left; start left free");
          }
        } else {
          m.warnings.push_back("operation " + std::to_string(op.id) + ": slot work center " +
                               std::to_string(slot->work_center_id) +
                               " is not eligible; pin ignored");
        }
      } else if (running) {
        // No slot tells where it runs: the first alternative no other running op occupies.
        for (const auto& alt : so.alternatives) {
          if (frozen_machines.count(alt.machine)) continue;
          Time snapped = first_working(p, alt.machine, 0);
          if (snapped >= kInfinity) continue;
          so.pinned_machine = alt.machine;
          so.pinned_start = snapped;
          so.frozen = true;
          frozen_machines.insert(alt.machine);
          break;
        }
      }
      if (slot_it != slots_of_op.end()) {
        for (const auto* s : slot_it->second) m.slots.push_back(*s);
      }
      p.operations.push_back(std::move(so));
      m.operation_ids.push_back(op.id);
      m.op_index[op.id] = index;
      sj.operations.push_back(index);
      for (int64_t nested_id : awaiting_next) {
        if (nested_id == op.id) continue;
        nest_links[nested_id].next = index;
        nest_links[nested_id].next_frozen = p.operations[static_cast<size_t>(index)].frozen;
      }
      awaiting_next.erase(std::remove_if(awaiting_next.begin(), awaiting_next.end(),
                                         [&](int64_t id) { return id != op.id; }),
                          awaiting_next.end());
      // A running op already started: no precedence into it (its predecessors are history).
      if (prev >= 0 && !p.operations[static_cast<size_t>(index)].frozen) {
        schedule::Precedence pr;
        pr.from = prev;
        pr.to = index;
        pr.lag = prev_model->transfer_seconds;
        if (prev_model->overlap_allowed && prev_model->overlap_pieces > 0) {
          // Lot streaming: `to` may start once the first overlap_pieces of `from` are done and
          // must finish after the last batch of `from` has been processed by it.
          Time from_first = 0, to_batch = 0;
          for (const auto& a : p.operations[static_cast<size_t>(prev)].alternatives) {
            from_first = std::max(from_first, a.setup + prev_model->overlap_pieces * a.per_piece);
          }
          for (const auto& a : p.operations[static_cast<size_t>(index)].alternatives) {
            to_batch = std::max(to_batch, prev_model->overlap_pieces * a.per_piece);
          }
          pr.kind = schedule::PrecedenceKind::kOverlap;
          pr.lag = from_first + prev_model->transfer_seconds;
          pr.end_lag = to_batch + prev_model->transfer_seconds;
        }
        p.precedences.push_back(pr);
      }
      prev = index;
      prev_model = &op;
    }
    if (sj.operations.empty()) continue;
    p.jobs.push_back(std::move(sj));
    m.job_ids.push_back(job.id);
    m.job_numbers.push_back(job.number);
  }
  if (Status added = detail::add_nest_batches(tx, *nests, nest_links, efficiency, families, m,
                                              frozen_machines);
      !added.ok()) {
    return added.error();
  }
  return m;
}

schedule::Schedule current_schedule(const MappedProblem& mapped, int* missing) {
  const schedule::Problem& p = mapped.problem;
  schedule::Schedule s;
  s.slots.resize(p.operations.size());
  std::map<int64_t, std::vector<const model::ScheduleSlot*>> by_op;
  for (const auto& slot : mapped.slots) by_op[slot.operation_id].push_back(&slot);
  std::map<int64_t, const model::NestSlot*> by_nest;  // pinned/locked first, else earliest
  for (const auto& slot : mapped.nest_slots) {
    auto [it, inserted] = by_nest.emplace(slot.nest_id, &slot);
    const bool fixed = slot.pinned || slot.locked;
    const bool held = it->second->pinned || it->second->locked;
    if (!inserted && ((fixed && !held) || (fixed == held && slot.start < it->second->start)))
      it->second = &slot;
  }
  int count = 0;
  for (size_t i = 0; i < p.operations.size(); ++i) {
    schedule::Slot& out = s.slots[i];
    out.operation = static_cast<int>(i);
    out.start = out.end = kInfinity;
    out.machine = p.operations[i].alternatives.front().machine;
    int64_t wc = 0;
    TimePoint start, end;
    const int64_t nest_id = i < mapped.nest_ids.size() ? mapped.nest_ids[i] : 0;
    if (nest_id > 0) {
      auto it = by_nest.find(nest_id);
      if (it != by_nest.end()) {
        wc = it->second->work_center_id;
        start = it->second->start;
        end = it->second->end;
      }
    } else {
      auto it = by_op.find(mapped.operation_ids[i]);
      const model::ScheduleSlot* slot = it == by_op.end() ? nullptr : representative(it->second);
      if (slot != nullptr) {
        wc = slot->work_center_id;
        start = slot->start;
        end = slot->end;
      }
    }
    auto mit = wc > 0 ? mapped.machine_index.find(wc) : mapped.machine_index.end();
    if (mit == mapped.machine_index.end()) {
      ++count;
      continue;
    }
    out.machine = mit->second;
    out.start = mapped.to_tick(start);
    out.end = mapped.to_tick(end);
  }
  // Setups by the setup rule along each machine's order.
  auto order = std::vector<int>(p.operations.size());
  for (size_t i = 0; i < order.size(); ++i) order[i] = static_cast<int>(i);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    const auto& x = s.slots[static_cast<size_t>(a)];
    const auto& y = s.slots[static_cast<size_t>(b)];
    return std::tie(x.machine, x.start, x.end, a) < std::tie(y.machine, y.start, y.end, b);
  });
  int prev = -1;
  for (int op : order) {
    auto& slot = s.slots[static_cast<size_t>(op)];
    if (prev >= 0 && s.slots[static_cast<size_t>(prev)].machine != slot.machine) prev = -1;
    if (slot.start < kInfinity) {
      slot.setup = schedule::setup_time(p, slot.machine, prev, op);
      prev = op;
    }
  }
  if (missing != nullptr) *missing = count;
  return s;
}

}  // namespace kerf::app::scheduling
