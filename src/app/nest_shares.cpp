// The jobs' shares of a program's sheets (docs/nests.md "cut_program", traceability).
#include <algorithm>

#include "app/material_rules.h"
#include "app/nest_rules.h"
#include "app/repo.h"
#include "kerf/model/part.h"

namespace kerf::app {

Result<std::map<int64_t, double>> job_sheet_shares(store::Tx& tx, const model::Nest& nest) {
  std::map<int64_t, double> area;    // job id -> its pieces' flat area
  std::map<int64_t, double> pieces;  // job id -> its pieces
  bool every_part_has_area = true;
  for (const model::NestPart& p : nest.parts) {
    auto part = repo::get<model::Part>(tx, p.part_id);
    if (!part.ok()) return part.error();
    const double a = part->flat_length_mm * part->flat_width_mm;
    if (!(a > 0)) every_part_has_area = false;
    area[p.job_id] += a * static_cast<double>(p.qty);
    pieces[p.job_id] += static_cast<double>(p.qty);
  }
  const std::map<int64_t, double>& weight = every_part_has_area ? area : pieces;
  double total = 0;
  for (const auto& [job, w] : weight) total += w;
  std::map<int64_t, double> shares;
  const auto sheets = static_cast<double>(nest.repeat);
  for (const auto& [job, w] : weight) {
    // Never 0 for a job that is on the program.
    shares[job] = std::clamp(round_share(sheets * w / total), 1e-4, sheets);
  }
  return shares;
}

}  // namespace kerf::app
