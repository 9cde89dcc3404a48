#include "app/scheduling/nest_batches.h"

#include <algorithm>
#include <cmath>

#include "kerf/schedule/calendar.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/nest_slot_repo.h"

namespace kerf::app::scheduling::detail {
namespace {

using schedule::kInfinity;
using schedule::Time;

bool planned_state(model::NestState s) {
  return s == model::NestState::kPosted || s == model::NestState::kStarted ||
         s == model::NestState::kStopped;
}

std::string label(const model::Nest& n) {
  return "nest " + std::to_string(n.id) + " (" + n.program_name + ")";
}

// First working instant of `machine` at or after `t`, or kInfinity.
Time first_working(const schedule::Problem& p, int machine, Time t) {
  int c = p.machines[static_cast<size_t>(machine)].calendar;
  if (c < 0) return t;
  return schedule::place_work(p.calendars[static_cast<size_t>(c)], t, 0, true).start;
}

// The slot that represents a nest's current placement: pinned/locked first, else earliest.
const model::NestSlot* representative(const std::vector<const model::NestSlot*>& slots) {
  const model::NestSlot* best = nullptr;
  for (const auto* s : slots) {
    const bool s_fixed = s->pinned || s->locked;
    const bool b_fixed = best != nullptr && (best->pinned || best->locked);
    if (best == nullptr || (s_fixed && !b_fixed) || (s_fixed == b_fixed && s->start < best->start))
      best = s;
  }
  return best;
}

// Remaining cut seconds of the nest on a machine of efficiency `eff` (>= 1): Sigmanest's
// estimate minus what was cut so far; without an estimate the routing's run time of its parts.
Time cut_seconds(const NestBatch& b, double eff) {
  const model::Nest& n = b.nest;
  Time total = n.cut_seconds_est;
  if (total <= 0) {
    double routing = 0;
    for (const auto& [op, qty] : b.ops) {
      routing += static_cast<double>(qty) * static_cast<double>(op->run_seconds_per_piece);
    }
    total = static_cast<Time>(std::ceil(routing / (eff > 0 ? eff : 1.0) - 1e-9));
  }
  if (n.state != model::NestState::kPosted) total -= n.cut_seconds_actual;
  return std::max<Time>(1, total);
}

}  // namespace

Result<NestPlan> plan_nests(store::Tx& tx,
                            const std::map<int64_t, const model::Operation*>& open_ops,
                            MappedProblem& m) {
  NestPlan plan;
  auto open = store::open_nests(tx, std::nullopt);
  if (!open.ok()) return open.error();
  std::sort(open->begin(), open->end(), [](const auto& a, const auto& b) { return a.id < b.id; });
  for (auto& nest : *open) {
    if (!planned_state(nest.state)) continue;
    NestBatch b;
    std::set<int64_t> seen;
    for (const auto& part : nest.parts) {
      auto op = open_ops.find(part.operation_id);
      if (part.operation_id <= 0 || op == open_ops.end()) continue;
      if (!seen.insert(part.operation_id).second) {
        for (auto& [o, qty] : b.ops) {
          if (o->id == part.operation_id) qty += part.qty;
        }
        continue;
      }
      b.ops.emplace_back(op->second, part.qty);
    }
    if (b.ops.empty()) continue;  // nothing open left to cut for planned jobs
    if (nest.work_center_id > 0) {
      auto mit = m.machine_index.find(nest.work_center_id);
      if (mit == m.machine_index.end()) {
        m.warnings.push_back(label(nest) + ": work center " + std::to_string(nest.work_center_id) +
                             " is unknown; not scheduled");
        continue;
      }
      b.machines = {mit->second};
    } else {
      std::set<int> common;
      bool first = true;
      for (const auto& [op, qty] : b.ops) {
        std::set<int> mine;
        for (int64_t wc : op->eligible_work_center_ids) {
          auto mit = m.machine_index.find(wc);
          if (mit != m.machine_index.end() && (first || common.count(mit->second)))
            mine.insert(mit->second);
        }
        common = std::move(mine);
        first = false;
      }
      if (common.empty()) {
        m.warnings.push_back(label(nest) +
                             ": its operations have no eligible work center in common; "
                             "not scheduled");
        continue;
      }
      b.machines.assign(common.begin(), common.end());
    }
    for (const auto& [op, qty] : b.ops) plan.nested_qty[op->id] += qty;
    b.nest = std::move(nest);
    plan.batches.push_back(std::move(b));
  }
  return plan;
}

Status add_nest_batches(store::Tx& tx, const NestPlan& plan,
                        const std::map<int64_t, NestLink>& links,
                        const std::vector<double>& efficiency, std::map<std::string, int>& families,
                        MappedProblem& m, std::set<int>& frozen_machines) {
  schedule::Problem& p = m.problem;
  m.nest_ids.resize(p.operations.size(), 0);
  std::vector<int64_t> ids;
  for (const auto& b : plan.batches) ids.push_back(b.nest.id);
  auto stored = store::list_nest_slots_for_nests(tx, ids);
  if (!stored.ok()) return stored.error();
  m.nest_slots = std::move(*stored);
  std::map<int64_t, std::vector<const model::NestSlot*>> slots_of_nest;
  for (const auto& s : m.nest_slots) slots_of_nest[s.nest_id].push_back(&s);

  for (const auto& b : plan.batches) {
    const model::Nest& n = b.nest;
    const model::Operation& first = *b.ops.front().first;
    const bool started = n.state == model::NestState::kStarted;
    schedule::Operation so;
    so.job = -1;
    so.name = "nest " + n.program_name;
    for (int machine : b.machines) {
      schedule::Alternative alt;
      alt.machine = machine;
      alt.setup = started ? 0 : first.setup_seconds;
      alt.run = cut_seconds(b, efficiency[static_cast<size_t>(machine)]);
      so.alternatives.push_back(alt);
    }
    if (!first.setup_family.empty()) {
      auto [it, inserted] = families.emplace(first.setup_family, static_cast<int>(families.size()));
      so.setup_family = it->second;
    }
    auto has_alt = [&](int machine) {
      return std::any_of(so.alternatives.begin(), so.alternatives.end(),
                         [&](const auto& a) { return a.machine == machine; });
    };
    auto sit = slots_of_nest.find(n.id);
    const model::NestSlot* slot =
        sit == slots_of_nest.end() ? nullptr : representative(sit->second);
    if (started) {
      // Cutting now: frozen where it runs (its slot's laser, else the laser it is posted to).
      int machine = -1;
      if (slot != nullptr) {
        auto mit = m.machine_index.find(slot->work_center_id);
        if (mit != m.machine_index.end() && has_alt(mit->second)) machine = mit->second;
      }
      if (machine < 0) machine = so.alternatives.front().machine;
      if (frozen_machines.count(machine)) {
        so.pinned_machine = machine;
        m.warnings.push_back(label(n) + " is being cut on " +
                             m.work_center_codes[static_cast<size_t>(machine)] +
                             " together with a running operation; not frozen");
      } else if (Time at = first_working(p, machine, 0); at < kInfinity) {
        so.pinned_machine = machine;
        so.pinned_start = at;
        so.frozen = true;
        frozen_machines.insert(machine);
      }
    } else if (slot != nullptr && (slot->pinned || slot->locked)) {
      auto mit = m.machine_index.find(slot->work_center_id);
      if (mit == m.machine_index.end() || !has_alt(mit->second)) {
        m.warnings.push_back(label(n) + ": slot work center " +
                             std::to_string(slot->work_center_id) +
                             " is not eligible; pin ignored");
      } else {
        so.pinned_machine = mit->second;
        Time at = first_working(p, mit->second, std::max<Time>(0, m.to_tick(slot->start)));
        if (at < kInfinity) {
          so.pinned_start = at;
        } else {
          m.warnings.push_back(label(n) +
                               ": pinned start has no working time left; start left "
                               "free");
        }
      }
    }
    const int index = static_cast<int>(p.operations.size());
    p.operations.push_back(std::move(so));
    m.operation_ids.push_back(0);
    m.nest_ids.push_back(n.id);
    m.nest_index[n.id] = index;
    // The nest feeds the next operation of every job it cuts (the laser op's transfer time).
    std::map<int, Time> into;
    for (const auto& [op, qty] : b.ops) {
      auto link = links.find(op->id);
      if (link == links.end() || link->second.next < 0 || link->second.next_frozen) continue;
      auto [it, inserted] = into.emplace(link->second.next, link->second.transfer_s);
      if (!inserted) it->second = std::max(it->second, link->second.transfer_s);
    }
    for (const auto& [to, lag] : into) {
      schedule::Precedence pr;
      pr.from = index;
      pr.to = to;
      pr.lag = lag;
      p.precedences.push_back(pr);
    }
  }
  return ok_status();
}

}  // namespace kerf::app::scheduling::detail
