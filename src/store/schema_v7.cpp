// Migration 7: nests as Sigmanest posts them (issue 12).
// - nests: the program's repeat count (sheets cut with it), the laser it is posted to
//   (work_center_id, NULL = not assigned; machine_name as Sigmanest names it), its state
//   (posted/started/stopped/cut), estimated and actual cut seconds for all repeats, utilisation
//   and scrap fraction ([0, 1]), position in the laser's NC queue, the Sigmanest archive packet
//   of the last post, and when it was posted and cut (BIGINT microseconds, NULL = not yet).
// - nest_parts.operation_id: the job's laser operation the part is cut for (NULL = not linked;
//   set NULL when the operation is deleted).
// docs/store.md describes each column.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV7 = R"SQL(
ALTER TABLE nests ADD COLUMN repeat BIGINT NOT NULL DEFAULT 1 CHECK (repeat >= 1);
ALTER TABLE nests ADD COLUMN work_center_id BIGINT REFERENCES work_centers(id);
ALTER TABLE nests ADD COLUMN machine_name TEXT NOT NULL DEFAULT '';
ALTER TABLE nests ADD COLUMN state TEXT NOT NULL DEFAULT 'posted'
  CHECK (state IN ('posted','started','stopped','cut'));
ALTER TABLE nests ADD COLUMN cut_seconds_est BIGINT NOT NULL DEFAULT 0
  CHECK (cut_seconds_est >= 0);
ALTER TABLE nests ADD COLUMN cut_seconds_actual BIGINT NOT NULL DEFAULT 0
  CHECK (cut_seconds_actual >= 0);
ALTER TABLE nests ADD COLUMN utilisation DOUBLE PRECISION NOT NULL DEFAULT 0
  CHECK (utilisation >= 0 AND utilisation <= 1);
ALTER TABLE nests ADD COLUMN scrap_fraction DOUBLE PRECISION NOT NULL DEFAULT 0
  CHECK (scrap_fraction >= 0 AND scrap_fraction <= 1);
ALTER TABLE nests ADD COLUMN queue_position BIGINT NOT NULL DEFAULT 0
  CHECK (queue_position >= 0);
ALTER TABLE nests ADD COLUMN archive_packet_id BIGINT NOT NULL DEFAULT 0
  CHECK (archive_packet_id >= 0);
ALTER TABLE nests ADD COLUMN posted_at BIGINT;
ALTER TABLE nests ADD COLUMN cut_at BIGINT;
CREATE INDEX nests_state ON nests (state);
CREATE INDEX nests_work_center ON nests (work_center_id, queue_position);
CREATE INDEX nests_cut_at ON nests (cut_at);
ALTER TABLE nest_parts ADD COLUMN operation_id BIGINT
  REFERENCES job_routings(id) ON DELETE SET NULL;
CREATE INDEX nest_parts_job ON nest_parts (job_id);
CREATE INDEX nest_parts_operation ON nest_parts (operation_id);
)SQL";

}  // namespace kerf::store::detail
