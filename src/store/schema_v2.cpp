// Migration 2: liveness of background schedule runs. The node running a run writes heartbeat_at
// while it searches; a "running" row whose last sign of life (heartbeat_at, else started_at) is
// too old belongs to a node that stopped, and any node may then mark it failed.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV2 = R"SQL(
ALTER TABLE schedule_runs ADD COLUMN heartbeat_at BIGINT;
CREATE INDEX schedule_runs_status ON schedule_runs (status);
)SQL";

}  // namespace kerf::store::detail
