// Internal to build_problem: Sigmanest nests as batch operations (docs/scheduling.md, "Nests").
//
// plan_nests picks the nests to plan (not cut, carrying open laser operations of the mapped
// jobs, with at least one laser to run on) and how much of each operation they carry; the job
// loop then drops operations carried entirely and shortens partly carried ones, recording a
// NestLink per nested operation; add_nest_batches appends one batch op (job -1) per nest with
// its precedences into the jobs' next operations, pins and frozen state.
#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "kerf/app/scheduling/problem_builder.h"
#include "kerf/core/result.h"
#include "kerf/model/nest.h"
#include "kerf/model/operation.h"
#include "kerf/store/database.h"

namespace kerf::app::scheduling::detail {

struct NestBatch {
  model::Nest nest;
  // The open operations it cuts (model data owned by the caller), in the nest's part order,
  // with the pieces of each.
  std::vector<std::pair<const model::Operation*, int64_t>> ops;
  std::vector<int> machines;  // engine machines it may run on, ascending
};

struct NestPlan {
  std::vector<NestBatch> batches;
  std::map<int64_t, int64_t> nested_qty;  // operation id -> pieces on planned nests
};

// How a nested operation sits in its job after the job loop.
struct NestLink {
  bool carried = false;  // carried entirely: dropped from the problem
  int next = -1;         // op index of the job's next mapped operation, -1 none
  bool next_frozen = false;
  int64_t transfer_s = 0;  // the laser operation's transfer time (lag to `next`)
};

// Loads the nests and keeps those to plan. `open_ops`: every non-complete operation of the
// mapped jobs by id. Nests that cannot be planned are listed in `mapped.warnings`.
Result<NestPlan> plan_nests(store::Tx& tx,
                            const std::map<int64_t, const model::Operation*>& open_ops,
                            MappedProblem& mapped);

// Appends the batch ops of `plan` to `mapped` (operation_ids 0, nest_ids, nest_index,
// nest_slots filled). `efficiency`: per engine machine (for nests without a cut time);
// `families`: setup family name -> index, extended; `frozen_machines`: machines with a frozen
// op at tick 0, updated.
Status add_nest_batches(store::Tx& tx, const NestPlan& plan,
                        const std::map<int64_t, NestLink>& links,
                        const std::vector<double>& efficiency, std::map<std::string, int>& families,
                        MappedProblem& mapped, std::set<int>& frozen_machines);

}  // namespace kerf::app::scheduling::detail
