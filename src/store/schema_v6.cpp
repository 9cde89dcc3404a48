// Migration 6: ingestion leases. A machine source that must run on exactly one node (an
// MTConnect agent, an OPC UA server, the Sparkplug host) is held by the node with an unexpired
// lease on its key; nodes renew their leases at every reconcile and take over expired ones, so
// several kerf nodes on one PostgreSQL split the machines and a stopped node's sources move.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV6 = R"SQL(
CREATE TABLE ingest_leases (
  source_key TEXT PRIMARY KEY,
  node TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
)SQL";

}  // namespace kerf::store::detail
