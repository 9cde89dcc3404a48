#include "app/scheduling/board_nests.h"

#include <algorithm>
#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "app/scheduling/view_data.h"
#include "kerf/core/time_format.h"
#include "kerf/store/nest_repo.h"
#include "kerf/store/nest_slot_repo.h"

namespace kerf::app::scheduling {
namespace {

using nlohmann::json;
using std::chrono::seconds;

}  // namespace

Result<json> board_nest_entries(store::Tx& tx, TimePoint from, TimePoint to) {
  auto slots = store::list_nest_slots_overlapping(tx, from, to);
  if (!slots.ok()) return slots.error();
  json out = json::array();
  if (slots->empty()) return out;
  // One read per nest shown (programs on the board's lasers), then the jobs and operations
  // of all of them in a handful of batched statements.
  std::map<int64_t, model::Nest> nests;
  std::set<int64_t> job_set, op_set;
  for (const auto& s : *slots) {
    if (nests.count(s.nest_id)) continue;
    auto nest = store::get_nest(tx, s.nest_id);
    if (!nest.ok()) return nest.error();
    for (const auto& p : nest->parts) {
      job_set.insert(p.job_id);
      if (p.operation_id > 0) op_set.insert(p.operation_id);
    }
    nests.emplace(s.nest_id, std::move(*nest));
  }
  const std::vector<int64_t> op_ids(op_set.begin(), op_set.end());
  auto data = load_view_data(tx, op_ids, false);
  if (!data.ok()) return data.error();
  const std::vector<int64_t> job_ids(job_set.begin(), job_set.end());
  auto jobs = load_job_data(tx, job_ids, false, true);
  if (!jobs.ok()) return jobs.error();

  for (const auto& s : *slots) {
    const model::Nest& n = nests.at(s.nest_id);
    json parts = json::array();
    std::optional<TimePoint> due;
    std::optional<int64_t> lateness;
    int64_t setup = 0;
    for (const auto& p : n.parts) {
      json part = {{"job_id", p.job_id},
                   {"job_number", nullptr},
                   {"operation_id", p.operation_id},
                   {"qty", p.qty}};
      if (auto j = jobs->jobs.find(p.job_id); j != jobs->jobs.end()) {
        part["job_number"] = j->second.number;
        due = due ? std::min(*due, j->second.due) : j->second.due;
        if (auto f = jobs->job_finish.find(p.job_id); f != jobs->job_finish.end()) {
          const int64_t late = std::chrono::floor<seconds>(f->second - j->second.due).count();
          lateness = lateness ? std::max(*lateness, late) : late;
        }
      }
      if (auto op = data->ops.find(p.operation_id); op != data->ops.end() && setup == 0) {
        setup = op->second.setup_seconds;
      }
      parts.push_back(std::move(part));
    }
    // The laser's setup before a program not started yet (the scheduler's nest duration).
    if (n.state != model::NestState::kPosted) setup = 0;
    const TimePoint setup_end = std::min(s.end, s.start + seconds(setup));
    out.push_back({{"kind", "nest"},
                   {"id", s.id},
                   {"nest_id", n.id},
                   {"program_name", n.program_name},
                   {"work_center_id", s.work_center_id},
                   {"start", format_iso8601(s.start)},
                   {"end", format_iso8601(s.end)},
                   {"setup_end", format_iso8601(setup_end)},
                   {"pinned", s.pinned},
                   {"locked", s.locked},
                   {"version", s.version},
                   {"state", model::to_string(n.state)},
                   {"material", model::to_string(n.material)},
                   {"thickness_mm", n.thickness_mm},
                   {"sheet_id", n.sheet_id},
                   {"repeat", n.repeat},
                   {"cut_seconds_est", n.cut_seconds_est},
                   {"utilisation", n.utilisation},
                   {"due", due ? json(format_iso8601(*due)) : json(nullptr)},
                   {"lateness_seconds", lateness ? json(*lateness) : json(nullptr)},
                   {"jobs", std::move(parts)}});
  }
  return out;
}

}  // namespace kerf::app::scheduling
