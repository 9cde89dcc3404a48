// Migration 12: the names Sigmanest gives the remnants it reports (STRemArc.RemnantName) and the
// kerf sheets they became, so a program nested on such a remnant resolves to kerf's sheet
// (docs/sigmanest_inbound.md "Sheet names"). A name Sigmanest reuses points at the newest sheet.
#include "store/schema.h"

namespace kerf::store::detail {

const char* const kSchemaV12 = R"SQL(
CREATE TABLE sigmanest_remnants (
  remnant_name TEXT PRIMARY KEY CHECK (remnant_name <> ''),
  sheet_id BIGINT NOT NULL REFERENCES material_inventory(id),
  recorded_at BIGINT NOT NULL
);
CREATE INDEX sigmanest_remnants_sheet ON sigmanest_remnants (sheet_id);
)SQL";

}  // namespace kerf::store::detail
