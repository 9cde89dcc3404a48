// Migration 4: shop-floor stations and material traceability.
// - users.badge_key: a keyed BLAKE2b hash (hex) of the user's badge, never the badge itself;
//   unique so a scanned badge names one user. users.pin_hash: argon2id of the 4-8 digit PIN.
// - sessions.station: a session opened with badge + PIN at a shared station (short idle expiry).
// - material_consumptions: one row per sheet consumption against a job (heat lot -> job ->
//   part/operation/customer and back), written in the consume use case's transaction.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV4 = R"SQL(
ALTER TABLE users ADD COLUMN badge_key TEXT;
ALTER TABLE users ADD COLUMN pin_hash TEXT NOT NULL DEFAULT '';
CREATE UNIQUE INDEX users_badge_key ON users (badge_key);
ALTER TABLE sessions ADD COLUMN station BOOLEAN NOT NULL DEFAULT FALSE;
CREATE TABLE material_consumptions (
  {{id}},
  consumed_at BIGINT NOT NULL,
  sheet_id BIGINT NOT NULL REFERENCES material_inventory(id),
  heat_lot_id BIGINT NOT NULL REFERENCES heat_lots(id),
  job_id BIGINT NOT NULL REFERENCES jobs(id),
  operation_id BIGINT REFERENCES job_routings(id) ON DELETE SET NULL,
  quantity BIGINT NOT NULL CHECK (quantity >= 1),
  user_id BIGINT REFERENCES users(id),
  actor TEXT NOT NULL
);
CREATE INDEX material_consumptions_heat_lot ON material_consumptions (heat_lot_id, consumed_at);
CREATE INDEX material_consumptions_job ON material_consumptions (job_id, consumed_at);
)SQL";

}  // namespace kerf::store::detail
