// Read models for the shop floor and quality: a job's history (its audit trail and that of its
// operations, schedule slots and material consumptions) and material traceability in both
// directions (heat lot -> sheets -> jobs/parts/operations/customers, job -> sheets -> heat lots).
// Every authenticated user may read them (the audit log proper stays read_audit).
#pragma once

#include <cstdint>
#include <nlohmann/json.hpp>

#include "kerf/app/principal.h"
#include "kerf/core/result.h"

namespace kerf::store {
class Database;
}

namespace kerf::app {

class TraceService {
 public:
  explicit TraceService(store::Database& db) : db_(db) {}

  // {"items":[{"id","at","user","action","entity","entity_id","summary","changes"?}],"total"}:
  // audit rows of the job, its operations, their current schedule slots and the job's material
  // consumptions, newest first, `limit` from `offset`. "changes" ({field: {"from","to"}}, the
  // version left out) when the row has both a before and an after document. kNotFound for an
  // unknown job.
  Result<nlohmann::json> job_history(const Principal& who, int64_t job_id, int64_t limit,
                                     int64_t offset);

  // {"heat_lot", "sheets":[sheet...], "consumptions":[consumption...], "jobs":[{"job_id",
  // "job_number","part","customer","quantity","sheet_share"}]}: the lot, every sheet of it
  // (full sheets and remnants with their parent_sheet_id), each consumption newest first (see
  // consumption_json) and the jobs it went into with the sheets they were traced to and their
  // share of them in total. kNotFound for an unknown lot.
  Result<nlohmann::json> heat_lot_trace(const Principal& who, int64_t heat_lot_id);

  // {"job":{"id","number"},"items":[consumption...],"total","heat_lots":[{"id","number",
  // "material","supplier","mill_cert_ref","sheets","sheet_share"}]}: what the job consumed,
  // newest first, and the distinct heat lots. kNotFound for an unknown job.
  Result<nlohmann::json> job_materials(const Principal& who, int64_t job_id);

 private:
  store::Database& db_;
};

}  // namespace kerf::app
