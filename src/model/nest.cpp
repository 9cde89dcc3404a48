#include "kerf/model/nest.h"

#include <set>
#include <utility>

#include "kerf/model/validation.h"

namespace kerf::model {

Status Nest::validate() const {
  FieldErrors errors;
  check_code(errors, "program_name", program_name);
  if (!(thickness_mm > 0 && thickness_mm <= 50)) {
    errors.add("thickness_mm", "must be > 0 and <= 50");
  }
  if (sheet_id <= 0) errors.add("sheet_id", "is required");
  if (parts.empty()) errors.add("parts", "must contain at least one part");
  std::set<std::pair<int64_t, int64_t>> seen;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    const NestPart& p = parts[i];
    std::string prefix = "parts/" + std::to_string(i) + "/";
    if (p.job_id <= 0) errors.add(prefix + "job_id", "is required");
    if (p.part_id <= 0) errors.add(prefix + "part_id", "is required");
    if (p.qty <= 0) errors.add(prefix + "qty", "must be greater than 0");
    if (p.job_id > 0 && p.part_id > 0 && !seen.insert({p.job_id, p.part_id}).second) {
      errors.add(prefix + "part_id", "job and part are listed twice");
    }
  }
  return errors.status();
}

}  // namespace kerf::model
