// Migration 9: nest slots. The scheduler plans a Sigmanest nest (cutting program) as one batch
// operation on a laser (docs/scheduling.md, "Nests"); its placement is a nest_slots row, the
// per-operation placements stay in schedule_slots. A deleted nest takes its slots with it.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV9 = R"SQL(
CREATE TABLE nest_slots (
  {{id}},
  version BIGINT NOT NULL DEFAULT 1 CHECK (version >= 1),
  nest_id BIGINT NOT NULL REFERENCES nests(id) ON DELETE CASCADE,
  work_center_id BIGINT NOT NULL REFERENCES work_centers(id),
  start_at BIGINT NOT NULL,
  end_at BIGINT NOT NULL,
  pinned BOOLEAN NOT NULL DEFAULT FALSE,
  locked BOOLEAN NOT NULL DEFAULT FALSE,
  CHECK (end_at > start_at)
);
CREATE INDEX nest_slots_wc_start ON nest_slots (work_center_id, start_at);
CREATE INDEX nest_slots_nest ON nest_slots (nest_id);
)SQL";

}  // namespace kerf::store::detail
