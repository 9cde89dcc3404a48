#include "kerf/schedule/setup.h"

namespace kerf::schedule {

const Alternative* find_alternative(const Problem& problem, int op, int machine) {
  for (const Alternative& alt : problem.operations[static_cast<size_t>(op)].alternatives) {
    if (alt.machine == machine) return &alt;
  }
  return nullptr;
}

Time setup_time(const Problem& problem, int machine, int prev_op, int op) {
  const Alternative* alt = find_alternative(problem, op, machine);
  if (alt == nullptr) return 0;
  if (prev_op < 0) return alt->setup;
  int from = problem.operations[static_cast<size_t>(prev_op)].setup_family;
  int to = problem.operations[static_cast<size_t>(op)].setup_family;
  if (from >= 0 && from == to) return 0;
  int matrix = problem.machines[static_cast<size_t>(machine)].setup_matrix;
  if (from >= 0 && to >= 0 && matrix >= 0) {
    const SetupMatrix& m = problem.setup_matrices[static_cast<size_t>(matrix)];
    if (from < m.families && to < m.families) return m.get(from, to);
  }
  return alt->setup;
}

}  // namespace kerf::schedule
