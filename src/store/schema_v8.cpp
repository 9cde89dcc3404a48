// Migration 8: the Sigmanest integration's ledger. sigmanest_outbound is the queue of TransAct
// rows kerf sends (one row per TransAct row, its life in `status`, docs/sigmanest_ledger.md);
// sigmanest_inbound_keys makes feedback ingestion idempotent (one row per ingested
// (ArchivePacketID, TransType, natural key)); sigmanest_state holds the sync's named values
// (outbound cursor, feedback high-water mark, last poll, gateway, last error, stopped flag).
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV8 = R"SQL(
CREATE TABLE sigmanest_outbound (
  {{id}},
  trans_id TEXT UNIQUE CHECK (trans_id <> ''),
  trans_type TEXT NOT NULL CHECK (trans_type <> ''),
  district INTEGER NOT NULL DEFAULT 0,
  columns TEXT NOT NULL DEFAULT '{}',
  status TEXT NOT NULL CHECK (status IN
    ('queued','sent','consumed','applied','failed','lost','refused')),
  entity TEXT NOT NULL DEFAULT '',
  entity_id BIGINT,
  event_id BIGINT,
  error TEXT NOT NULL DEFAULT '',
  attempts BIGINT NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  created_at BIGINT NOT NULL,
  sent_at BIGINT,
  updated_at BIGINT
);
CREATE INDEX sigmanest_outbound_status ON sigmanest_outbound (status, id);
CREATE INDEX sigmanest_outbound_entity ON sigmanest_outbound (entity, entity_id);

CREATE TABLE sigmanest_inbound_keys (
  archive_packet_id BIGINT NOT NULL,
  trans_type TEXT NOT NULL,
  natural_key TEXT NOT NULL,
  ingested_at BIGINT NOT NULL,
  PRIMARY KEY (archive_packet_id, trans_type, natural_key)
);

CREATE TABLE sigmanest_state (
  name TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
)SQL";

}  // namespace kerf::store::detail
